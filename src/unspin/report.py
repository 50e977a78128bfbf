"""The Report: unspin's one output contract, and ``build()``, the only way to make one.

Every span is ``{start, end, text}`` with ``text == Report.text[start:end]``.
The format is documented field by field in ``docs/report-format.md``; each analyser builds its own findings
and summary fields (a ``Contribution``) and ``build()`` assembles them, so this module knows no analyser.
``SCHEMA_VERSION`` changes whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from unspin.document import Document
from unspin.version import __version__

SCHEMA_VERSION = "1.1"  # 1.1: claim, comment and inconsistency findings, timeline, claim and comment summaries


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int
    end: int
    text: str


class Meta(_Model):
    title: str | None = None
    url: str | None = None
    date: str | None = None
    date_source: Literal["given", "page", "address", "file name"] | None = None
    source: str | None = None
    author: str | None = None


class SegmentOut(_Model):
    kind: Literal["title", "body", "boilerplate", "comment"]
    start: int
    end: int
    text: str
    author: str | None = None
    time: str | None = None


class SentenceOut(_Model):
    start: int
    end: int
    text: str
    segment: int = Field(description="index into segments")


class ActorOut(_Model):
    id: str
    name: str
    type: Literal["person", "organisation", "place"]
    mentions: list[Span]


class _Finding(_Model):
    label: str
    start: int
    end: int
    text: str
    confidence: float = Field(ge=0, le=1)
    analyser: str


class TechniqueFinding(_Finding):
    kind: Literal["technique"] = "technique"
    title: str = Field(description="human-readable technique name")
    definition: str
    example: str
    voice: Literal["author", "quoted", "reported"] = Field(
        description="author (the article's own words), quoted (inside a direct quotation) or reported (inside "
                    "indirect speech: the author's wording of what the speaker said or thought)")
    speaker: str | None = Field(None, description="the speaker's actor name when voice is quoted or reported")
    quote: Span | None = Field(None, description="the quotation or reported speech holding the span, when voice is "
                               "quoted or reported")
    span_confidence: float
    label_confidence: float


class SpeakerSpan(Span):
    name: str | None = None


class QuoteFinding(_Finding):
    kind: Literal["quote"] = "quote"
    content: Span
    cue: Span | None = None
    speaker: SpeakerSpan | None = None
    direct: bool = True
    unresolved: str | None = Field(None, description="why no speaker is named, when none is")


class NarrativeFinding(_Finding):
    kind: Literal["narrative"] = "narrative"
    case_id: str
    case_title: str = Field(description="title of the documented case")
    case_date: str | None = None
    case_url: str | None = Field(None, description="the case's page, e.g. on euvsdisinfo.eu")
    similarity: float = Field(description="cosine similarity of the sentence and the case")
    shared_terms: list[str] = Field(default_factory=list, description="the case title's words the sentence repeats: "
                                    "what ties the two together")
    origin: str = Field(description="euvsdisinfo (shipped index) or user (added with unspin narratives add)")
    voice: Literal["author", "quoted", "reported"]
    speaker: str | None = None


class SourceOut(Span):
    kind: Literal["named", "anonymous", "document"] = Field(description="a named actor, an anonymous source, or a document/statement")
    name: str | None = Field(None, description="the source actor's name (named sources)")
    actor: str | None = Field(None, description="id of the source actor in actors, when it is one")


class ClaimFinding(_Finding):
    kind: Literal["claim"] = "claim"
    claim_type: Literal["statistic", "event", "quote", "causal", "prediction", "other"]
    checkworthiness: float = Field(description="probability that the sentence is a check-worthy factual claim")
    sourcing: Literal["attributed", "asserted"] = Field(description="attributed to a source, or asserted by the author")
    source: SourceOut | None = None
    actors: list[str] = Field(description="names of the actors the claim involves")
    dates: list[Span] = Field(description="date and time expressions in the claim")


class CodedTerm(Span):
    term: str = Field(description="the glossary entry")
    meaning: str = Field(description="its covert (in-group) meaning")
    in_group: str = Field(description="who uses it, e.g. antisemitic, white supremacist")


class CommentFinding(_Finding):
    kind: Literal["comment"] = "comment"
    segment: int = Field(description="index of the comment in segments")
    probabilities: dict[str, float] = Field(description="calibrated probability of each label")
    targets: list[str] = Field(description="groups attacked (HateXplain taxonomy), most likely first")
    target_scores: dict[str, float]
    rationale: list[Span] = Field(description="the words that drove a hatespeech/offensive decision")
    conspiracy: bool
    conspiracy_evidence: list[Span]
    conspiracy_agents: list[Span] = Field(default_factory=list, description="whom conspiracy talk blames: the agent spans the tagger found")
    conspiracy_confidence: float
    reason: str | None = Field(None, description="why the label differs from the classifier's, when it does")
    antisemitic: bool = Field(False, description="judged antisemitic (IHRA definition): hatespeech or offensive with Jewish among the targets")
    antisemitism_confidence: float = Field(0.0, description="the antisemitism detector's probability")
    coded_terms: list[CodedTerm] = Field(default_factory=list, description="coded terms (dogwhistles) of the installed glossary found in the comment")
    author: str | None = None
    time: str | None = None


class InconsistencyFinding(_Finding):
    kind: Literal["inconsistency"] = "inconsistency"
    evidence: list[Span] = Field(description="every variant's first mention (or the contradicting dates)")
    explanation: str


class TimelineEntry(_Model):
    start: int
    end: int
    text: str = Field(description="the date or time expression as written")
    date: str | None = Field(description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY); null when ambiguous")
    granularity: Literal["day", "week", "month", "year"]
    status: Literal["absolute", "inferred", "relative", "ambiguous"]
    part_of_day: str | None = None
    anchor: int | None = Field(None, description="for relative expressions: index in timeline of the entry it counts from")
    note: str
    sentence: Span = Field(description="the sentence the event is told in")


class NarrativeSummary(_Model):
    title: str
    url: str | None
    date: str | None
    count: int


AnyFinding = TechniqueFinding | QuoteFinding | ClaimFinding | NarrativeFinding | InconsistencyFinding | CommentFinding
Finding = Annotated[AnyFinding, Field(discriminator="kind")]


class ClaimSummary(_Model):
    count: int
    by_type: dict[str, int]
    attributed: int
    asserted: int
    asserted_share: float = Field(description="share of claims the author asserts without a source")
    named_sources: int = Field(description="claims attributed to named sources")
    anonymous_sources: int
    document_sources: int
    sources: dict[str, int] = Field(description="sources cited, with how many claims each, most cited first")


class CommentSummary(_Model):
    count: int
    by_label: dict[str, int]
    by_target: dict[str, int]
    conspiracy: int


class ReferencePlace(_Model):
    measure: str = Field(description="technique_density, author_density, loaded_language_density or author_share")
    description: str
    value: float
    mainstream_percentile: int = Field(description="share (0-100) of the mainstream reference articles below this value")
    propaganda_percentile: int = Field(description="share (0-100) of the propaganda reference articles below this value")
    text: str = Field(description="the comparison in one plain sentence")


class ReferenceSummary(_Model):
    """The article against the reference sets shipped with the package (``unspin bench reference`` rebuilds them)."""

    floor: float = Field(description="the confidence floor the references were measured at (and this article, for them)")
    mainstream_articles: int
    propaganda_articles: int
    places: list[ReferencePlace]


class Summary(_Model):
    words: int = Field(description="words in title and body")
    sentences: int
    segments: dict[str, int]
    segment_words: dict[str, int] = Field(default_factory=dict, description="words per segment kind: what was read "
                                          "as article (title, body), boilerplate, or reader comments")
    actors: int
    findings: dict[str, int] = Field(description="number of findings per kind")
    techniques: dict[str, int] = Field(default_factory=dict, description="technique findings per label, most frequent first")
    technique_density_per_1000_words: float = 0.0
    techniques_by_voice: dict[str, int] = Field(default_factory=dict, description="technique findings per voice: author, quoted, reported")
    top_actors: list[str] = Field(default_factory=list)
    quoted_speakers: dict[str, int] = Field(default_factory=dict)
    narratives: list[NarrativeSummary] = Field(default_factory=list, description="distinct documented narratives matched, most matched first")
    narratives_by_voice: dict[str, int] = Field(default_factory=dict, description="narrative matches per voice: author, quoted, reported")
    claims: ClaimSummary | None = Field(None, description="when the claims analyser ran")
    comments: CommentSummary | None = Field(None, description="when the comments analyser ran")
    inconsistencies: int = 0
    reference: ReferenceSummary | None = Field(None, description="technique measures as percentiles of mainstream "
                                               "news and of propaganda, when the techniques analyser ran")


class TopFinding(_Model):
    kind: str
    label: str
    title: str = Field(description="readable name")
    start: int
    end: int
    text: str
    confidence: float


class Overview(_Model):
    """The report at a glance: a few plain sentences and the findings most worth a look."""

    sentences: list[str] = Field(default_factory=list, description="how the article persuades, who is quoted, how "
                                 "claims are sourced, what the comments are like, in plain words")
    top: list[TopFinding] = Field(default_factory=list, description="the three highest-confidence findings")


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    unspin_version: str = __version__
    text: str
    meta: Meta
    segments: list[SegmentOut]
    sentences: list[SentenceOut]
    actors: list[ActorOut]
    findings: list[Finding]
    timeline: list[TimelineEntry] = Field(description="dated events in time order; ambiguous expressions last")
    summary: Summary
    overview: Overview = Field(default_factory=Overview)
    analysers: list[str] = Field(description="analysers that ran, in order")
    warnings: list[str] = Field(default_factory=list, description="what the reader should know about how the text "
                                "was read, e.g. that part of it was not analysed or was analysed in parts")

    def spans(self) -> list[Span]:
        """Every span in the report, for checks such as ``text[start:end] == span.text``."""
        out: list[Span] = []
        out += [Span(start=s.start, end=s.end, text=s.text) for s in self.segments]
        out += [Span(start=s.start, end=s.end, text=s.text) for s in self.sentences]
        for a in self.actors:
            out += a.mentions
        for f in self.findings:
            out.append(Span(start=f.start, end=f.end, text=f.text))
            for extra in ("quote", "content", "cue", "speaker", "source", "dates", "rationale", "conspiracy_evidence", "conspiracy_agents", "evidence",
                          "coded_terms"):
                sub = getattr(f, extra, None)
                for one in sub if isinstance(sub, list) else [sub]:
                    if isinstance(one, Span):
                        out.append(Span(start=one.start, end=one.end, text=one.text))
        for t in self.timeline:
            out += [Span(start=t.start, end=t.end, text=t.text), t.sentence]
        return out


def _names(counts: dict[str, int], n: int, name: Any = str) -> str:
    items = [f"{name(k)} ({v})" for k, v in list(counts.items())[:n]]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


FLAGGED = ("technique", "narrative", "inconsistency", "comment")


def overview(summary: Summary, findings: Sequence[AnyFinding]) -> Overview:
    """A few plain sentences from the summary, and the three highest-confidence findings (techniques, narrative
    matches, inconsistencies, flagged comments; claims only when there are fewer than three of those)."""
    from unspin.catalogue import TECHNIQUES, title

    out: list[str] = []
    n_tech = sum(summary.techniques.values())
    if n_tech:
        voices = summary.techniques_by_voice
        others = n_tech - voices.get("author", 0)
        out.append(f"{n_tech} persuasion-technique span{'s' if n_tech != 1 else ''} "
                   f"({summary.technique_density_per_1000_words:g} per 1,000 words), mostly "
                   f"{_names(summary.techniques, 3, title)}; {voices.get('author', 0)} in the author's own voice"
                   + (f", {others} in what others say." if others else "."))
    elif "techniques" in summary.findings or summary.technique_density_per_1000_words == 0:
        out.append("No persuasion techniques found.")
    if summary.reference is not None and summary.reference.places:
        out.append(summary.reference.places[0].text)
    n_quotes = summary.findings.get("quote", 0)
    if n_quotes:
        speakers = dict(sorted(summary.quoted_speakers.items(), key=lambda kv: -kv[1]))
        unknown = n_quotes - sum(speakers.values())
        line = f"{n_quotes} quote{'s' if n_quotes != 1 else ''}"
        if speakers:
            line += f" from {len(speakers)} speaker{'s' if len(speakers) != 1 else ''} (most quoted: {_names(speakers, 3)})"
        if unknown > 0:
            line += f"; {unknown} without a known speaker" if speakers else ", none with a known speaker"
        out.append(line + ".")
    if summary.claims is not None:
        c = summary.claims
        out.append(f"{c.count} check-worthy claim{'s' if c.count != 1 else ''}" +
                   (f"; {c.asserted_share:.0%} asserted without a source." if c.count else "."))
    if summary.narratives:
        n = sum(x.count for x in summary.narratives)
        # "near", not "repeats": read by hand, few matches on propaganda articles repeat their case's claim (most
        # share its subject; models/narratives/DATA_CARD.md), so the overview points to the cases without a verdict
        out.append(f"{n} sentence{'s' if n != 1 else ''} near documented disinformation cases (read each against its "
                   "case): " + "; ".join(f"“{x.title}”" for x in summary.narratives[:2]) + ".")
    if summary.comments is not None and summary.comments.count:
        cm = summary.comments
        flagged = {k: v for k, v in cm.by_label.items() if k != "normal"}
        line = f"{cm.count} reader comment{'s' if cm.count != 1 else ''}"
        line += f": {_names(flagged, 2)}" if flagged else ", none hateful or offensive"
        if cm.conspiracy:
            line += f"; {cm.conspiracy} with conspiracy talk"
        if cm.by_target:
            line += f"; most targeted: {next(iter(cm.by_target))}"
        out.append(line + ".")
    if summary.inconsistencies:
        out.append(f"{summary.inconsistencies} naming or date inconsistenc{'ies' if summary.inconsistencies != 1 else 'y'}.")

    def label_title(f: AnyFinding) -> str:
        return title(f.label) if f.kind == "technique" and f.label in TECHNIQUES else getattr(f, "case_title", None) \
            or {"claim": "Check-worthy claim", "inconsistency": f"Inconsistency: {f.label.replace('_', ' ')}",
                "comment": f"Comment: {f.label}"}.get(f.kind, f.label)

    flagged_findings = [f for f in findings if f.kind in FLAGGED and not (f.kind == "comment" and f.label == "normal")]
    pool = flagged_findings if len(flagged_findings) >= 3 else flagged_findings + [f for f in findings if f.kind == "claim"]
    top = sorted(pool, key=lambda f: (-f.confidence, f.start))[:3]
    return Overview(sentences=out, top=[TopFinding(kind=f.kind, label=f.label, title=label_title(f), start=f.start,
                                                   end=f.end, text=f.text, confidence=f.confidence) for f in top])


def span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def article_words(doc: Document) -> int:
    """Words in the title and body: the base of every per-1,000-words rate."""
    return sum(_words(doc.text[s.start : s.end]) for s in doc.segments if s.kind in ("title", "body"))


def in_report_order(findings: Sequence[AnyFinding]) -> list[AnyFinding]:
    """Findings as the Report lists them: by position, then kind (summaries count them in this order)."""
    return sorted(findings, key=lambda f: (f.start, f.end, f.kind))


@dataclass
class Contribution:
    """What one analyser adds to the Report: its findings, its fields of the summary, and the top-level actors or
    timeline when it makes them. Each analyser builds its own (``contribute``); ``build()`` only assembles."""

    findings: list[AnyFinding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    actors: list[ActorOut] | None = None
    timeline: list[TimelineEntry] | None = None
    warnings: list[str] = field(default_factory=list)


def build(doc: Document, contributions: Sequence[Contribution] = ()) -> Report:
    """Assemble the Report of an analysed ``Document`` from its analysers' contributions."""
    text = doc.text
    segments = [
        SegmentOut(kind=s.kind, start=s.start, end=s.end, text=text[s.start : s.end], author=s.author, time=s.time)
        for s in doc.segments
    ]
    sentences = [SentenceOut(start=s.start, end=s.end, text=text[s.start : s.end], segment=s.segment) for s in doc.sentences]
    actors: list[ActorOut] = []
    timeline: list[TimelineEntry] = []
    findings: list[AnyFinding] = []
    parts: dict[str, Any] = {}
    warnings: list[str] = []
    for c in contributions:
        warnings += c.warnings
        actors = c.actors if c.actors is not None else actors
        timeline += c.timeline or []
        findings += c.findings
        parts.update(c.summary)
    findings = in_report_order(findings)
    summary = Summary(
        words=article_words(doc),
        sentences=len(doc.sentences),
        segments=dict(Counter(s.kind for s in segments)),
        actors=len(actors),
        findings=dict(Counter(f.kind for f in findings)),
        **parts,
    )
    meta = Meta(**{k: doc.meta.get(k) for k in ("title", "url", "date", "date_source", "source", "author")})
    if not meta.title:  # the display title, set once here: every renderer and face reads meta.title
        meta.title = next((s.text for s in segments if s.kind == "title"), None)
    return Report(
        text=text,
        meta=meta,
        segments=segments,
        sentences=sentences,
        actors=actors,
        findings=findings,
        timeline=timeline,
        summary=summary,
        overview=overview(summary, findings),
        analysers=list(doc.ran),
        warnings=warnings,
    )


