"""Events: who did what to whom, where, when, how sure, and who says so (PLOVER-coded).

The stage has two components: `Events` codes each article (casus.events.code), `Links`
gives reports of the same real-world event one cluster id across the run (casus.events.link).
Everything decided by word is data under casus/data/events.
"""

from casus.events.code import Events, code_article
from casus.events.link import Links

__all__ = ["Events", "Links", "code_article"]
