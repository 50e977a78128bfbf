"""Docs cannot drift: every CLI option and every Report field is documented."""

from pathlib import Path

from unspin.cli import build_parser
from unspin.report import Report

ROOT = Path(__file__).resolve().parents[1]


def _options(parser, prefix=""):
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{prefix}{name} ")
        for opt in action.option_strings:
            if opt.startswith("--") and opt not in ("--help",):
                yield prefix.strip(), opt


def test_every_cli_option_is_documented():
    doc = (ROOT / "docs" / "cli.md").read_text()
    missing = [f"{cmd}: {opt}" for cmd, opt in _options(build_parser()) if opt not in doc]
    assert not missing, f"undocumented options: {missing}"


def test_every_report_field_is_documented():
    doc = (ROOT / "docs" / "report-format.md").read_text()
    schema = Report.model_json_schema()
    fields = set(schema["properties"])
    for definition in schema.get("$defs", {}).values():
        fields |= set(definition.get("properties", {}))
    missing = sorted(f for f in fields if f"`{f}`" not in doc)
    assert not missing, f"undocumented report fields: {missing}"
