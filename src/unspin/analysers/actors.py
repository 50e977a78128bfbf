"""Group named-entity mentions into actors: one person, organisation or place each.

"Vladimir Putin" and a later "Putin" become one actor named by the fullest
form; "World Health Organization" and "WHO" join by their initials; a
description such as "the Russian president" joins the actor it was used
with in the text ("Russian President Vladimir Putin") when only one actor
carries that description.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from unspin.analysers import Analyser
from unspin.document import Document, Segment
from unspin.report import ActorOut, Contribution, span

NAME = "actors"

ActorType = Literal["person", "organisation", "place"]
TYPES: dict[str, ActorType] = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
# the AP stylebook's state abbreviations: a dateline or place ("in Norfolk, Va. Harris, 21, …") that the entity
# tagger runs into the name after it
_STATES = re.compile(
    r"^(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|"
    r"N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Vt|Va|Wash|W\.Va|Wis|Wyo)\.\s+(?=[A-Z])"
)
_TITLES = re.compile(
    r"^(?:(?:u\.s\.|us|russian|ukrainian|american|british|french|german|chinese|former|late|then|acting|deputy|vice|"
    r"president|presidential|prime|minister|foreign|defen[cs]e|secretary|state|chancellor|senator|sen\.|rep\.|gov\.|"
    r"governor|mayor|general|gen\.|colonel|col\.|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|sir|king|queen|prince|pope|aide|"
    r"spokesman|spokeswoman|spokesperson|ambassador|envoy|leader|chief|head|director|ceo|the)\s+)+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ROLE_BEFORE = re.compile(
    r"(?:\b(?P<nat>U\.S\.|US|UK|EU|[A-Z][a-z]+)\s+)?(?P<role>(?:[Pp]resident|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|"
    r"[Dd]efen[cs]e [Mm]inister|[Cc]hancellor|[Ll]eader|[Pp]remier|[Kk]ing|[Ss]ecretary of [Ss]tate|"
    r"[Pp]residential aide|[Ss]pokes(?:man|woman|person)|[Aa]mbassador|[Ff]oreign [Ss]ecretary))\s+$"
)
# a title written before a name ("Attorney General William Barr", "Deputy Attorney General Rod Rosenstein", "special
# counsel Robert Mueller", "press secretary Sarah Sanders"): one to three capitalised words, or two lower-case ones,
# ending in an office
_TITLE_HEADS = ("general|secretary|counsel|senator|governor|director|chairman|chairwoman|chair|minister|judge|justice|"
                "commissioner|ambassador|mayor|speaker|attorney|representative|sheriff|spokesman|spokeswoman|"
                "spokesperson|adviser|advisor|administrator|prosecutor|inspector|treasurer|comptroller|congressman|"
                "congresswoman|commander|envoy")
_TITLE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\[\"“‘']))(?P<title>(?:(?!(?:With|And|But|The|For|From|To|In|On|At|By|Of|As|When|After|Before|Why|"
    rf"How|What|That|This)\b)[A-Z][a-z]+[ \t]+){{0,2}}(?:{_TITLE_HEADS.title()})|(?:[a-z]+[ \t]+)?(?:{_TITLE_HEADS}))[ \t]+$"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish)$")
# a dateline opening a paragraph: "FARGO, N.D. — ", "KYIV, Ukraine (Reuters) - ", "WASHINGTON — "
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{1,40}(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([\w .]{1,30}\)\s*)?[—–-]{1,2}\s")
_SMALL = {"of", "the", "for", "and", "on", "in", "to", "de", "&"}


@dataclass
class Actor:
    name: str
    type: ActorType
    mentions: list[tuple[int, int]] = field(default_factory=list)
    descriptions: set[str] = field(default_factory=set)


def clean_mention(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip a stray possessive or punctuation in front (an entity cut out of "Britain’s Brexit" as "’s Brexit")
    and a possessive or punctuation at the end."""
    while True:
        lead = re.match(r"[’'](?:s|S)\s+|[^\w(\[]+", text[start:end])
        if not lead or lead.end() >= end - start:
            break
        start += lead.end()
    span = text[start:end]
    m = _POSSESSIVE.search(span)
    if m:
        end -= len(m.group(0))
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    return start, end


