"""Renderers: functions ``Report -> str`` registered by output format."""

from __future__ import annotations

from collections.abc import Callable

from unspin.report import Report

Renderer = Callable[[Report], str]


def _json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _markdown(report: Report) -> str:
    from unspin.render.markdown import render

    return render(report)


def _html(report: Report) -> str:
    from unspin.render.html import render

    return render(report)


def _terminal(report: Report) -> str:
    from unspin.render.terminal import render

    return render(report)


def _labelstudio(report: Report) -> str:
    from unspin.render.labelstudio import render

    return render(report)


RENDERERS: dict[str, Renderer] = {"terminal": _terminal, "json": _json, "markdown": _markdown, "html": _html,
                                  "labelstudio": _labelstudio}
ALIASES = {"md": "markdown"}


def render(report: Report, fmt: str) -> str:
    return RENDERERS[ALIASES.get(fmt, fmt)](report)
