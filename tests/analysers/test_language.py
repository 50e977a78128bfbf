"""The language layer's spaCy loading."""

from __future__ import annotations

import subprocess
import sys


def test_spacy_loads_without_importing_torch_or_its_cli_and_leaves_both_importable():
    # a fresh interpreter: whether torch is installed or not, loading spaCy must not import it (about 3 s of a cold
    # start), and must leave no sentinel behind that would break a later `import torch`
    code = (
        "import sys, importlib.util\n"
        "from unspin.analysers.language import load_spacy\n"
        "nlp = load_spacy()\n"
        "assert 'torch' not in sys.modules, 'spaCy pulled in torch'\n"
        "assert [s.text for s in nlp('One sentence. Another one.').sents] == ['One sentence.', 'Another one.']\n"
        "if importlib.util.find_spec('torch') is not None:\n"
        "    import torch\n"
        "    assert torch.zeros(1).shape == (1,)\n"
        # spaCy's command line was not imported, and stays importable: the real one, whole
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules\n"
        "import spacy, spacy.cli\n"
        "from spacy.cli.info import info\n"
        "assert callable(spacy.cli.download) and callable(info) and callable(spacy.info)\n"
        "assert spacy.info(markdown=False)['spacy_version'] == spacy.__version__\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


def test_stray_sentence_cuts_inside_a_line_are_joined_and_real_ends_are_kept():
    from unspin import pipeline
    from unspin.analysers.language import rejoined
    from unspin.document import Document

    text = ("Anti-illegal immigration leader Maria Espinoza is running for Congress.\n\n"
            "“We have an unprecedented [number of] volunteers going into Iowa,” she said. The count is up. "
            "It rose again")
    doc = pipeline.run(Document(text=text), pipeline.select(only=["language"]))
    sentences = [text[s.start : s.end] for s in doc.sentences]
    assert sentences[0] == "Anti-illegal immigration leader Maria Espinoza is running for Congress."
    assert any(s.startswith("“We have an unprecedented [number of] volunteers") for s in sentences)
    assert "The count is up." in sentences and sentences[-1] == "It rose again"
    # the rule alone: cuts after sentence-final punctuation or at a line break stay; others before a carried-on piece go
    t = "One [two] three. four\nfive six"
    assert rejoined(t, [(0, 5), (5, 16), (17, 21), (22, 30)]) == [(0, 16), (17, 21), (22, 30)]
    assert rejoined(t, [(0, 16), (17, 30)]) == [(0, 16), (17, 30)]


def test_sentences_never_run_across_the_lines_of_a_text_saved_a_sentence_a_line():
    from unspin import pipeline
    from unspin.analysers.segments import lines_are_units
    from unspin.document import Document

    lines = ["“I hope it’s a turning point in the Trump presidency.”",
             "Across ideology, many expressed relief Saturday that the investigation was over.",
             "(Ben Finley/Associated Press)",
             "PHILADELPHIA — With the investigation finished, Americans reacted with relief"]
    text = "Title of the piece\n\n" + "\n".join(lines)
    doc = pipeline.run(Document(text=text), pipeline.select(only=["language"]))
    assert [text[s.start : s.end] for s in doc.sentences if s.start >= 20] == lines
    # a wrapped paragraph is one text: its line breaks are not sentence ends
    import textwrap

    wrapped = textwrap.fill(" ".join(lines), 50)
    assert not lines_are_units(wrapped, 0, len(wrapped))
    assert lines_are_units(text, 20, len(text))