def strip_title(text: str, start: int, end: int) -> int:
    """Start of a person's name after titles such as "Russian President"."""
    t = _TITLES.match(text[start:end])
    return start + t.end() if t and t.end() < end - start else start


def initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _SMALL and w[:1].isalpha()).upper()


def _norm(s: str) -> str:
    s = re.sub(r"^the\s+", "", s.strip(), flags=re.IGNORECASE)
    return " ".join(s.replace("’", "'").split()).lower()


_MISCASED = re.compile(r"\b[A-Z]{2}[a-z]")  # a slip of the shift key ("HIllary"), not an acronym ("DNC", "McCain")


def group_mentions(text: str, mentions: list[tuple[int, int, ActorType]]) -> list[Actor]:
    """``mentions``: (start, end, actor type) in text order."""
    actors: list[Actor] = []
    by_key: dict[tuple[str, str], Actor] = {}
    singles: list[tuple[int, int, ActorType]] = []
    for start, end, typ in mentions:
        words = text[start:end].split()
        if typ == "person" and len(words) == 1:
            singles.append((start, end, typ))
            continue
        if typ == "organisation" and text[start:end].isupper() and len(words) == 1:
            singles.append((start, end, typ))
            continue
        key = (typ, _norm(text[start:end]))
        if key not in by_key:
            by_key[key] = Actor(text[start:end], typ)
            actors.append(by_key[key])
        by_key[key].mentions.append((start, end))
    actors = merge_nicknames(actors)
    established: dict[tuple[str, str], Actor] = {}
    for start, end, typ in singles:
        word = _norm(text[start:end])
        if typ == "person":
            cands = [a for a in actors if a.type == "person" and _norm(a.name).split()[-1] == word]
            if not cands:
                # a given name alone ("Hillary" in a headline) is the one person the article names in full with it
                given = [a for a in actors if a.type == "person" and len(a.name.split()) >= 2
                         and same_given_name(_norm(a.name).split()[0], word)]
                cands = given if len(given) == 1 else []
        else:
            cands = [a for a in actors if a.type == "organisation" and initials(a.name) == word.upper()]
        if len(cands) > 1:
            # the person the bare surname already stands for keeps it (an article that calls Hillary Clinton
            # "Clinton" names Chelsea Clinton in full); the first time, the one most recently mentioned before it
            if (typ, word) in established and established[(typ, word)] in cands:
                cands = [established[(typ, word)]]
            else:
                before = [(max((s for s, _ in a.mentions if s < start), default=-1), a) for a in cands]
                cands = [max(before, key=lambda x: x[0])[1]]
        if cands:
            established.setdefault((typ, word), cands[0])
            cands[0].mentions.append((start, end))
            continue
        key = (typ, word)
        if key not in by_key:
            by_key[key] = Actor(text[start:end], typ)
            actors.append(by_key[key])
        by_key[key].mentions.append((start, end))
    actors = merge_types(actors, text)
    for a in actors:
        a.mentions.sort()
        forms = Counter(text[s:e] for s, e in a.mentions)
        # (a form with a slip of the shift key, "HIllary Clinton", gives way to the same name written as meant)
        a.name = max(forms, key=lambda f: (len(f.split()) if a.type != "place" else 0, not _MISCASED.search(f), forms[f],
                                           f[:1].isupper(), len(f)))
    return actors


@lru_cache(maxsize=1)
def _nicknamer() -> Any:
    from nicknames import NickNamer  # the hand-curated English given names and their nicknames (Apache-2.0)

    return NickNamer()


