"""Stage 4, resolve: which actor a source phrase names. A mention inside it; a description ("the American leader",
"the U.S. president") through the roles and nationalities the article gives its people ("U.S. President Donald
Trump"); a pronoun through its antecedent (``antecedent``: who speaks or leads the sentence before, else the last
person named). A name that only modifies a noun for people ("Senate aides") and a capitalised common noun ("Polls
show") name nobody. Ambiguous descriptions resolve to nobody."""

from __future__ import annotations

import re
from collections.abc import Iterable

from unspin.analysers.actors import Actor
from unspin.analysers.quotes.content import BOUNDARY
from unspin.analysers.quotes.cue import SPEECH
from unspin.analysers.quotes.evaluation import Scores, dev_runs


def actor_at(actors: list[Actor], start: int, end: int) -> tuple[Actor, tuple[int, int]] | None:
    for a in actors:
        for s, e in a.mentions:
            if s >= start and e <= end:
                return a, (s, e)
    return None


def last_person_before(actors: list[Actor], offset: int, pronoun: str | None = None,
                       text: str | None = None) -> Actor | None:
    """The person actor whose mention ends last at or before ``offset`` (antecedent of "he", "the leader"). For
    ``pronoun`` "he" or "she", people whose given name takes the other pronoun are passed over (``gender``); given
    the ``text``, so are names that only modify a noun ("the Mueller report", "the Trump presidency")."""
    from unspin.analysers.gender import person_gender

    other = {"he": "f", "she": "m"}.get((pronoun or "").lower())
    prior = [(ms, me, a) for a in actors if a.type == "person" for ms, me in a.mentions if me <= offset]
    for ms, me, a in sorted(prior, key=lambda x: -x[0]):
        if other is not None and person_gender(a.name) == other:
            continue
        if text is not None and (modifies_a_noun(text, ms, me) or in_quotation(text, ms, offset)):
            continue
        return a
    return None


# single quotation marks (British and tabloid style: ‘Robert Mueller found nothing,’ he added), told apart from
# apostrophes: an opening mark starts a word after a space, a bracket or a dash (a straight one only before a capital:
# 'em, '90s are elisions); a closing mark ends a word before a space or punctuation (never inside one: Trump’s)
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013\"“]))(?:\u2018(?=[A-Za-z“\"])|'(?=[A-Z]))")
_SINGLE_CLOSE = re.compile(r"(?<=[^\s(\[])[\u2019'](?=[\s,.;:!?)\]\u2014\u2013\"”]|$)")


def single_quote_depth(text: str, start: int, end: int) -> int:
    """1 when ``end`` lies inside single quotation marks opened since ``start`` (a paragraph's start). A plural
    possessive (the Joneses’ house) closes a quotation early: then a name is taken as outside, as it was before single
    marks were read at all."""
    inside = False
    window = text[start : end + 1]  # one character on, so that a mark right before ``end`` sees what it opens
    for m in re.finditer(f"{_SINGLE_OPEN.pattern}|{_SINGLE_CLOSE.pattern}", window):
        if m.start() >= end - start:
            break
        if not inside and _SINGLE_OPEN.match(window, m.start()):
            inside = True
        elif inside and _SINGLE_CLOSE.match(window, m.start()):
            inside = False
    return int(inside)


def in_quotation(text: str, at: int, outside: int) -> bool:
    """Whether ``at`` lies inside quotation marks that ``outside`` (a later offset in the text) is not in: a name
    a speaker says ("… Barack Obama's agenda …," she said) is not who "she" is. Marks are counted from the start of
    ``at``'s paragraph; double marks first, then single ones."""
    def depth(i: int) -> int:
        para = text.rfind("\n", 0, i) + 1
        seg = text[para:i]
        return (max(0, seg.count("\u201c") - seg.count("\u201d")) or seg.count('"') % 2
                or single_quote_depth(text, para, i))

    return depth(at) > 0 and (text.rfind("\n", 0, at) != text.rfind("\n", 0, outside) or depth(outside) == 0)


