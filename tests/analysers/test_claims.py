import pytest

from unspin.analysers.claims import claim_type, load_claim_model, passage_scores, source_of


@pytest.mark.parametrize(("sentence", "in_quote", "actor", "dated", "expected"), [
    ("Prices rose by 12 percent last year.", False, False, True, "statistic"),
    ("Inflation fell because of the new interest rates.", False, False, False, "causal"),
    ("The ministry will close the border next week.", False, True, True, "prediction"),
    ("The president signed the decree on Monday.", False, True, True, "event"),
    ("We never refused to negotiate.", True, False, False, "quote"),
    ("Freedom matters.", False, False, False, "other"),
    # "plan to": a prediction as a verb, not as a noun
    ("The government plans to cut taxes.", False, True, False, "prediction"),
    ("Trump plans to visit Ohio.", False, True, False, "prediction"),
    ("May unveiled her Brexit Plan B after Parliament rejected her original plan to take Britain out.", False, True,
     True, "event"),
    ("The plan to build a wall was announced.", False, True, False, "event"),
    # a statistic counts or measures something; years, dates, times, ordinals and names with digits do not
    ("Ushakov said that 91 drones had been shot down.", False, True, False, "statistic"),
    ("Clinton raised $12.7 million from commercial banks.", False, True, False, "statistic"),
    ("She pointed to two hedge fund billionaires.", False, True, False, "statistic"),
    ("After her loss to Barack Obama in 2008, the Clintons left.", False, True, True, "event"),
    ("On December 29, Ukrainian drones attacked a residence.", False, True, True, "event"),
    ("The inquiry into MH17 was published on 17 November.", False, True, True, "event"),
    ("Donors rebuilt the district after the 9/11 attacks at 10 a.m.", False, True, False, "other"),
    ("It was one of the worst decisions of the 21st century.", False, False, False, "other"),
    # a number word in a title or a name is no quantity
    ("Majority Leader Mitch McConnell agreed to a phone call on Wednesday.", False, True, True, "event"),
    ("Senate Minority Leader Harry Reid praised the Big Ten commissioner.", False, True, False, "event"),
    ("A majority of voters agreed with him.", False, False, False, "statistic"),
])
def test_claim_types(sentence, in_quote, actor, dated, expected):
    assert claim_type(sentence, in_quote, actor, dated) == expected


@pytest.mark.parametrize(("sentence", "kind", "evidence"), [
    ("Sources say the delegation will leave on Friday.", "anonymous", "Sources"),
    ("The attack reportedly damaged two buildings.", "anonymous", "reportedly"),
    ("According to a new report, 120 families were evacuated.", "document", "According to a new report"),
])
def test_sourcing_without_quotes(sentence, kind, evidence):
    src, in_quote = source_of(sentence, 0, len(sentence), [])
    assert src is not None and src.kind == kind and sentence[src.start : src.end] == evidence and not in_quote


def test_asserted_when_no_source():
    assert source_of("The army lost 300 tanks in May.", 0, 31, []) == (None, False)


def test_shipped_model_prefers_factual_claims():
    model = load_claim_model()
    (s,) = passage_scores([[
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
        "Thank you all so much for being here tonight.",
    ]])
    assert s[0] >= model.threshold > s[1]


def test_claims_in_the_report(fixtures):
    import unspin

    report = unspin.analyze((fixtures / "sourcing.txt").read_text(encoding="utf-8"),
                            options=unspin.Options(only=["actors", "quotes", "timeline", "claims"], date="2025-12-31"))
    claims = [f for f in report.findings if f.kind == "claim"]
    assert claims and all(0 <= c.checkworthiness <= 1 for c in claims)
    by_text = {c.text: c for c in claims}
    ushakov = next(c for t, c in by_text.items() if t.startswith("Ushakov told reporters"))
    assert ushakov.sourcing == "attributed" and ushakov.source.kind == "named" and ushakov.source.name == "Yuri Ushakov"
    assert ushakov.source.actor is not None and ushakov.claim_type == "statistic"
    anon = next(c for t, c in by_text.items() if t.startswith("The attack reportedly"))
    assert anon.source.kind == "anonymous"
    doc = next(c for t, c in by_text.items() if t.startswith("According to a report"))
    assert doc.source.kind == "document" and [d.text for d in doc.dates] == ["Tuesday, December 30, 2025"]
    summary = report.summary.claims
    assert summary.count == len(claims) and summary.attributed + summary.asserted == len(claims)
    assert summary.named_sources >= 2 and summary.anonymous_sources >= 1 and summary.document_sources == 1
    assert "Yuri Ushakov" in summary.sources
    assert summary.asserted_share == round(summary.asserted / summary.count, 3)


def test_partisan_sourcing(partisan_text):
    """Sourcing of two partisan sentences, checked directly (independent of the check-worthiness threshold)."""
    from unspin import pipeline
    from unspin.document import Document

    doc = pipeline.run(Document(text=partisan_text), pipeline.select(only=["actors", "quotes"]))
    quotes = doc.annotations.quotations or []

    def sourcing(prefix):
        sent = next(s for s in doc.sentences if doc.text[s.start : s.end].startswith(prefix))
        return source_of(doc.text, sent.start, sent.end, quotes)[0]

    assert sourcing("Western media, as always") is None  # "stayed silent about" is not a source
    trump = sourcing("Trump said he was")
    assert trump is not None and trump.kind == "named" and trump.name == "Donald Trump"
    ushakov = sourcing("According to presidential aide")
    assert ushakov is not None and ushakov.name == "Yuri Ushakov"


def test_scores_do_not_depend_on_which_sentences_are_scored_together():
    import numpy as np

    from unspin.inference.trunk import load_trunk

    text = ("The minister said on Monday that inflation reached 9.1 percent in June. Thank you all for coming. "
            "We will cut taxes for every family earning under $50,000. I love this town and its people.")
    cuts = [0]
    for k, ch in enumerate(text):
        if ch == "." and k + 1 < len(text):
            cuts.append(k + 2)
    spans = [(a, b - 1) for a, b in zip(cuts, cuts[1:] + [len(text) + 1])]
    states = load_trunk().encode([text])[0]
    model = load_claim_model()
    together = model.score_spans(states, spans)
    one_by_one = np.concatenate([model.score_spans(states, [sp]) for sp in spans])
    assert len(together) == len(spans) and np.allclose(together, one_by_one, atol=0.03)
    assert len(model.score_spans(states, [])) == 0


def test_a_pronoun_no_actor_stands_behind_is_not_a_named_source():
    from unspin.analysers.quotes.attribution import Attribution

    text = "While these gifts complicate her line, they don't tell where she would come down on regulation."
    c0 = text.index("where")
    q = Attribution(c0, len(text) - 1, None, (text.index("they"), text.index("they") + 4),
                    (text.index("tell"), text.index("tell") + 4), direct=False)
    src, _ = source_of(text, 0, len(text), [q])
    assert src is None or src.kind != "named"