@lru_cache(maxsize=4096)
def same_given_name(a: str, b: str) -> bool:
    """Whether two given names can be one person's: equal, one a nickname of the other ("Chuck", "Charles"), or
    nicknames of one name ("Bill", "Will": William)."""
    a, b = a.lower().strip("."), b.lower().strip(".")
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2:  # an initial says too little
        return False
    nn = _nicknamer()
    return (b in nn.nicknames_of(a) or a in nn.nicknames_of(b)
            or bool(nn.canonicals_of(a) & nn.canonicals_of(b)))


def merge_nicknames(actors: list[Actor]) -> list[Actor]:
    """One person under two given names ("Chuck Schumer", "Charles Schumer"; "Bill Clinton", "William Clinton"):
    people named by several words with the same surname whose first names are the same or nickname and name join
    the one mentioned first. "Hillary Clinton" and "Bill Clinton" stay two people."""
    out: list[Actor] = []
    for a in actors:
        words = _norm(a.name).split()
        owner = None
        if a.type == "person" and len(words) > 1:
            owner = next((b for b in out if b.type == "person" and len(bw := _norm(b.name).split()) > 1
                          and bw[-1] == words[-1] and same_given_name(bw[0], words[0])), None)
        if owner is not None:
            owner.mentions.extend(a.mentions)
        else:
            out.append(a)
    return out


# a preposition of place right before a name: it is a place there ("in Ohio", "from Kasich" would not be said)
_LOCATIVE = re.compile(r"\b(?:in|into|to|from|at|across|near|outside|inside|throughout)\s+(?:the\s+)?$", re.IGNORECASE)


# the first word of a surname of two words ("Le Drian", "Van Hollen", "de Blasio", "bin Salman")
_NAME_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "der", "den", "bin", "al", "el", "da", "di",
                             "del", "della", "dos", "ben", "abu", "st", "st."})


def merge_types(actors: list[Actor], text: str | None = None) -> list[Actor]:
    """One name, one actor. The small NER model tags the same surname a person in one sentence and an organisation
    in the next ("Sanders told MSNBC" / "Sanders still senses"), and a surname of several words ("bin Laden") is
    its own person; split in two, the person loses mentions that resolve pronouns and descriptions. A one-word
    organisation (not an acronym), a two-word one that opens with a name particle, or a person of several words
    whose words end exactly one longer person's name joins that person ("Sanders" -> Bernie Sanders, "Le Drian" ->
    Jean-Yves Le Drian, "Bin Laden" -> Osama bin Laden); actors of one name but different types become the type
    with the most mentions (on a tie a person, then an organisation: "the White House" said it, it is not a place
    then)."""
    people = [(a, _norm(a.name).split()) for a in actors if a.type == "person" and len(a.name.split()) > 1]

    def longer(a: Actor) -> Actor | None:
        words = _norm(a.name).split()
        if not (a.type == "organisation" and not a.name.isupper()
                and (len(words) == 1 or len(words) == 2 and words[0] in _NAME_PARTICLES)
                or a.type == "person" and len(words) > 1 or _surname_as_place(a)):
            return None
        found = [p for p, pw in people if len(pw) > len(words) and pw[-len(words) :] == words]
        return found[0] if len(found) == 1 else None

    def _surname_as_place(a: Actor) -> bool:
        """A one-word "place" that is never a place in the text ("Kasich", tagged GPE: no "in Kasich", "to
        Kasich") and not a place the tagger is told about (``KNOWN_PLACES``)."""
        from unspin.analysers.language import KNOWN_PLACES

        if a.type != "place" or len(a.name.split()) != 1 or a.name.isupper() or a.name in KNOWN_PLACES:
            return False
        return text is not None and not any(_LOCATIVE.search(text, max(0, s - 12), s) for s, _ in a.mentions)

    out: list[Actor] = []
    for a in actors:
        owner = longer(a)
        if owner is not None:
            owner.mentions.extend(a.mentions)
        else:
            out.append(a)
    by_name: dict[str, list[Actor]] = {}
    for a in out:
        by_name.setdefault(_norm(a.name), []).append(a)
    merged: list[Actor] = []
    for a in out:
        same = by_name[_norm(a.name)]
        if len(same) == 1:
            merged.append(a)
        elif a is same[0]:
            keep = max(same, key=lambda b: (len(b.mentions), b.type == "person", b.type == "organisation"))
            for b in same:
                if b is not keep:
                    keep.mentions.extend(b.mentions)
            merged.append(keep)
    return merged


