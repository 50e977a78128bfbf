"""The ``unspin`` command.

Exit codes: 0 success · 1 unexpected internal error · 2 bad input or usage
(empty, binary, undecodable, too large, no article text, missing file, no source given, an output path that
cannot be written, an output locked by another process, a server that would be open without a token) ·
3 a URL failed or was refused · 4 a bundled model is missing or broken ·
5 a bad option value (unknown analyser, format) · 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from unspin.errors import ConfigError, UnspinError, UsageError

FORMATS = ("terminal", "json", "markdown", "md", "html", "labelstudio")


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _bounded(cast: Callable[[str], float], lo: float, hi: float, what: str, out_of_range: str) -> Callable[[str], float]:
    """An argparse type: ``cast`` of the value, within ``[lo, hi]``, else a one-line usage error."""

    def parse(value: str) -> float:
        try:
            x = cast(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {value!r}") from None
        if not lo <= x <= hi:
            raise argparse.ArgumentTypeError(out_of_range.format(x=value))
        return x

    return parse


_confidence = _bounded(float, 0.0, 1.0, "a number", "{x} is not between 0 and 1")
_port = _bounded(int, 0, 65535, "a port number", "{x} is not a port (0-65535)")


def build_parser() -> argparse.ArgumentParser:
    from unspin.version import __version__

    p = argparse.ArgumentParser(prog="unspin", description="Show how a news article tries to persuade.")
    p.add_argument("--version", action="version", version=f"unspin {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("analyze", help="analyse one article (file, URL or - for stdin)")
    a.add_argument("source", nargs="?", help="a .txt/.html file, an http(s) URL, or - for stdin")
    a.add_argument("-f", "--format", choices=FORMATS, default="terminal",
                   help="output format (default: terminal; md = markdown; labelstudio = tasks to correct in Label Studio)")
    a.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    a.add_argument("--only", type=_names, default=[], help="comma-separated analysers to run (see --list)")
    a.add_argument("--skip", type=_names, default=[], help="comma-separated analysers to leave out")
    a.add_argument("--list", action="store_true", help="list the analysers and exit")
    a.add_argument("--title", help="article title (metadata)")
    a.add_argument("--date", help="publication date, e.g. 2025-12-30 (metadata)")
    a.add_argument("--source-name", dest="source_name", metavar="NAME", help="outlet name (metadata)")
    a.add_argument("--max-bytes", type=int, default=1_000_000, help="largest input accepted (default 1000000)")
    a.add_argument("--min-confidence", type=_confidence, default=None, metavar="X",
                   help="leave out findings below this confidence, 0-1 (default: each analyser's own floor; 0 lists every finding)")
    a.add_argument("--allow-private-urls", action="store_true", help="allow fetching loopback/private/link-local URLs")
    a.add_argument("--debug", action="store_true", help="show tracebacks on errors")

    sub.add_parser("schema", help="print the JSON Schema of the Report")

    sv = sub.add_parser("serve", help="run the web page and HTTP API (needs the [web] extra)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    sv.add_argument("--workers", type=int, default=1,
                    help="analysis processes; each loads the models once (about 500 MB each)")
    sv.add_argument("--token", default=None,
                    help="require 'Authorization: Bearer TOKEN' on every API route but /api/health "
                         "(default: $UNSPIN_TOKEN)")
    sv.add_argument("--no-auth", action="store_true",
                    help="allow a non-loopback --host without a token (anyone who reaches it can read and delete)")
    sv.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                    help="a Host header to answer besides loopback and the bound address (repeatable)")
    sv.add_argument("--keep-days", type=float, default=30.0, help="delete saved analyses after this many days (default 30)")
    sv.add_argument("--max-store-mb", type=float, default=500.0,
                    help="keep saved analyses under this size, oldest dropped first (default 500)")
    sv.add_argument("--db", default=None, help="SQLite file for saved analyses (default: the user's data directory)")
    sv.add_argument("--max-body-bytes", type=int, default=2_000_000, help="largest request body (default 2000000)")
    sv.add_argument("--timeout", type=float, default=60.0, help="seconds before an analysis gets 504 (default 60)")
    sv.add_argument("--queue", type=int, default=16, help="analyses that may wait before 429 (default 16)")

    bt = sub.add_parser("batch", help="analyse a corpus resumably into DuckDB or Parquet (needs the [batch] extra)")
    bt.add_argument("input", help="folder of .txt/.html, .jsonl, .csv, or an RSS/Atom feed (file or URL)")
    bt.add_argument("-o", "--output", required=True, help="DuckDB file (default format) or Parquet folder")
    bt.add_argument("--workers", type=int, default=None,
                    help="worker processes (local) or actors (ray), ~600 MB each; default one per core, at most 4")
    bt.add_argument("--threads", type=int, default=1,
                    help="model threads per local worker (default 1: one worker per core is faster than threads)")
    bt.add_argument("--engine", choices=("local", "ray"), default="local", help="local process pool or a Ray cluster")
    bt.add_argument("--address", help="Ray cluster address (host:port); default: start a local Ray")
    bt.add_argument("--format", dest="out_format", choices=("duckdb", "parquet"), default="duckdb",
                    help="local engine output; the Ray engine always writes Parquet")
    bt.add_argument("--limit", type=int, default=0, help="analyse at most this many input articles")
    bt.add_argument("--only", type=_names, default=[], help="comma-separated analysers to run")
    bt.add_argument("--skip", type=_names, default=[], help="comma-separated analysers to leave out")
    bt.add_argument("--retry-errors", action="store_true", help="re-analyse articles that failed before")
    bt.add_argument("--min-confidence", type=_confidence, default=None, metavar="X",
                    help="leave out findings below this confidence, 0-1 (default: each analyser's own floor)")

    co = sub.add_parser("corpus", help="numbers and an HTML dashboard for a batch result")
    csub = co.add_subparsers(dest="corpus", metavar="ACTION")
    cs = csub.add_parser("stats", help="print corpus numbers as tables")
    cs.add_argument("result", help="batch output: DuckDB file or Parquet folder")
    cs.add_argument("--json", action="store_true", help="print JSON instead of tables")
    cr = csub.add_parser("report", help="write a standalone offline HTML dashboard")
    cr.add_argument("result", help="batch output: DuckDB file or Parquet folder")
    cr.add_argument("-o", "--output", required=True, help="HTML file to write")

    nr = sub.add_parser("narratives", help="documented disinformation narratives: search, add your own, rebuild")
    nsub = nr.add_subparsers(dest="narratives", metavar="ACTION")
    ns = nsub.add_parser("search", help="the k nearest documented cases to a text")
    ns.add_argument("text", help="a claim or sentence")
    ns.add_argument("-k", type=int, default=5, help="how many cases (default 5)")
    ns.add_argument("-f", "--format", dest="nformat", choices=("text", "json"), default="text", help="output format")
    na = nsub.add_parser("add", help="add your own cases (CSV/JSONL with text,url[,title,date,label] or ClaimReview JSON)")
    na.add_argument("file")
    nrm = nsub.add_parser("remove", help="remove your own cases by id (see list)")
    nrm.add_argument("ids", nargs="*", help="case ids")
    nrm.add_argument("--all", action="store_true", help="remove all of your own cases")
    nsub.add_parser("list", help="list your own cases")
    nb = nsub.add_parser("build", help="rebuild the shipped EUvsDisinfo index and recalibrate its threshold")
    nb.add_argument("--data", default="../shared/data/euvsdisinfo", help="the euvsdisinfo/ data folder")
    nb.add_argument("--out", default=None, help="output folder (default: the package's models/narratives)")

    b = sub.add_parser("bench", help="run unspin on public benchmark files, in their formats")
    bsub = b.add_subparsers(dest="bench", metavar="TASK")
    si = bsub.add_parser("ptc-si", help="PTC span identification: print id<TAB>start<TAB>end")
    si.add_argument("articles", help="folder of article<ID>.txt files")
    si.add_argument("--gold", help="SI or TC labels file/folder: also print P/R/F1 to stderr")
    si.add_argument("--min-confidence", type=_confidence, default=None, metavar="X",
                    help="leave out spans below this confidence, 0-1 (default: the technique analyser's floor)")
    tc = bsub.add_parser("ptc-tc", help="PTC technique classification of given spans")
    tc.add_argument("articles", help="folder of article<ID>.txt files")
    tc.add_argument("--spans", required=True, help="template: id<TAB>?<TAB>start<TAB>end per line (a labels file works)")
    tc.add_argument("--gold", help="TC labels file/folder: also print micro-F1 to stderr")
    ct = bsub.add_parser("checkthat", help="CheckThat! check-worthiness: print Sentence_id<TAB>Yes|No<TAB>score")
    ct.add_argument("file", help="TSV with header Sentence_id<TAB>Text (class_label optional)")
    ct.add_argument("--gold", help="TSV with class_label: also print P/R/F1 of Yes to stderr")
    hx = bsub.add_parser("hatexplain", help="HateXplain comment labels: print id<TAB>label")
    hx.add_argument("file", help='JSON lines {"id": ..., "text": ...} (HateXplain\'s own lines work too)')
    hx.add_argument("--gold", help="HateXplain JSON lines with annotators: also print accuracy and macro-F1 to stderr")
    bc = bsub.add_parser("comments", help='comment verdicts: {"id","text"} JSON lines in, one JSON verdict line out each')
    bc.add_argument("file", help='JSON lines {"id": ..., "text": ...}')
    rf = bsub.add_parser("reference", help="rebuild the technique reference tables (propaganda vs mainstream news)")
    rf.add_argument("--propaganda", nargs="+", required=True, metavar="PATH",
                    help="folders or glob patterns of propaganda articles (shipped: ../shared/data/ptc/train-articles)")
    rf.add_argument("--mainstream", nargs="+", required=True, metavar="PATH",
                    help="folders or glob patterns of mainstream news articles (shipped: PolNeAR train nyt_*, "
                         "wash-post_*, usa-today_*, politico_*)")
    rf.add_argument("-o", "--output", help="where to write reference.json (default: the package's models/techniques)")
    pn = bsub.add_parser("polnear", help="PolNeAR attribution: one JSON line per quote (content, cue, source offsets)")
    pn.add_argument("text_dir", help="folder of *.txt articles")
    pn.add_argument("--gold", help="folder of brat .ann attributions: also print content F1 and speaker accuracy")

    dw = sub.add_parser("dogwhistles", help="install a coded-term glossary that comments are searched for")
    dsub = dw.add_subparsers(dest="dogwhistles", metavar="ACTION")
    dwa = dsub.add_parser("add", help="install a glossary TSV (the format of Mendelsohn et al. 2023)")
    dwa.add_argument("file")
    dsub.add_parser("list", help="the installed glossary: terms, in-groups and meanings")

    im = sub.add_parser("import", help="bring corrected annotations back (Label Studio → PTC files for training)")
    isub = im.add_subparsers(dest="importer", metavar="FROM")
    ils = isub.add_parser("labelstudio", help="a Label Studio JSON export → PTC articles and labels in a folder")
    ils.add_argument("export", nargs="?", help="the JSON export of a Label Studio project")
    ils.add_argument("-o", "--output", help="folder to write train-articles/ and train-labels-*/ into")
    ils.add_argument("--predictions", action="store_true",
                     help="take unspin's predictions for tasks nobody annotated (default: skip them)")
    ils.add_argument("--config", action="store_true", help="print the Label Studio labelling config and exit")

    t = sub.add_parser("train", help="retrain a bundled model (needs the [train] extra and the data)")
    tsub = t.add_subparsers(dest="model", metavar="MODEL")
    tt = tsub.add_parser("techniques", help="the persuasion-technique model, on PTC")
    tt.add_argument("--data", required=True, help="the ptc/ data folder")
    tt.add_argument("--out", required=True, help="output folder for the model")
    tt.add_argument("--epochs", type=int, default=5, help="training epochs (default 5, as shipped)")
    tcl = tsub.add_parser("claims", help="the check-worthiness model, on CheckThat! 2024 (writes models/claims)")
    tcl.add_argument("--data", required=True, help="the checkworthiness/ data folder")
    tcl.add_argument("--out", help="output folder (default: the package's models/claims)")
    tco = tsub.add_parser("comments", help="the reader-comment classifier, on HateXplain")
    tco.add_argument("--data", required=True, help="the hatexplain/ data folder")
    tco.add_argument("--out", required=True, help="output folder for the model")
    tco.add_argument("--epochs", type=int, default=5, help="training epochs (default 5, as shipped)")
    tat = tsub.add_parser("attribution", help="the attribution (quote) tagger, on PolNeAR")
    tat.add_argument("--data", required=True, help="the polnear/ data folder")
    tat.add_argument("--out", required=True, help="output folder for the model")
    tat.add_argument("--epochs", type=int, default=10, help="training epochs (default 10, as shipped)")
    return p


def install_hint(extra: str) -> str:
    """The command that installs an extra: editable from a source checkout, from PyPI otherwise."""
    if (Path(__file__).resolve().parents[2] / "pyproject.toml").is_file():
        return f"pip install -e '.[{extra}]'"
    return f"pip install 'unspin[{extra}]'"


def check_output(output: str | None, what: str = "-o") -> None:
    """Refuse an output path that cannot be written, before any work (exit 2, one line)."""
    if not output:
        return
    import os

    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{what} {output} is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{what} {output}: the folder {parent} does not exist")
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{what} {output} cannot be written (permission denied)")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{what} {output}: cannot create files in {parent} (permission denied)")


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_analyze(args: argparse.Namespace) -> int:
    from unspin import api

    if args.list:
        for name, description, always in api.analysers():
            print(f"{name:<12} {description}{' (always runs)' if always else ''}")
        return 0
    if not args.source:
        raise UsageError("give a file, a URL or - (stdin) to analyse")
    if args.max_bytes <= 0:
        raise ConfigError("--max-bytes must be positive")
    check_output(args.output)
    from unspin.api import Options, analyze_source
    from unspin.render import render

    options = Options(
        only=args.only, skip=args.skip, title=args.title, date=args.date, source=args.source_name,
        max_bytes=args.max_bytes, allow_private_urls=args.allow_private_urls, min_confidence=args.min_confidence,
    )
    for note in api.selection(options).notes():  # fail on bad names before reading input; say what was added
        print(f"note: {note}", file=sys.stderr)
    report = analyze_source(args.source, options=options)
    fmt = args.format
    if fmt == "terminal":  # colours only for a terminal; plain text into files and pipes
        from unspin.render.terminal import render as render_terminal

        _write(render_terminal(report, color=not args.output and sys.stdout.isatty()), args.output)
        return 0
    _write(render(report, fmt), args.output)
    return 0


def cmd_schema(_args: argparse.Namespace) -> int:
    from unspin.report import Report

    print(json.dumps(Report.model_json_schema(), indent=2))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    try:
        import uvicorn  # noqa: F401
    except ImportError:
        raise ConfigError(f"the web server needs the [web] extra: {install_hint('web')}") from None
    from unspin.web.app import Settings
    from unspin.web.server import allowed_hosts, is_loopback, serve

    token = args.token or os.environ.get("UNSPIN_TOKEN") or None
    if not is_loopback(args.host) and token is None:
        if not args.no_auth:
            raise UsageError(f"--host {args.host} is reachable from other machines: give --token (or UNSPIN_TOKEN), "
                             "or --no-auth to serve without one")
        print(f"unspin: warning: serving on {args.host} without a token: anyone who can reach it can run, "
              "read and delete analyses", file=sys.stderr)
    if args.workers < 1 or args.queue < 0 or args.timeout <= 0 or args.max_body_bytes <= 0:
        raise UsageError("--workers and --max-body-bytes must be at least 1, --queue at least 0, --timeout positive")
    if args.db:
        check_output(args.db, "--db")
    settings = Settings(max_body_bytes=args.max_body_bytes, timeout_s=args.timeout, queue=args.queue,
                        workers=args.workers, token=token, allowed_hosts=allowed_hosts(args.host, args.allowed_host),
                        keep_days=args.keep_days, max_store_bytes=int(args.max_store_mb * 1_000_000), db_path=args.db)
    serve(settings, args.host, args.port)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        raise ConfigError(f"batch needs the [batch] extra: {install_hint('batch')}") from None
    from unspin.batch import run_batch

    if args.out_format == "duckdb" and args.engine == "local":
        check_output(args.output)

    if (args.workers is not None and args.workers < 1) or args.threads < 1:
        raise UsageError("--workers and --threads must be at least 1")
    fmt = "parquet" if args.engine == "ray" else args.out_format
    result = run_batch(args.input, args.output, engine=args.engine, fmt=fmt, workers=args.workers,
                       threads=args.threads, address=args.address,
                       only=args.only, skip=args.skip, limit=args.limit, retry_errors=args.retry_errors,
                       min_confidence=args.min_confidence)
    print(json.dumps(result), file=sys.stderr)
    return 0


def cmd_corpus(args: argparse.Namespace) -> int:
    from unspin.batch.corpus import dashboard, format_tables, stats

    if args.corpus == "stats":
        s = stats(args.result)
        sys.stdout.write(json.dumps(s, indent=2) + "\n" if args.json else format_tables(s))
        return 0
    if args.corpus == "report":
        Path(args.output).write_text(dashboard(args.result), encoding="utf-8")
        return 0
    raise ConfigError("choose: unspin corpus stats|report")


def cmd_narratives(args: argparse.Namespace) -> int:
    from unspin.narratives import user
    from unspin.narratives.index import load_index

    action = args.narratives
    if action == "search":
        if args.k < 1:
            raise ConfigError("-k must be at least 1")
        if not args.text.strip():
            raise UsageError("the search text is empty")
        matches = load_index().search_verified([args.text], k=args.k)[0]
        if args.nformat == "json":
            print(json.dumps([{**{k: m.as_dict()[k] for k in ("title", "url", "date", "score")},
                               "confidence": round(p, 4)} for m, p in matches], indent=2))
        else:
            for m, p in matches:
                print(f"{p:.3f}  sim {m.score:.3f}  {m.case.date or '':<10}  {m.case.title}\n       {m.case.url or '(no url)'}")
        return 0
    if action == "add":
        n = user.add(Path(args.file))
        print(f"added {n} new case(s)", file=sys.stderr)
        return 0
    if action == "remove":
        if not args.ids and not args.all:
            raise ConfigError("give case ids or --all")
        print(f"removed {user.remove(args.ids, args.all)} case(s)", file=sys.stderr)
        return 0
    if action == "list":
        for c in user.listing():
            print(f"{c.id}\t{c.date or ''}\t{c.label or ''}\t{c.title}\t{c.url or ''}")
        return 0
    if action == "build":
        from unspin.narratives.build import build

        out = Path(args.out) if args.out else Path(__file__).resolve().parent / "models" / "narratives"
        meta = build(Path(args.data), out)
        print(json.dumps(meta["calibration"], indent=2))
        return 0
    raise ConfigError("choose: unspin narratives search|add|remove|list|build")


def cmd_dogwhistles(args: argparse.Namespace) -> int:
    from unspin import api

    if args.dogwhistles == "add":
        n = api.install_glossary(args.file)
        print(f"installed {n} surface forms into {api.glossary_path()}", file=sys.stderr)
        return 0
    if args.dogwhistles == "list":
        for form, term, group, ambiguous, meaning in api.glossary():
            print(f"{form}\t{term}\t{group}\t{'ambiguous' if ambiguous else 'distinctive'}\t{meaning}")
        return 0
    raise UsageError("choose: unspin dogwhistles add FILE | list")


def cmd_import(args: argparse.Namespace) -> int:
    if args.importer != "labelstudio":
        raise UsageError("choose: unspin import labelstudio EXPORT.json -o DIR")
    if args.config:
        from unspin.render.labelstudio import LABEL_CONFIG

        sys.stdout.write(LABEL_CONFIG)
        return 0
    if not args.export or not args.output:
        raise UsageError("give the export file and -o DIR")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {args.output} is a file; give a folder")
    from unspin.ingest.labelstudio import import_export

    got = import_export(Path(args.export), out, use_predictions=args.predictions)
    for note in got.skipped_tasks[:10] + got.skipped_spans[:10]:
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {got.articles} article(s) with {got.spans} technique span(s) to {out}; "
          f"retrain with: unspin train techniques --data {out} --out MODEL_DIR", file=sys.stderr)
    return 0 if got.articles else 2


def cmd_bench(args: argparse.Namespace) -> int:
    from unspin.bench import run_bench

    if not args.bench:
        raise ConfigError("choose a benchmark: ptc-si, ptc-tc, checkthat, hatexplain, comments, reference or polnear")
    return run_bench(args)


def cmd_train(args: argparse.Namespace) -> int:
    models = ("techniques", "claims", "comments", "attribution")
    if args.model not in models:
        raise ConfigError("choose a model to train: " + ", ".join(models))
    script = Path(__file__).resolve().parents[2] / "training" / f"{args.model}.py"
    if not script.is_file():
        raise ConfigError(f"training code is in the source checkout (training/{args.model}.py); run from a clone")
    import runpy

    sys.argv = [str(script), "--data", args.data]
    if args.out:
        sys.argv += ["--out", args.out]
    if getattr(args, "epochs", None):
        sys.argv += ["--epochs", str(args.epochs)]
    runpy.run_path(str(script), run_name="__main__")
    return 0


COMMANDS = {"dogwhistles": cmd_dogwhistles, "import": cmd_import, "analyze": cmd_analyze, "schema": cmd_schema, "serve": cmd_serve, "batch": cmd_batch, "corpus": cmd_corpus, "narratives": cmd_narratives, "bench": cmd_bench, "train": cmd_train}


# commands that end the process when they return: nothing of theirs runs at exit
ONE_SHOT = frozenset({"analyze", "schema"})
_last_command: str | None = None


def main(argv: Sequence[str] | None = None) -> int:
    global _last_command
    # numpy's BLAS (loaded later, with the models) starts one spinning thread per core unless told otherwise at
    # load time; unspin's matrix products are small and run between model calls, and those threads only took CPU
    # from the models and from other workers (benchmarks/batch_speed.json). A user's own setting wins
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    _last_command = args.command
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except UnspinError as exc:
        if args.debug:
            raise
        print(f"unspin: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        print(f"unspin: internal error: {exc.__class__.__name__}: {exc} (rerun with --debug)", file=sys.stderr)
        return 1


def entry() -> None:
    """The `unspin` command. After a one-shot command such as ``analyze`` the process ends at once, once its output
    is flushed: tearing down the loaded models (ONNX sessions, the spaCy pipeline, a few hundred thousand objects)
    took about 0.4 s of a cold ``unspin analyze`` (benchmarks/cold_start.py) and served nothing."""
    code = main()
    if _last_command in ONE_SHOT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            pass
        else:
            os._exit(code)
    raise SystemExit(code)


if __name__ == "__main__":
    entry()
