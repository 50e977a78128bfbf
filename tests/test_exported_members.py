import unspin


def test_public_api_is_pinned():
    assert sorted(unspin.__all__) == sorted([
        "ConfigError", "FetchError", "HTML", "InputError", "ModelError", "Options", "Report", "Text", "URL",
        "UnspinError", "__version__", "analyze", "analyze_many", "analyze_source", "configure",
    ])
    for name in unspin.__all__:
        assert hasattr(unspin, name)


def test_analyze_signature_is_typed():
    import inspect

    sig = inspect.signature(unspin.analyze)
    assert list(sig.parameters) == ["source", "options"]
    assert sig.parameters["options"].kind is inspect.Parameter.KEYWORD_ONLY


def test_import_loads_no_model():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "import sys, unspin; print('spacy' in sys.modules, 'onnxruntime' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "False False"
