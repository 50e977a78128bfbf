"""unspin: show how a news article tries to persuade.

>>> import unspin
>>> report = unspin.analyze("Article text ...")   # doctest: +SKIP
>>> report.summary.techniques                     # doctest: +SKIP
"""

from __future__ import annotations

from unspin.api import HTML, URL, Options, Text, analyze, analyze_many, analyze_source, configure
from unspin.errors import ConfigError, FetchError, InputError, ModelError, UnspinError
from unspin.report import Report
from unspin.version import __version__

__all__ = [
    "HTML",
    "URL",
    "ConfigError",
    "FetchError",
    "InputError",
    "ModelError",
    "Options",
    "Report",
    "Text",
    "UnspinError",
    "__version__",
    "analyze",
    "analyze_many",
    "analyze_source",
    "configure",
]
