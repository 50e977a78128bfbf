"""What the server's analysis processes run (see ``runner``): one request in, the Report's JSON out."""

from __future__ import annotations

from typing import Any

from unspin import api


def warm() -> None:
    """Every model, once per analysis process, before its first request."""
    api.warm()


def analyse(payload: tuple[Any, api.Options]) -> str:
    from unspin.render import render

    source, options = payload
    api.selection(options)
    return render(api.analyze(source, options=options), "json")
