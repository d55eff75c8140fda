"""Events: who did what to whom, where, when, how sure, and who says so (PLOVER-coded).

`code_events` is the per-article pipeline stage (casus.events.code); `link_events` the
run-wide one that gives reports of the same real-world event one cluster id
(casus.events.link). Everything decided by word is data under casus/data/events.
"""

from casus.events.code import code_article, code_events
from casus.events.link import clusters, link_events

__all__ = ["clusters", "code_article", "code_events", "link_events"]
