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