def _shift(node: Any, by: int, segments_before: int, timeline_before: int, actor_ids: dict[str, str]) -> Any:
    """A part's report JSON moved to its place in the whole text: offsets, segment and timeline indices, actor ids."""
    if isinstance(node, list):
        return [_shift(v, by, segments_before, timeline_before, actor_ids) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _shift(v, by, segments_before, timeline_before, actor_ids) for k, v in node.items()}
    if isinstance(out.get("start"), int) and isinstance(out.get("end"), int):
        out["start"] += by
        out["end"] += by
    if isinstance(out.get("segment"), int):
        out["segment"] += segments_before
    if isinstance(out.get("anchor"), int):
        out["anchor"] += timeline_before
    if isinstance(out.get("actor"), str):
        out["actor"] = actor_ids.get(out["actor"], out["actor"])
    return out


def _add_counts(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    for key, n in more.items():
        total[key] = total.get(key, 0) + n
    return total


def _sum_dicts(dicts: Sequence[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for d in dicts:
        _add_counts(total, d)
    return total


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def merge(text: str, parts: Sequence[tuple[int, Report]], warnings: Sequence[str] = ()) -> Report:
    """One Report for a text analysed in parts (each part's Report with its offset into ``text``). Findings,
    segments and sentences are moved to their place; actors with the same name and type become one; the summary
    is recomputed from the parts'."""
    first = parts[0][1]
    actors: dict[tuple[str, str], dict[str, Any]] = {}
    moved: list[dict[str, Any]] = []
    segments_before = timeline_before = 0
    for offset, report in parts:
        data = report.model_dump(mode="json")
        ids: dict[str, str] = {}
        for actor in data["actors"]:
            key = (actor["name"], actor["type"])
            ids[actor["id"]] = "|".join(key)  # a merged id, renumbered below
            mentions = _shift(actor["mentions"], offset, 0, 0, {})
            actors.setdefault(key, {"name": actor["name"], "type": actor["type"], "mentions": []})["mentions"] += mentions
        moved.append(_shift({k: data[k] for k in ("segments", "sentences", "findings", "timeline")}, offset,
                            segments_before, timeline_before, ids))
        segments_before += len(data["segments"])
        timeline_before += len(data["timeline"])
    ranked = sorted(actors.values(), key=lambda a: (-len(a["mentions"]), a["name"]))
    final_id = {f"{a['name']}|{a['type']}": f"a{i + 1}" for i, a in enumerate(ranked)}
    merged_actors = [{"id": f"a{i + 1}", **a, "mentions": sorted(a["mentions"], key=lambda m: m["start"])}
                     for i, a in enumerate(ranked)]
    findings = [_shift(f, 0, 0, 0, final_id) for m in moved for f in m["findings"]]
    timeline: list[dict[str, Any]] = [t for m in moved for t in m["timeline"]]
    order = sorted(range(len(timeline)), key=lambda i: (timeline[i]["date"] is None, timeline[i]["date"] or "",
                                                         timeline[i]["start"]))
    new_index = {old: new for new, old in enumerate(order)}
    timeline = [{**timeline[i], "anchor": new_index.get(timeline[i]["anchor"]) if timeline[i]["anchor"] is not None
                 else None} for i in order]
    findings.sort(key=lambda f: (f["start"], f["end"], f["kind"]))

    summaries = [r.summary for _, r in parts]
    words = sum(s.words for s in summaries)
    techniques: dict[str, int] = {}
    by_voice: dict[str, int] = {}
    narratives_by_voice: dict[str, int] = {}
    speakers: dict[str, int] = {}
    narratives: dict[tuple[str, str | None, str | None], int] = {}
    for s in summaries:
        _add_counts(techniques, s.techniques)
        _add_counts(by_voice, s.techniques_by_voice)
        _add_counts(narratives_by_voice, s.narratives_by_voice)
        _add_counts(speakers, s.quoted_speakers)
        for n in s.narratives:
            narratives[(n.title, n.url, n.date)] = narratives.get((n.title, n.url, n.date), 0) + n.count
    claims = None
    if any(s.claims for s in summaries):
        parts_c = [s.claims for s in summaries if s.claims]
        count = sum(c.count for c in parts_c)
        asserted = sum(c.asserted for c in parts_c)
        claims = ClaimSummary(
            count=count, by_type=_by_count(_add_counts({}, {k: v for c in parts_c for k, v in c.by_type.items()})),
            attributed=sum(c.attributed for c in parts_c), asserted=asserted,
            asserted_share=round(asserted / count, 3) if count else 0.0,
            named_sources=sum(c.named_sources for c in parts_c), anonymous_sources=sum(c.anonymous_sources for c in parts_c),
            document_sources=sum(c.document_sources for c in parts_c),
            sources=_by_count(_add_counts({}, {k: v for c in parts_c for k, v in c.sources.items()})),
        )
    comments = None
    if any(s.comments for s in summaries):
        parts_m = [s.comments for s in summaries if s.comments]
        by_label: dict[str, int] = {}
        by_target: dict[str, int] = {}
        for c in parts_m:
            _add_counts(by_label, c.by_label)
            _add_counts(by_target, c.by_target)
        comments = CommentSummary(count=sum(c.count for c in parts_m), by_label=by_label,
                                  by_target=_by_count(by_target), conspiracy=sum(c.conspiracy for c in parts_m))
    segments = [seg for m in moved for seg in m["segments"]]
    summary = Summary(
        words=words, sentences=sum(s.sentences for s in summaries),
        segments=dict(Counter(seg["kind"] for seg in segments)), actors=len(merged_actors),
        segment_words=_add_counts({}, {}) if not summaries else _sum_dicts([s.segment_words for s in summaries]),
        findings=dict(Counter(f["kind"] for f in findings)), techniques=_by_count(techniques),
        technique_density_per_1000_words=round(1000 * sum(techniques.values()) / words, 2) if words else 0.0,
        techniques_by_voice=by_voice, narratives_by_voice=narratives_by_voice, top_actors=[a["name"] for a in merged_actors[:10]],
        quoted_speakers=_by_count(speakers),
        narratives=[NarrativeSummary(title=t, url=u, date=d, count=n)
                    for (t, u, d), n in sorted(narratives.items(), key=lambda kv: -kv[1])],
        claims=claims, comments=comments, inconsistencies=sum(s.inconsistencies for s in summaries),
        reference=None,  # percentiles are per article: not recomputed for a text analysed in parts
    )
    report = Report.model_validate({
        "text": text, "meta": first.meta.model_dump(), "segments": segments,
        "sentences": [x for m in moved for x in m["sentences"]], "actors": merged_actors, "findings": findings,
        "timeline": timeline, "summary": summary.model_dump(), "analysers": first.analysers,
        "warnings": list(warnings),  # the caller's, for the whole text (a part's own would mislead)
    })
    report.overview = overview(report.summary, report.findings)
    return report
