"""The one model runtime every analyser shares.

* ``session``: ONNX Runtime sessions, built once per file with the process's thread setting.
* ``quantise``: int8 tables with one scale per row (word embeddings, case vectors).
* ``windows``: one windowed encoder: whole texts in overlapping windows of word pieces, batched across texts,
  the states of pieces seen by several windows averaged.
* ``trunk``: the shared encoder pass over an article: the technique model's token states, read by the technique,
  attribution and claim heads instead of re-encoding the text.

Graph surgery (extra outputs for intermediate layers) happens at export time (``training/onnx_outputs.py``), so
``onnx`` is not a runtime dependency.
"""
