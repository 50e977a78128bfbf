"""Coded terms ("dogwhistles") in reader comments, from a glossary the user installs.

The glossary format is that of Mendelsohn et al., "From Dogwhistles to Bullhorns" (ACL 2023; MIT licence): a TSV
with the columns ``Dogwhistle``, ``Surface Forms`` (``;``-separated), ``Persona/In-Group`` and ``Covert (in-group)
meaning``. unspin ships no glossary (it is data, not a model); ``unspin dogwhistles add glossary.tsv`` installs one
into the user's data directory and every comment is then searched for its surface forms.

A term is *evidence to weigh, not a verdict*: many coded terms have everyday uses ("109", "globalist", "milk").
A surface form that is a plain lowercase word or a number is ``ambiguous`` and counts only when the comment models
agree that the comment is hateful, offensive, antisemitic or conspiratorial; distinctive forms (hashtags, phrases,
echoes such as ``(((…)))``) always count.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unspin.errors import InputError
from unspin.paths import data_dir

REQUIRED = ("Dogwhistle", "Surface Forms", "Persona/In-Group", "Covert (in-group) meaning")


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    in_group: str
    form: str
    ambiguous: bool
    pattern: re.Pattern[str]


def glossary_path() -> Path:
    return data_dir() / "dogwhistles" / "glossary.tsv"


def _ambiguous(form: str) -> bool:
    """A form with everyday uses: a plain word, capitalised or not ("globalist", "Zionist", "Rothschild": a political
    word, a family and a bank), or a number ("109"); not an acronym ("ZOG"), a hashtag, a phrase or a symbol."""
    return bool(re.fullmatch(r"[A-Za-z][a-z]+(?:[-'][a-z]+)?s?|\d+", form))


# the echo, triple brackets around a name ("(((globalists)))"): the glossary lists the symbol's own forms ("((()))",
# "(((echo)))"), and any name inside it is the same coded term
_ECHO_FORM = re.compile(r"\(\(\((?:echo)?\)\)\)", re.IGNORECASE)
_ECHO = re.compile(r"\(\(\([^()\n]{0,60}\)\)\)")


def _pattern(form: str) -> re.Pattern[str]:
    if _ECHO_FORM.fullmatch(form):
        return _ECHO
    body = re.escape(form)
    left = r"(?<!\w)" if form[:1].isalnum() or form[:1] == "#" else ""
    right = r"(?!\w)" if form[-1:].isalnum() else ""
    return re.compile(left + body + right, 0 if form.isupper() and len(form) <= 4 else re.IGNORECASE)


def read_glossary(path: Path) -> list[Term]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path}: not a dogwhistle glossary (missing columns: {', '.join(missing)})")
            terms = []
            for row in reader:
                forms = {f.strip() for f in (row["Surface Forms"] or row["Dogwhistle"] or "").split(";") if f.strip()}
                for form in sorted(forms):
                    if len(form) < 2:
                        continue
                    terms.append(Term(row["Dogwhistle"].strip(), (row["Covert (in-group) meaning"] or "").strip(),
                                      (row["Persona/In-Group"] or "").strip(), form, _ambiguous(form), _pattern(form)))
            return terms
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc.__class__.__name__}") from None


@lru_cache(maxsize=1)
def load_glossary() -> tuple[Term, ...]:
    """The installed glossary (empty when none is installed)."""
    path = glossary_path()
    return tuple(read_glossary(path)) if path.is_file() else ()


def install(path: Path) -> int:
    """Check and install a glossary TSV; returns the number of surface forms."""
    n = len(read_glossary(path))
    glossary_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, glossary_path())
    load_glossary.cache_clear()
    return n


def find(text: str, terms: tuple[Term, ...] | None = None) -> list[tuple[int, int, Term]]:
    """Every surface form found, longest first where they overlap."""
    found: list[tuple[int, int, Term]] = []
    for t in load_glossary() if terms is None else terms:
        for m in t.pattern.finditer(text):
            found.append((m.start(), m.end(), t))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, Term]] = []
    for s, e, t in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, t))
    return out