def link_descriptions(text: str, actors: list[Actor]) -> None:
    """Attach "the <nationality> <role>" references to the one actor introduced with that role."""
    owners: dict[str, set[int]] = {}
    for idx, a in enumerate(actors):
        if a.type != "person":
            continue
        for s, _e in a.mentions:
            m = _ROLE_BEFORE.search(text[max(0, s - 60) : s])
            if m:
                role = m.group("role").lower()
                nat = (m.group("nat") or "").lower()
                descs = {f"the {role}"} | ({f"the {nat} {role}"} if nat and nat not in ("the", "a") else set())
            else:
                t = _TITLE_BEFORE.search(text[max(0, s - 60) : s])
                if not t or t.group("title").split()[0].lower() in ("the", "a", "an", "that", "this", "his", "her"):
                    continue
                descs = {"the " + " ".join(t.group("title").lower().split())}
            a.descriptions |= descs
            for d in descs:
                owners.setdefault(d, set()).add(idx)
    for desc, idxs in owners.items():
        if len(idxs) != 1:
            continue
        actor = actors[next(iter(idxs))]
        for m in re.finditer(r"\b" + re.escape(desc) + r"\b", text, re.IGNORECASE):
            span = (m.start(), m.end())
            if not any(s <= span[0] < e for s, e in actor.mentions):
                actor.mentions.append(span)
        actor.mentions.sort()


class ActorAnalyser(Analyser):
    name = NAME
    requires = ("language",)

    def predict(self, docs: Sequence[Document]) -> list[list[Actor]]:
        return [find_actors(doc) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Actor]]) -> None:
        for doc, actors in zip(docs, preds):
            doc.annotations.actors = actors

    def contribute(self, doc: Document) -> Contribution:
        actors = [ActorOut(id=actor_id(i), name=a.name, type=a.type, mentions=[span(doc.text, s, e) for s, e in a.mentions])
                  for i, a in enumerate(doc.annotations.actors or [])]
        return Contribution(actors=actors, summary={"top_actors": [a.name for a in actors[:10]]})


def actor_id(index: int) -> str:
    """The Report id of the actor at ``index`` (most mentioned first)."""
    return f"a{index + 1}"


def _common_word_opening(doc: Document, start: int, end: int) -> bool:
    """A capitalised first word of a sentence that the entity tagger took for a name ("Halfway through the session",
    tagged an organisation) but the part-of-speech tagger does not read as a proper noun. Asked only of one-word
    mentions that open a sentence and occur nowhere else in the article (a name that recurs is a name)."""
    word = doc.text[start:end]
    if " " in word or not word[:1].isupper():
        return False
    sent = doc.sentence_at(start)
    if sent is None or doc.text[sent[0] : start].strip("\"“‘'( ") != "":
        return False
    if len(re.findall(rf"\b{re.escape(word)}\b", doc.text)) > 1:
        return False
    from unspin.analysers.language import pos_tags

    offset = start - sent[0]
    tags = [tag for s, _, tag in pos_tags(doc.text[sent[0] : sent[1]]) if s == offset]
    return bool(tags) and tags[0] not in ("NNP", "NNPS")


@lru_cache(maxsize=4096)
def known_given_name(word: str) -> bool:
    """A given name of the curated list (a name with nicknames, or a nickname): "Amanda", "Wes", "Bill"."""
    w = word.lower()
    nn = _nicknamer()
    return len(w) > 2 and bool(nn.nicknames_of(w) or nn.canonicals_of(w))