_SPEECH_WORD = re.compile(SPEECH)
_SAID_AFTER = re.compile(r"\s+(?:" + SPEECH + r"|replied|replies)\b")  # "Kunin said", "Cruz replied"
# "said Jon Ralston, who …" (not "told Ingraham.", "called Trump,": whom they spoke to)
_SAID_BEFORE = re.compile(r"\b(?!(?:told|tells|tell|called|calls)\b)(?:" + SPEECH + r"|replied|replies)\s+$")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+|\n")


def antecedent(actors: list[Actor], offset: int, pronoun: str, text: str) -> Actor | None:
    """The person "he" or "she" at ``offset`` stands for. Among the people named in the sentence before and in the
    pronoun's own sentence up to it (gender and modifiers as ``last_person_before``): the last one who speaks there
    ("Tester said. He said …", "… said Jon Ralston. … he said"), else the first one named in its own sentence
    ("Trump quickly disavowed the KKK, but he slammed the media"), else the first one named in the sentence before,
    the usual subject ("Rashad Robinson, …, said his group will protest Trump's rhetoric. He noted …"); with nobody
    named there, the last person named before. Chosen by reading where it and the most recent mention disagree in
    unseen PolNeAR train articles (see docs/architecture.md)."""

    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, offset - 1500), offset)]
    lo = ends[-2] if len(ends) >= 2 else max(0, offset - 1500) if ends else 0
    other = {"he": "f", "she": "m"}.get(pronoun.lower())
    near = _candidates(actors, text, lo, offset, other)
    speaking = [a for ms, me, a in near if _SAID_AFTER.match(text, me)
                or (_SAID_BEFORE.search(text[max(0, ms - 30) : ms]) and re.match(r"\s*(?:[,.;:]|$)", text[me : me + 3]))]
    if speaking:
        return speaking[-1]
    own = ends[-1] if ends else 0
    # the same pronoun earlier in its own sentence, before anyone is named there, is the same person ("He avoided
    # criticism of Trump until recent days, when he expressed concern …": the subject, not Trump)
    first = re.compile(rf"\b{re.escape(pronoun.lower())}\b", re.IGNORECASE).search(text, own, offset)
    if first is not None and first.start() < offset and not any(own <= ms < first.start() for ms, _, _ in near):
        return antecedent(actors, first.start(), pronoun, text)
    # the pronoun's own sentence first ("Kasich took a different tack, continuing with his theme"), unless the
    # pronoun attributes what comes before it ("Trump isn't a conservative, he said": Trump is what was said)
    attributing = re.search(r"[,\"”]\s*$", text[max(0, offset - 4) : offset]) and _SAID_AFTER.match(
        text, offset + len(pronoun))
    mine = _main_clause_first([(ms, a) for ms, _, a in near if ms >= own], text, own) if not attributing else []
    if mine:
        return mine[0]
    before = _main_clause_first([(ms, a) for ms, _, a in near if ms < own], text, lo)
    if before:
        return before[0]
    if not near and lo > 0 and in_quotation(text, min(lo + 1, offset), offset):
        # both sentences are inside the quotation the pronoun attributes ("“… of winning. Trump has pledged …,” she
        # wrote."): the sentence before the quotation opened, whose subject is the usual speaker; of two people
        # named there, one of the pronoun's known gender first
        para = text.rfind("\n", 0, lo) + 1
        prev_ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, para - 1500), max(0, para - 1))]
        start = prev_ends[-2] if len(prev_ends) >= 2 else max(0, para - 1500)
        people = [(ms, a) for ms, _, a in _candidates(actors, text, start, para, other)]
        if people:
            return _gendered_first(_main_clause_first(people, text, start), pronoun)
    return last_person_before(actors, offset, pronoun, text)


