import json
import subprocess
import sys

import numpy as np
import pytest

from unspin.narratives.index import Case, NarrativeIndex, load_part, save_part
from unspin.narratives.user import read_cases

CASES = [
    Case(id="mh17", title="Ukraine shot down the Malaysian airliner MH17 over Donbas", url="https://euvsdisinfo.eu/report/mh17/", date="2016-07-04"),
    Case(id="nato", title="NATO is surrounding Russia with military bases", url="https://euvsdisinfo.eu/report/nato/", date="2018-01-01"),
    Case(id="covid", title="The coronavirus was made in an American laboratory", url="https://euvsdisinfo.eu/report/covid/", date="2020-03-01"),
    Case(id="douma", title="The chemical attack in Douma was staged by the White Helmets", url="https://euvsdisinfo.eu/report/douma/", date="2018-04-10"),
]


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory):
    from unspin.inference.sentences import load_encoder

    folder = tmp_path_factory.mktemp("idx")
    save_part(folder, CASES, load_encoder().encode([c.title for c in CASES]), {"threshold": 0.5})
    return NarrativeIndex([folder])


@pytest.mark.slow
@pytest.mark.parametrize("query, expected", [
    ("A Ukrainian fighter jet brought down the Boeing of Malaysia Airlines.", "mh17"),
    ("The alliance keeps building bases all around the Russian border.", "nato"),
    ("Covid-19 came out of a US military lab.", "covid"),
    ("Western-backed rescuers faked the gas attack in Syria.", "douma"),
])
def test_paraphrases_find_their_case(fixture_index, query, expected):
    (matches,) = fixture_index.search([query], k=2)
    assert matches[0].case.id == expected
    assert matches[0].score > matches[1].score


def test_part_round_trip(tmp_path):
    vecs = np.eye(4, 384, dtype=np.float32)
    save_part(tmp_path, CASES, vecs)
    cases, loaded = load_part(tmp_path)
    assert list(cases) == CASES and np.allclose(loaded, vecs, atol=0.01)
    idx = NarrativeIndex([tmp_path])
    (best,) = idx.search_vectors(vecs[1:2], k=1)
    assert best[0].case.id == "nato"


def test_read_user_cases_csv_jsonl_claimreview(tmp_path):
    c = tmp_path / "c.csv"
    c.write_text("text,url,label\nThe moon landing was faked,https://factcheck.example/moon,False\n")
    (case,) = read_cases(c)
    assert case.origin == "user" and case.label == "False" and case.id.startswith("user:")
    j = tmp_path / "c.jsonl"
    j.write_text(json.dumps({"text": "Windmills cause cancer", "url": "https://x.example/w", "date": "2020-01-01"}) + "\n")
    assert read_cases(j)[0].date == "2020-01-01"
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [
        {"@type": "ClaimReview", "claimReviewed": "5G spreads the virus", "url": "https://fc.example/5g",
         "datePublished": "2020-04-01", "reviewRating": {"@type": "Rating", "alternateName": "False"}}]}]}
    f = tmp_path / "feed.json"
    f.write_text(json.dumps(feed))
    (cr,) = read_cases(f)
    assert cr.title == "5G spreads the virus" and cr.label == "False" and cr.url == "https://fc.example/5g"


def _cli(*args, env):
    return subprocess.run([sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_cli_add_search_remove(tmp_path):
    import os

    env = {**os.environ, "UNSPIN_DATA_DIR": str(tmp_path / "data")}
    cases = tmp_path / "mine.csv"
    cases.write_text("text,url,title\nThe flat earth society runs the space agency,https://mine.example/1,Flat earth agency\n")
    assert _cli("narratives", "add", str(cases), env=env).returncode == 0
    out = _cli("narratives", "search", "The space agency is secretly run by flat-earthers", "-k", "3", "-f", "json", env=env)
    results = json.loads(out.stdout)
    assert results[0]["url"] == "https://mine.example/1"
    assert set(results[0]) == {"title", "url", "date", "score", "confidence"}
    # the 20 nearest by similarity, reordered by fusing the similarity and verifier ranks (``search_verified``): the
    # case the query repeats comes first and is the only one the verifier believes
    assert results[0]["confidence"] == max(r["confidence"] for r in results) and results[0]["confidence"] > 0.5
    assert all(r["confidence"] < 0.5 for r in results[1:])
    listed = _cli("narratives", "list", env=env).stdout
    cid = listed.split("\t")[0]
    assert _cli("narratives", "remove", cid, env=env).returncode == 0
    out = _cli("narratives", "search", "The space agency is secretly run by flat-earthers", "-f", "json", env=env)
    assert all(r["url"] != "https://mine.example/1" for r in json.loads(out.stdout))


@pytest.mark.slow
def test_shipped_index_finds_documented_cases():
    from unspin.narratives.index import load_index, shipped_meta

    meta = shipped_meta()
    assert meta["cases"] > 10000 and 0.3 < meta["threshold"] < 0.9
    (matches,) = load_index().search(["NATO keeps encircling Russia with its military bases."], k=5)
    assert any("NATO" in m.case.title for m in matches)
    assert all(m.case.url and m.case.url.startswith("https://euvsdisinfo.eu/") for m in matches if m.case.origin == "euvsdisinfo")


@pytest.mark.slow
def test_partisan_article_gets_a_narrative_finding(partisan_report):
    narr = [f for f in partisan_report.findings if f.kind == "narrative"]
    assert narr and all(f.case_url.startswith("https://euvsdisinfo.eu/") for f in narr)
    assert partisan_report.summary.narratives


def test_fused_order_keeps_the_nearest_case_and_the_verifiers_choice():
    from unspin.narratives.index import fused_order

    # input order is similarity order (best first); the verifier prefers the fourth case, then the second
    order = fused_order([0.05, 0.3, 0.2, 0.9, 0.0, 0.01])
    assert order[0] == 1  # second on both counts
    assert {0, 3} <= set(order[:3])  # the nearest case and the verifier's choice both stay near the top
    assert sorted(order) == list(range(6)) and order[-1] in (4, 5)
    assert fused_order([]) == []