# words that make a name an organisation's even after a given name ("Marks and Spencer", "Henry Jackson Society")
_BODY_WORD = re.compile(
    r"(?:fund|group|bank|party|council|college|university|institute|institution|foundation|inc|corp|company|co|"
    r"association|society|trust|service|services|agency|committee|club|centre|center|school|hospital|church|"
    r"news|times|post|journal|media|records|holdings|partners|capital|airlines?|motors?|foods?|stores?|house|hall|"
    r"museum|library|prize|award|act|bill|law|report|project|network|channel|press|review|office|department|"
    r"ministry|court|army|navy|force|league|union|federation|international|global|national|limited|ltd|llc|plc|"
    r"technologies|technology|systems|solutions|labs?|pharma\w*|energy|oil|electric|industries|brands|studios?|"
    r"polls?|ministries|nations?)",
    re.IGNORECASE,
)


def person_shaped(name: str) -> bool:
    """Whether a name the entity tagger called an organisation reads as a person's: two or three capitalised words,
    the first a given name of the curated list and the last not one ("Amanda Pritchard"; not "John Lewis",
    "Morgan Stanley"), none a word organisations are named with."""
    words = name.split()
    if not 2 <= len(words) <= 3 or name.isupper():
        return False
    if not all(re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.", w) for w in words):
        return False
    if any(_BODY_WORD.fullmatch(w) for w in words[1:]):
        return False
    return known_given_name(words[0]) and not known_given_name(words[-1])


_SURNAME_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}


