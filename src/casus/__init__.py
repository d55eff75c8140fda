"""casus: who did what to whom, where, when, and according to whom — from raw news text."""

import os

# One BLAS thread per process (unless the user says otherwise): the spaCy models multiply
# through numpy's BLAS, and casus parallelises with processes (--jobs); BLAS threads on top
# only contend with them. Read by OpenBLAS when numpy is first imported, so set it first.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from casus.api import article, extract, ingest, stats  # noqa: E402
from casus.model import Article, Document, ReadError  # noqa: E402
from casus.pipeline import Options  # noqa: E402

__all__ = ["Article", "Document", "Options", "ReadError", "article", "extract", "ingest", "stats"]
__version__ = "0.1.0"
