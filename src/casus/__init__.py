"""casus: who did what to whom, where, when, and according to whom — from raw news text."""

from casus.api import article, extract, ingest, stats
from casus.model import Article, Document, ReadError
from casus.pipeline import Options

__all__ = ["Article", "Document", "Options", "ReadError", "article", "extract", "ingest", "stats"]
__version__ = "0.1.0"