def _recent_subject(text: str, people: list[Actor], at: int) -> Actor | None:
    """The person who opens one of the two sentences before ``at`` (the later one first), titles allowed before the
    name: the one a description such as "the California Democrat" most likely stands for."""
    starts = [max(0, at - 800)] + [m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 800), at)]
    for start in reversed(starts[-3:-1]):  # the two sentences before the one ``at`` is in
        for a in people:
            for ms, _ in a.mentions:
                if start <= ms < at and re.fullmatch(r"[\"“‘']?(?:(?:[A-Z][\w.’'-]*)\s+){0,5}", text[start:ms]):
                    return a
    return None


def _candidates(actors: list[Actor], text: str, lo: int, hi: int, other: str | None) -> list[tuple[int, int, Actor]]:
    """The people named in ``text[lo:hi]`` who could be a pronoun's antecedent, in order: not of the ``other``
    gender, not a noun's modifier ("the Mueller report"), not inside a quotation ``hi`` is outside of."""
    from unspin.analysers.gender import person_gender

    return sorted((ms, me, a) for a in actors if a.type == "person" for ms, me in a.mentions
                  if lo <= ms and me <= hi and person_gender(a.name) != other
                  and not modifies_a_noun(text, ms, me) and not in_quotation(text, ms, hi))


def _gendered_first(people: list[Actor], pronoun: str) -> Actor:
    """The first of ``people`` whose known gender is the pronoun's ("she" -> Phyllis Schlafly before a bare
    "Reagan"), else the first."""
    from unspin.analysers.gender import person_gender

    want = {"he": "m", "she": "f"}.get(pronoun.lower())
    return next((a for a in people if want and person_gender(a.name) == want), people[0])


# a sentence that opens with an adverbial ("With Merrick Garland, President Obama made …", "Like Makaeff, Roffman
# doesn't want …", "As Obama lectured the nation, Trump responded …"): its subject follows the first comma
_OPENER = re.compile(r"[\"“‘']?(?:With|After|Before|Like|Unlike|As|Despite|Among|Following|Since|Beyond|Besides|"
                     r"Against|Amid|Until|Alongside)\b[^,\n]*,")


def _main_clause_first(people: list[tuple[int, Actor]], text: str, start: int) -> list[Actor]:
    """``people`` (mention start, actor) of one sentence in order, those named in an adverbial opener last when
    someone is named after it."""
    m = _OPENER.match(text, start)
    if m is None or not any(ms >= m.end() for ms, _ in people):
        return [a for _, a in people]
    return [a for ms, a in people if ms >= m.end()] + [a for ms, a in people if ms < m.end()]


