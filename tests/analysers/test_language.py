"""The language layer's spaCy loading."""

from __future__ import annotations

import subprocess
import sys


def test_spacy_loads_without_importing_torch_and_leaves_torch_importable():
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
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
