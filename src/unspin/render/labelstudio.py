"""Label Studio tasks: the article with unspin's technique spans as pre-annotations ("predictions") to correct.

    unspin analyze article.txt -f labelstudio -o tasks.json      # import tasks.json into a Label Studio project
    unspin import labelstudio export.json -o corrected/          # its JSON export back into PTC files

The project's labelling config is ``LABEL_CONFIG`` (``unspin import labelstudio --config`` prints it): a text
with one ``Labels`` control whose values are the readable technique names. ``start``/``end`` are character
offsets into ``data.text``, which is the analysed text exactly.
"""

from __future__ import annotations

import json
from html import escape

from unspin.catalogue import TECHNIQUES
from unspin.report import Report

FROM_NAME, TO_NAME = "technique", "text"
LABEL_CONFIG = (
    "<View>\n  <Labels name=\"technique\" toName=\"text\">\n"
    + "".join(f'    <Label value="{escape(t.title, quote=True)}" background="{t.colour}"/>\n' for t in TECHNIQUES.values())
    + "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n"
)


def tasks(report: Report) -> list[dict[str, object]]:
    results = [
        {
            "id": f"unspin-{k}",
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {"start": f.start, "end": f.end, "text": f.text, "labels": [f.title]},
            "score": round(f.confidence, 4),
        }
        for k, f in enumerate(f for f in report.findings if f.kind == "technique")
    ]
    data = {"text": report.text, "title": report.meta.title, "url": report.meta.url, "date": report.meta.date,
            "source": report.meta.source}
    model = f"unspin {report.unspin_version}"
    return [{"data": data, "predictions": [{"model_version": model, "result": results}]}]


def render(report: Report) -> str:
    return json.dumps(tasks(report), ensure_ascii=False, indent=2) + "\n"
