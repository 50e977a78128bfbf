"""unspin: show how a news article tries to persuade.

>>> import unspin
>>> report = unspin.analyze("Article text ...")   # doctest: +SKIP
>>> report.summary.techniques                     # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unspin.version import __version__

if TYPE_CHECKING:
    from unspin.api import HTML, URL, Options, Text, analyze, analyze_many, analyze_source, configure
    from unspin.errors import ConfigError, FetchError, InputError, ModelError, UnspinError
    from unspin.report import Report

# names are imported on first use (PEP 562): `import unspin` stays fast and loads no model, pydantic or spaCy
_LAZY = {
    **dict.fromkeys(("HTML", "URL", "Options", "Text", "analyze", "analyze_many", "analyze_source", "configure"), "unspin.api"),
    **dict.fromkeys(("ConfigError", "FetchError", "InputError", "ModelError", "UnspinError"), "unspin.errors"),
    "Report": "unspin.report",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unspin' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
