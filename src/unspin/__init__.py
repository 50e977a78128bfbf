"""unspin: show how a news article tries to persuade.

>>> import unspin
>>> report = unspin.analyze("Article text ...")   # doctest: +SKIP
>>> report.summary.techniques                     # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from unspin.api import Options, analyze, analyze_source
from unspin.errors import ConfigError, FetchError, InputError, ModelError, UnspinError
from unspin.report import Report

__all__ = [
    "ConfigError",
    "FetchError",
    "InputError",
    "ModelError",
    "Options",
    "Report",
    "UnspinError",
    "__version__",
    "analyze",
    "analyze_source",
]