def add_surname_mentions(text: str, actors: list[Actor]) -> None:
    """A person's surname where the entity tagger saw no name ("Schiff hit back within hours." after "Adam
    Schiff"): the small tagger misses a bare surname now and then, and a missed mention is a missed antecedent for
    the next "he" or "the congressman". Only surnames that one person of the article carries, that no other actor
    is named, and only where they stand alone (not inside another name or capitalised phrase, not a capitalised
    common word opening a sentence)."""
    from unspin.inference.sentences import whole_words

    people: dict[str, list[Actor]] = {}
    for a in actors:
        words = a.name.split()
        if a.type == "person" and len(words) >= 2:
            sur = words[-1] if words[-1].lower().strip(".,") not in _SURNAME_SUFFIX else words[-2].rstrip(",")
            if re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*", sur) and len(sur) >= 3:
                people.setdefault(sur, []).append(a)
    if not people:
        return
    names = {_norm(a.name) for a in actors}
    taken = sorted((s, e) for a in actors for s, e in a.mentions)
    vocab = whole_words()
    for sur, owners in people.items():
        if len({id(a) for a in owners}) != 1 or _norm(sur) in names:
            continue
        owner = owners[0]
        for m in re.finditer(rf"(?<![\w.’'-]){re.escape(sur)}(?![\w-])", text):
            s, e = m.start(), m.end()
            if any(ts < e and s < te for ts, te in taken):
                continue
            # part of a longer capitalised name ("the Schiff Foundation", "Mrs. Schiff" is fine)
            if re.match(r"\s+[A-Z][a-z]", text[e : e + 3]) or re.search(r"[A-Z][a-z]+\s+$", text[max(0, s - 20) : s]) \
                    and not re.search(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+$", text[max(0, s - 6) : s]):
                continue
            opening = re.search(r"(?:^|[.!?][\"”’']?\s+|\n\s*)$", text[max(0, s - 4) : s]) is not None
            if opening and sur.lower() in vocab:
                continue  # "Rice prices rose": a capitalised common word, not the surname
            owner.mentions.append((s, e))
        owner.mentions.sort()


def _title_case_headline(doc: Document, at: int) -> Segment | None:
    """The title segment at ``at`` when it is written in title case (where the small tagger reads capitalised words as
    names), else None."""
    from unspin.analysers.segments import headline_case

    seg = doc.segment_at(at) if doc.segments else None
    if seg is None or seg.kind != "title" or not headline_case(doc.text[seg.start : seg.end]):
        return None
    return seg


def _headline_run(doc: Document, start: int, end: int) -> bool:
    """A "name" that is most of a headline in title case ("City Council Approves New Library Budget", "Schlafly’s
    Final Column Explains Why She Sees"): the small tagger reads capitalised words as one name."""
    seg = _title_case_headline(doc, start)
    return seg is not None and len(doc.text[start:end].split()) >= max(4, 0.6 * len(doc.text[seg.start : seg.end].split()))


def _run_in_head(text: str, start: int, end: int, typ: str) -> bool:
    """A run-in subhead the tagger read as one name of a body: four or more words opening a line and closed by a
    colon ("Veto Power Impedes Peace Efforts: Eliminating …"). A person's name there is a speaker label, kept."""
    return (typ != "person" and len(text[start:end].split()) >= 4 and (start == 0 or text[start - 1] == "\n")
            and text[end : end + 1] == ":")


_VERB_INSIDE = re.compile(r"\s(?:[a-z]+ed|said|says|told|tells|asks|adds|wrote|writes|thinks|thought)\s")


def _headline_cut(doc: Document, start: int, end: int) -> int:
    """Where a name read off a title-case headline stops: before its first word that the article writes in lower case
    ("Trump Advisers Upbeat" -> "Trump": the body has "advisers" and "upbeat"); ``end`` when none is."""
    seg = _title_case_headline(doc, start)
    if seg is None:
        return end
    body = doc.text[seg.end :]
    for m in re.finditer(r"[A-Z][a-z]+", doc.text[start:end]):
        word = m.group(0).lower()
        if len(word) > 2 and re.search(rf"(?<![\w’'-]){word}(?![\w-])", body) and not re.search(rf"\b{m.group(0)}\b", body):
            return start + m.start()
    return end


def find_actors(doc: Document) -> list[Actor]:
    mentions: list[tuple[int, int, ActorType]] = []
    for ent in doc.entities:
        typ = TYPES.get(ent.label)
        if typ is None:
            continue
        start, end = clean_mention(doc.text, ent.start, ent.end)
        if _headline_run(doc, start, end) or _run_in_head(doc.text, start, end, typ):
            continue
        end = _headline_cut(doc, start, end)
        while end > start and not doc.text[end - 1].isalnum():
            end -= 1
        if typ == "person":
            state = _STATES.match(doc.text[start:end])
            if state and state.end() < end - start:
                start += state.end()
            start = strip_title(doc.text, start, end)
        elif typ == "place" and _DEMONYM.match(doc.text[start:end]):
            continue  # "Ukrainian" tagged as a place is an adjective
        elif typ == "organisation" and person_shaped(doc.text[start:end]):
            typ = "person"  # "The chief executive of NHS England, Amanda Pritchard": the small tagger's ORG
        if doc.text[start:end].isupper() and (start == 0 or doc.text[start - 1] == "\n") and _DATELINE.match(doc.text, start):
            typ = "place"  # the city of a dateline ("FARGO, N.D. — "), whatever the tagger called it
        if _VERB_INSIDE.search(doc.text, start, end):
            continue  # "Todd asked Pence" read as one name: two people and a verb (their surnames are found alone)
        if not any(c.isupper() or c.isdigit() for c in doc.text[start:end]):
            continue  # a name has a capital ("won’t" cut into "wo" + "n’t", and "n’t" tagged as a place)
        if end - start >= 2 and not _common_word_opening(doc, start, end):
            mentions.append((start, end, typ))
    actors = group_mentions(doc.text, mentions)
    add_surname_mentions(doc.text, actors)
    link_descriptions(doc.text, actors)
    actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0][0]))
    return actors