def modifies_a_noun(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a noun's modifier ("Mueller" in "the Mueller investigation"): the word
    right after it is a common noun to the part-of-speech tagger (run on the name and the words after it)."""
    nxt = re.match(r"[ \t]+([A-Za-z][a-z-]*)", text[end : end + 40])
    if not nxt or _SPEECH_WORD.fullmatch(nxt.group(1).lower()):  # "Bozell notes": a speech verb the tagger may call a noun
        return False
    from unspin.analysers.language import pos_tags

    window = text[start : end + 60].split("\n")[0]
    at = end - start + nxt.start(1)
    # a common noun ("the Mueller investigation"), or an adjective that a noun follows ("the Senate Democratic leader")
    wanted = ("NN", "NNS") if nxt.group(1)[0].islower() else ("JJ",)
    return any(s == at and tag in wanted for s, _, tag in pos_tags(window))


_NATIONS = [  # nationality words and the names of their country, as articles write them
    {"american", "u.s.", "us", "united states", "america"}, {"ukrainian", "ukraine"}, {"russian", "russia"},
    {"french", "france"}, {"german", "germany"}, {"british", "uk", "u.k.", "britain"}, {"chinese", "china"},
    {"polish", "poland"}, {"italian", "italy"}, {"israeli", "israel"}, {"turkish", "turkey"}, {"iranian", "iran"},
    {"canadian", "canada"}, {"japanese", "japan"}, {"indian", "india"}, {"european", "eu", "e.u."},
]
_ROLES = {"president", "leader", "minister", "premier", "chancellor", "king", "head", "chief", "secretary",
          "spokesman", "spokeswoman", "spokesperson", "general", "senator", "governor", "mayor", "aide", "prime",
          "executive", "founder", "congressman", "congresswoman", "lawmaker", "legislator", "representative", "mp",
          "chairman", "chairwoman", "ceo"}


# a role word under one of these modifiers names another office: "Prime Minister Theresa May" is no "minister",
# "Vice President Mike Pence" no "president", unless the description carries the modifier too
_OFFICE_MODIFIERS = {"prime", "vice", "deputy", "assistant"}


def _known_roles(descriptions: Iterable[str], phrase_words: set[str]) -> set[str]:
    """The words of a person's descriptions, less a role word that only ever appears under a modifier the phrase lacks."""
    known: set[str] = set()
    for d in descriptions:
        words = _words(d)
        for mod, head in re.findall(r"\b([a-z]+)[\s-]+(?=([a-z]+))", d.lower()):
            if mod in _OFFICE_MODIFIERS and mod not in phrase_words and head in _ROLES:
                words.discard(head)
        known |= words
    return known


def _nations(words: set[str]) -> set[int]:
    return {i for i, names in enumerate(_NATIONS) if words & names}


def _words(phrase: str) -> set[str]:
    low = phrase.lower()
    found = set(re.findall(r"[a-z][a-z.]*[a-z]|[a-z]", low))
    found |= {n for names in _NATIONS for n in names if " " in n and n in low}
    return {w.rstrip(".") if w.count(".") == 1 else w for w in found}


_ANY_ROLE = {"leader", "head", "chief", "aide"}  # words any office holder is called ("the American leader": a president)


def appositive_roles(text: str, actor: Actor, until: int) -> set[str]:
    """The role words the article gives a person next to their name before ``until``: an apposition after it
    ("Martin Griffiths, the UN's humanitarian chief,") or a title before it ("Gov. …" is not read; "Senator …",
    "President …" are)."""
    found: set[str] = set()
    for ms, me in actor.mentions:
        if me > until:
            continue
        after = re.match(r",\s+(?:the\s+|a\s+|an\s+)?([^,.;:()\n]{1,60})(?:[,.;:)]|$)", text[me : me + 90])
        if after:
            found |= _words(after.group(1)) & _ROLES
        found |= set(text[max(0, ms - 40) : ms].lower().split()[-3:]) & _ROLES
    return found


def resolve_description(text: str, actors: list[Actor], s: int, e: int) -> Actor | None:
    """The person a description such as "the American leader" or "the U.S. president" stands for.

    People whose own descriptions in the article ("U.S. President Donald Trump") share the phrase's nationality
    (American = U.S. = United States) and role are candidates; those described with another nationality are not.
    One candidate: that person. None: the only person not ruled out who is mentioned in the preceding text,
    if there is one. Otherwise the description is ambiguous and resolves to nobody."""
    phrase = text[s:e]
    if not re.match(r"^(?:the|this|that)\s", phrase.lower()):
        return None
    words = _words(phrase) - {"the", "this", "that"}
    nations, roles = _nations(words), words & _ROLES
    people = [a for a in actors if a.type == "person"]
    fits, open_ = [], []
    for a in people:
        known = _known_roles(a.descriptions, words)
        theirs = _nations(known)
        if nations and theirs and not nations & theirs:
            continue  # described with another nationality
        open_.append(a)
        if (nations and nations & theirs) or (not nations and roles and roles & known):
            fits.append(a)
    if len(fits) == 1:
        return fits[0]
    if fits:
        open_ = fits
    before = [a for a in open_ if any(me <= s for _, me in a.mentions)]
    if len(before) == 1:
        given = appositive_roles(text, before[0], s)
        if roles - _ANY_ROLE and given and not roles & given:
            return None  # "the regional governor" after "Martin Griffiths, the UN's humanitarian chief": someone else
        return before[0]
    if not nations and not roles:
        if _THING_HEAD.search(phrase.lower()):
            return None  # "the report", "the campaign's statement": a document or a body, not the last person named
        subject = _recent_subject(text, [a for a in actors if a in before], s)
        if subject is not None:  # "… the special counsel …. '…,' the California Democrat said": who the story follows
            return subject
        return last_person_before([a for a in actors if a in before or a.type != "person"], s, text=text)
    # the sentence before (and this one up to the phrase) names exactly one of them: the antecedent is clear
    starts = [m.end() for m in BOUNDARY.finditer(text, max(0, s - 600), s + 1) if m.end() <= s]
    lo = starts[-2] if len(starts) >= 2 else (max(0, s - 600) if not starts else max(0, starts[-1] - 300))
    # (names inside a quotation are what someone said, not who the description is)
    near = [a for a in before if any(lo <= ms and me <= s and not in_quotation(text, ms, s) for ms, me in a.mentions)]
    return near[0] if len(near) == 1 else None


def uncontracted(phrase: str) -> str:
    """A pronoun without its contraction ("he's telling allies", "she'd said" -> "he", "she"); anything else as it is."""
    return re.sub(r"^(he|she|they|we|i|it|you)['’](?:s|d|ll|re|ve|m)$", r"\1", phrase)


_PREPOSITION = re.compile(r"\b(?:on|of|in|at|for|from|with|to|by|under|behind|against|about)\s", re.IGNORECASE)


def speaker_for(text: str, actors: list[Actor], s: int, e: int) -> tuple[str | None, tuple[int, int] | None]:
    """Resolve a source phrase ``text[s:e]`` to an actor name: a mention inside it (the first person named, else an
    organisation), a description, a pronoun's antecedent, or a proper name no actor holds."""
    # names in a relative clause describe the source, they do not speak: "a Trump supporter who runs the Twitter
    # account" is the supporter, not Twitter
    rel = re.search(r"\s(?:who|whom|whose|which|that)\s", text[s:e])
    cut = s + rel.start() if rel else e
    inside = [(ms, me, a) for a in actors if a.type != "place" for ms, me in a.mentions if ms >= s and me <= cut]
    # a name that only modifies a noun for people does not speak: "nearly 140 House members", "Senate aides",
    # "Obama administration officials" are members, aides and officials, not the House, the Senate or Obama (a
    # campaign, an administration, a poll or a report still speaks for the name that owns it)
    inside = [(ms, me, a) for ms, me, a in inside
              if not (_PEOPLE_NOUN.search(re.split(r"[,(]|\s(?:of|in|at|for|on|with|from|who|that)\s", text[me:e])[0])
                      and modifies_a_noun(text[:e], ms, me))
              and not _TITLE_CASE_PEOPLE.match(text, me, e)]
    # a group of people described by where they belong does not speak as that body: "voters within and outside the
    # Democratic Party", "members of the House" are voters and members, not the party or the House
    group = _GROUP_HEAD.match(text, s, cut) or _CLOSE_TO.match(text, s, cut)
    if group:
        inside = [(ms, me, a) for ms, me, a in inside if ms < group.end()]
    if inside:
        # the head of the phrase's first noun phrase: the last person before any comma ("Roger Stone associate Jerome
        # Corsi" -> Corsi; "Ban Ki-moon, the secretary general of the United Nations" -> Ban Ki-moon), else an organisation
        comma = text.find(",", s, e)
        head = comma if comma >= 0 else e
        # "One delegate not on the Cruz slate, Kelly Armstrong": a description whose names all sit in a prepositional
        # phrase, then the person it describes in apposition; that person speaks
        appositive = [x for x in inside if x[2].type == "person" and comma >= 0 and x[0] > comma
                      and not text[comma + 1 : x[0]].strip()]
        before = [x for x in inside if x[1] <= head]
        if appositive and before and all(_PREPOSITION.search(text, s, x[0]) for x in before):
            ms, me, a = appositive[0]
            return a.name, (ms, me)
        ms, me, a = min(inside, key=lambda x: (x[2].type != "person", x[1] > head, -x[0] if x[1] <= head else x[0]))
        return a.name, (ms, me)
    phrase = uncontracted(text[s:e].strip().lower())
    who = resolve_description(text, actors, s, e)
    if who is not None and re.search(r"\b(?:president|leader|minister|premier|chancellor|king|head|chief|"
                                     r"secretary|spokes\w+|general|senator|governor|mayor|candidate|nominee|"
                                     r"executive|founder|congress(?:wo)?man|lawmaker|legislator|representative|"
                                     r"chair(?:wo)?man|ceo|mp|"
                                     r"democrat|republican|conservative|liberal|\d+-year-old|man|woman)\b", phrase):
        return who.name, None
    if PARTY_STATE.fullmatch(text[s:e].strip()):  # "Sen. Rand Paul, R-Ky., … called it": the senator named before it
        named = [a for a in actors if a.type == "person" for ms, me in a.mentions
                 if me <= s and not text[me:s].strip(" ,(\u00a0")]
        return (named[0].name, None) if named else (None, None)
    if phrase in ("who", "which"):  # "Patti Solis Doyle, who ran the 2008 campaign, said": the person right before
        # it ("BuzzFeed, which does not disclose its finances, denied": the organisation)
        kinds = ("person",) if phrase == "who" else ("organisation",)
        right_before = [a for a in actors if a.type in kinds for ms, me in a.mentions
                        if me <= s and not text[me:s].strip(" ,\u00a0")]
        if right_before:
            return right_before[0].name, None
    if phrase in ("he", "she", "his", "her"):  # "Her plan to …", "His aides said": the possessive's person
        who = antecedent(actors, s, {"his": "he", "her": "she"}.get(phrase, phrase), text)
        if who is not None:
            return who.name, None
    # a name the actors analyser missed, or an organisation speaking ("the Kremlin said", "Warren said")
    raw = text[s:e].strip()
    bare = re.sub(r"^the\s+", "", raw, flags=re.IGNORECASE)
    if (bare[:1].isupper() and len(bare.split()) <= 4 and not _PERSONAL.search(bare.lower())
            and all(w[:1].isupper() for w in bare.split() if w.isalpha())
            and phrase not in {"he", "she", "they", "we", "i", "it", "you"} and not _ANONYMOUS.search(bare.lower())):
        # a surname alone is the person the article names in full ("Corsi" -> Jerome Corsi)
        full = [a for a in actors if a.type == "person" and a.name.split()[-1] == bare and a.name != bare]
        if len({a.name for a in full}) == 1:
            return full[0].name, None
        if _CALENDAR.fullmatch(bare.lower()):
            return None, None
        at = s + text[s:e].index(bare)
        if (len(bare.split()) == 1 and _opens_sentence(text, at) and _common_word(bare)
                and not _proper_noun(text, at)):
            return None, None  # "Investigations have revealed …": a capitalised common noun, no name
        return ("the " + bare if bare != raw else bare), None
    return None, None


# the head of a source phrase that names a document, a medium or a body rather than a person
_THING_HEAD = re.compile(r"\b(?:report|reports|statement|statements|study|poll|survey|documents?|letter|memo|analysis|data|"
                         r"campaign|website|site|article|book|ad|video|post|tweets?|lawsuit|complaint|filing|order|ruling|"
                         r"bill|law|agency|department|committee|office|group|company|organi[sz]ation|government|"
                         r"administration|ministry|court|paper|newspaper|network|station|show|program|plan|proposal|"
                         r"e-?mails?|records|transcript|release|announcement|editorial|column|blog|magazine|foundation|"
                         r"institute|university|commission|board|council|party|team|panel|account|page|message|speech)"
                         r"[’']?s?\W*$")

# an American legislator's party and state after the name ("R-Ky.", "(D-N.Y.)"): not a name
PARTY_STATE = re.compile(r"\(?[RDI]-[A-Z][A-Za-z.]{0,6}\)?")

_GROUP_HEAD = re.compile(
    r"(?:the\s+|some\s+|many\s+|most\s+|other\s+)?(?:voters|supporters|critics|residents|people|members|activists|"
    r"donors|fans|delegates|citizens|protesters|workers|students|parents)\b[^,;]*?\s(?:within|in|of|from|outside|across)"
    r"\s", re.IGNORECASE)

# unnamed people placed by whom they know or what they know: "sources close to ABC News", "a person familiar with the
# Trump campaign's plans" speak for themselves, not for the name after them
_CLOSE_TO = re.compile(r"(?:[\w-]+\s+){0,3}?(?:sources?|people|persons?|officials?|aides?|someone|insiders?|friends?)\s+"
                       r"(?:close to|familiar with)\s", re.IGNORECASE)

# a month or a day is when, not who ("A YouGov poll in December found …")
_CALENDAR = re.compile(r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                       r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)")


def _opens_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:" or at == 0


def _common_word(word: str) -> bool:
    """A word the shared encoder's vocabulary holds whole ("investigations", "polls", "voters"), unlike a rare
    surname the tagger may also call a common noun ("Hannity")."""
    from unspin.inference.sentences import whole_words

    return word.lower() in whole_words()


def _proper_noun(text: str, s: int) -> bool:
    """Whether the part-of-speech tagger calls the word at ``s`` a proper noun, read in its sentence."""
    return _tag_at(text, s) in ("NNP", "NNPS")


def _tag_at(text: str, s: int) -> str | None:
    """The tagger's Penn Treebank tag of the word starting at ``s``, read in its sentence."""
    from unspin.analysers.language import pos_tags

    ends = [text.rfind(mark, 0, s) for mark in ("\n", ". ", "? ", "! ")]
    start = max([i + 1 for i in ends if i >= 0] + [0])
    sentence = text[start : s + 200].split("\n")[0]
    return next((tag for a, _, tag in pos_tags(sentence) if a == s - start), None)


_PERSONAL = re.compile(r"\b(?:president|leader|minister|premier|chancellor|king|head|chief|secretary|spokes\w+|general|"
                       r"senator|governor|mayor|man|woman|official|aide|adviser|advisor)\b")
# the same in a title-case headline: "Trump Advisers Upbeat" are advisers
_TITLE_CASE_PEOPLE = re.compile(r"[ \t]+(?:Members|Aides|Officials|Supporters|Staffers|Allies|Advis[eo]rs|Lawmakers|Voters|"
                                r"Sources|Insiders|Critics|Employees|Officers|Agents|Leaders|Lawyers|Attorneys|Donors|"
                                r"Delegates|Executives)\b")
_PEOPLE_NOUN = re.compile(r"\b(?:members?|aides?|officials?|supporters?|staff(?:ers?)?|allies|ally|advis[eo]rs?|"
                          r"lawmakers?|legislators?|voters?|nominee|candidate|director|chair(?:man|woman)?|sources?|"
                          r"spokes\w+|strategists?|operatives?|surrogates?|insiders?|critics?|employees?|officers?|"
                          r"agents?|leaders?|representatives?|researchers?|analysts?|experts?|lawyers?|attorneys?|"
                          r"people|residents|donors?|fans?|activists?|delegates?|executives?|founders?)\b")
_ANONYMOUS = re.compile(r"\b(?:officials?|aides?|staffers?|lawmakers|sources?|experts?|analysts?|observers?|diplomats?|"
                        r"critics|residents|witnesses|insiders?|people|some|many|several|others?|few|most|all|both|"
                        r"none|nobody|no one|everyone|everybody|anyone|anybody|someone|somebody)\b")


def evaluate(data: str | None = None, limit: int | None = None) -> Scores:
    """PolNeAR dev: of the matched attributions whose gold source contains a person the actors analyser found, the
    share whose resolved speaker is that person (the corpus marks source spans, not names)."""
    right = total = 0
    for run in dev_runs(data, limit):
        for p, g in run.matched:
            if g.source is None:
                continue
            inside = {a.name for a in run.actors if a.type == "person"
                      for ms, me in a.mentions if g.source[0] <= ms and me <= g.source[1]}
            if len(inside) != 1:
                continue
            total += 1
            right += p.speaker in inside
    return Scores("resolve", {"named_speaker_accuracy": right / total if total else 0.0, "attributions": total})
