"""The `vnpress` command line: the only module that wires nlp, corpus and scrapers together."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from corpus.export import export_csv_folder, iter_records, write_csv, write_jsonl
from corpus.queries import MentionFilter, citation_index, citing_articles, list_mentions
from corpus.store import Store, StoreError, default_db_path
from nlp import analyze
from nlp.pipeline import RefDateError, parse_ref_date
from nlp.records import Article
from nlp.scoring import KINDS, GoldError, load_gold, score

F = TypeVar("F", bound=Callable[..., Any])


class InputError(Exception):
    """Bad input in one file or line: reported in one line, the run goes on with the rest."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line and stop with a non-zero exit (never a traceback)."""
    click.echo(f"vnpress: error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    click.echo(f"vnpress: {message}", err=True)


# -- reading input ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class InputDoc:
    """One text to extract from, with where it came from (for messages and doc_id)."""

    id: str
    text: str
    ref_date: str | None
    where: str


def read_text_file(path: str) -> str:
    """The UTF-8 text of a file, or InputError naming it; `-` is standard input."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary data, not UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


def iter_jsonl_docs(path: str, text: str) -> Iterator[InputDoc | InputError]:
    """Documents of a JSONL file; a broken line yields an InputError and the others still come."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path}:{n}: broken JSON line ({exc.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield InputError(f'{path}:{n}: a JSONL line needs a "text" string')
            continue
        ref = row.get("ref_date")
        if ref is not None and not isinstance(ref, str):
            yield InputError(f"{path}:{n}: ref_date must be a string")
            continue
        yield InputDoc(str(row.get("id", f"{path}:{n}")), row["text"], ref, f"{path}:{n}")


def iter_input_docs(files: tuple[str, ...], ref_date: str | None) -> Iterator[InputDoc | InputError]:
    for path in files or ("-",):
        try:
            text = read_text_file(path)
        except InputError as exc:
            yield exc
            continue
        if path.endswith(".jsonl"):
            for item in iter_jsonl_docs(path, text):
                if isinstance(item, InputDoc) and item.ref_date is None and ref_date:
                    item = InputDoc(item.id, item.text, ref_date, item.where)
                yield item
        else:
            if not text.strip():
                warn(f"{path}: empty, nothing to extract")
            yield InputDoc(path, text, ref_date, path)


# -- formatting ------------------------------------------------------------------------------------
def vn_number(value: float) -> str:
    """A number as Vietnamese text writes it: "." groups thousands, "," marks decimals."""
    whole, _, frac = f"{abs(value):.6f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if value < 0 else "") + grouped + (f",{frac}" if frac else "")


# Columns holding quantities, shown the Vietnamese way; ids, years and counts stay as they are.
NUMBER_COLUMNS = frozenset({"value", "value_max"})


def _short(value: Any, width: int, column: str = "") -> str:
    if column in NUMBER_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool):
        text = vn_number(value)
    else:
        text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[dict[str, Any]], columns: list[tuple[str, int]]) -> str:
    head = "  ".join(f"{name:<{w}}" for name, w in columns)
    lines = [head, "  ".join("-" * w for _, w in columns)]
    for row in rows:
        lines.append("  ".join(f"{_short(row.get(name), w, name):<{w}}" for name, w in columns).rstrip())
    return "\n".join(lines)


MENTION_COLUMNS = {
    "figure": [("text", 28), ("value", 21), ("unit", 6), ("qualifier", 9), ("quantity", 8), ("subject", 34)],
    "date": [("text", 30), ("type", 9), ("value", 24), ("mod", 9)],
    "document": [("text", 30), ("doc_type", 12), ("number", 8), ("year", 5), ("code", 12), ("issuer", 24)],
}


# -- the command group -------------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnpress")
def main() -> None:
    """vnpress: Vietnamese press and report text into figures, dates and document references."""


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite store (default: $VNPRESS_DB or ./vnpress.db).",
    )(fn)


def open_store(db: str | None) -> Store:
    try:
        return Store(db or default_db_path())
    except StoreError as exc:
        fail(str(exc))


# -- extract / eval ------------------------------------------------------------------------------------
@main.command()
@click.argument("files", nargs=-1)
@click.option("--ref-date", default=None, help="When the text was written: YYYY-MM-DD[THH:MM].")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True
)
@click.option("--kinds", default=",".join(KINDS), show_default=True, help="Mention kinds to extract.")
def extract(files: tuple[str, ...], ref_date: str | None, fmt: str, kinds: str) -> None:
    """Extract mentions from text files (`-` or none: standard input; .jsonl: one document a line)."""
    wanted = _kinds(kinds)
    try:
        parse_ref_date(ref_date)
    except RefDateError as exc:
        fail(str(exc), 2)
    failures = 0
    collected: list[dict[str, Any]] = []
    for item in iter_input_docs(files, ref_date):
        if isinstance(item, InputError):
            warn(f"error: {item}")
            failures += 1
            continue
        try:
            mentions = [m.to_dict() for m in analyze(item.text, item.ref_date, wanted).mentions]
        except RefDateError as exc:
            warn(f"error: {item.where}: {exc}")
            failures += 1
            continue
        except Exception as exc:  # an extractor bug on one document must not lose the others
            warn(f"error: {item.where}: extraction failed ({type(exc).__name__}: {exc})")
            failures += 1
            continue
        if fmt == "jsonl":
            for m in mentions:
                click.echo(json.dumps({"doc_id": item.id, **m}, ensure_ascii=False))
        elif fmt == "json":
            collected.append({"id": item.id, "mentions": mentions})
        else:
            for kind in wanted:
                rows = [m for m in mentions if m["kind"] == kind]
                if rows:
                    click.echo(f"{item.id}: {len(rows)} {kind}(s)")
                    click.echo(format_table(rows, MENTION_COLUMNS[kind]) + "\n")
    if fmt == "json":
        click.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    if failures:
        sys.exit(1)


def _kinds(value: str) -> list[str]:
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        fail(f"--kinds: unknown kind(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(KINDS)}", 2)
    return kinds


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path())
@click.option("--kinds", default=",".join(KINDS), show_default=True)
@click.option("--errors", is_flag=True, help="Also list every missed, spurious and wrong mention.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_cmd(gold: tuple[str, ...], kinds: str, errors: bool, as_json: bool) -> None:
    """Score the extractor against gold files (SPEC §4-5): P/R/F1 and attribute accuracy per kind."""
    wanted = _kinds(kinds)
    try:
        docs = load_gold([Path(g) for g in gold])
    except GoldError as exc:
        fail(str(exc))
    report = score(docs, lambda text, ref: [m.to_dict() for m in analyze(text, ref).mentions], wanted)
    if errors:
        for line in report.errors:
            click.echo(line)
        click.echo()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(f"{len(docs)} documents")
        click.echo(report.table())


# -- store: ingest / process / listings / export -------------------------------------------------------
INGEST_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".pdf", ".docx", ".doc")
REPORT_FORMATS = ("pdf", "docx", "doc")  # read by scrapers.files, chosen by content, not by name


def _expand(paths: tuple[str, ...]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in INGEST_SUFFIXES
            )
        else:
            yield path


def report_from_file(path: Path, url: str | None, ocr: bool = False) -> Article:
    """A report file (PDF, DOCX, DOC) as an Article; what the reader noticed goes to stderr."""
    from scrapers.files import FileReadError, read_file

    try:
        result = read_file(path, ocr=ocr, url=url)
    except FileReadError as exc:
        raise InputError(f"{path}: {exc}") from None
    for note in result.warnings:
        warn(f"{path}: {note}")
    if not result.article.text.strip():
        raise InputError(f"{path}: no text to read (a scan? run with --ocr)")
    return result.article


def sniff_file(path: Path) -> str:
    """The format of a file by its content: "pdf", "docx", "doc", "html", "text" …"""
    from scrapers.files import detect_format

    try:
        return detect_format(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def articles_from_file(path: Path, url: str | None, ocr: bool = False) -> Iterator[Article]:
    """Articles held by one input file: a report (PDF/DOCX/DOC), text, an HTML page, or JSONL."""
    fmt = sniff_file(path)
    if fmt in REPORT_FORMATS:
        yield report_from_file(path, url, ocr)
        return
    text = read_text_file(str(path))
    # An HTML page saved under another name (a "PDF" link that answered with a web page) is HTML.
    suffix = ".html" if fmt == "html" else path.suffix.lower()
    if suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield _article_from_json(line, f"{path}:{n}")
    elif suffix in (".html", ".htm"):
        # The site's declaration (chosen by the URL's host) or the generic extractor.
        from scrapers.extract import ExtractionError, article_from_html

        try:
            yield article_from_html(path.read_bytes(), url)
        except ExtractionError as exc:
            raise InputError(f"{path}: {exc}") from None
    else:
        if not text.strip():
            raise InputError(f"{path}: empty, nothing to ingest")
        from scrapers.textfile import ExtractionError as TextError
        from scrapers.textfile import is_page_shaped, parse_text_article

        if is_page_shaped(text):  # category, title, dateline, lead, captions, "Nguồn:" …
            try:
                yield parse_text_article(text, id=path.stem, url=url)
            except TextError as exc:
                raise InputError(f"{path}: {exc}") from None
        else:
            yield Article(id=path.stem, body=text.strip("\n"), url=url)


def _article_from_json(line: str, where: str) -> Article:
    """One article line of a JSONL file, read by the same rules as `batch` (scrapers.archives)."""
    from scrapers.archives import ReadProblem, article_from_row
    from scrapers.page import ExtractionError

    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: broken JSON line ({exc.msg})") from None
    try:
        return article_from_row(row)
    except (ReadProblem, ExtractionError) as exc:
        raise InputError(f"{where}: {exc}") from None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--url", default=None, help="The page's URL (for a single saved page).")
@click.option("--ocr", is_flag=True, help="OCR PDF pages without a text layer (needs tesseract-ocr-vie).")
@db_option
def ingest(paths: tuple[str, ...], url: str | None, ocr: bool, db: str | None) -> None:
    """Store articles from text, HTML, JSONL or report files (PDF/DOCX/DOC; folders are searched)."""
    store = open_store(db)
    added = seen = failures = 0
    for path in _expand(paths):
        try:
            articles = list(articles_from_file(path, url, ocr))
        except InputError as exc:
            warn(f"error: {exc}")
            failures += 1
            continue
        except ValueError as exc:  # an article line with an unusable value
            warn(f"error: {path}: {exc}")
            failures += 1
            continue
        seen += len(articles)
        added += store.add_articles(articles)
    click.echo(f"{added} new article(s) stored, {seen - added} already there ({store.path})")
    if failures:
        sys.exit(1)


@main.command()
@db_option
@click.option("--again", is_flag=True, help="Re-extract every article (after upgrading vnpress).")
def process(db: str | None, again: bool) -> None:
    """Extract figures, dates and documents from every stored article not yet processed."""
    from tqdm import tqdm

    from corpus.process import process_store

    store = open_store(db)
    if again:
        store.reset_processed()
    total = store.count_unprocessed()
    failed: list[str] = []

    def report(article: Article, exc: Exception) -> None:
        failed.append(article.id)
        bar.write(f"vnpress: error: article {article.id}: extraction failed ({type(exc).__name__}: {exc})")

    with tqdm(total=total, unit="article", file=sys.stderr, disable=total == 0 or None) as bar:
        done = process_store(store, on_article=lambda _a: bar.update(1), on_error=report)
    click.echo(
        f"{done} article(s) processed: {store.count('figures')} figures, {store.count('dates')} dates, "
        f"{store.count('documents')} documents in the store"
    )
    if failed:
        click.echo(
            f"{len(failed)} article(s) failed and stay unprocessed: {', '.join(failed[:10])}", err=True
        )
        sys.exit(1)


def listing_options(fn: F) -> F:
    for option in reversed(
        [
            click.option("--article", default=None, help="Only this article id."),
            click.option("--since", default=None, help="Articles published on or after (YYYY-MM-DD)."),
            click.option("--until", default=None, help="Articles published on or before (YYYY-MM-DD)."),
            click.option(
                "--search", default=None, help="Full-text search over the articles (accents optional)."
            ),
            click.option("--limit", type=int, default=None),
            click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table"),
            db_option,
        ]
    ):
        fn = option(fn)
    return fn


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: list[tuple[str, int]]) -> None:
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif fmt == "csv":
        write_csv(rows, sys.stdout)
    else:
        click.echo(format_table(rows, columns))
        click.echo(f"({len(rows)} row(s))")


@main.command()
@listing_options
@click.option("--unit", default=None, help="Only figures with this unit (VND, %, ha, lượt …).")
@click.option("--subject", default=None, help="Only figures whose subject contains this (accents optional).")
def figures(unit: str | None, subject: str | None, fmt: str, db: str | None, **flt: Any) -> None:
    """List stored figures."""
    rows = list_mentions(open_store(db), "figure", MentionFilter(unit=unit, subject=subject, **flt))
    if fmt == "table":  # a range reads as one value in the table; jsonl/csv keep both fields
        rows = [
            {**r, "value": f"{vn_number(r['value'])}–{vn_number(r['value_max'])}"}
            if r.get("value") is not None and r.get("value_max") is not None
            else r
            for r in rows
        ]
    _print_rows(rows, fmt, [("article_id", 18), *MENTION_COLUMNS["figure"]])


@main.command()
@listing_options
def dates(fmt: str, db: str | None, **flt: Any) -> None:
    """List stored dates, times and periods."""
    rows = list_mentions(open_store(db), "date", MentionFilter(**flt))
    _print_rows(rows, fmt, [("article_id", 18), *MENTION_COLUMNS["date"]])


@main.group(invoke_without_command=True)
@listing_options
@click.option("--type", "doc_type", default=None, help='Only this type ("Nghị định", "Quyết định" …).')
@click.option("--code", default=None, help="Only this code (NQ/TW, NĐ-CP …).")
@click.option("--year", type=int, default=None)
@click.option("--mentions", "each", is_flag=True, help="List every mention instead of distinct documents.")
@click.pass_context
def documents(ctx: click.Context, fmt: str, db: str | None, each: bool, **flt: Any) -> None:
    """The citation index: distinct cited documents and how many articles cite each."""
    if ctx.invoked_subcommand is not None:
        return
    store = open_store(db)
    if each:
        rows = list_mentions(store, "document", MentionFilter(**flt))
        _print_rows(rows, fmt, [("article_id", 18), *MENTION_COLUMNS["document"]])
        return
    index = citation_index(store, MentionFilter(**flt))
    _print_rows(
        index,
        fmt,
        [("articles", 8), ("mentions", 8), ("doc_type", 12), ("number", 8), ("year", 5), ("code", 14),
         ("issuer", 24), ("title", 40)],
    )  # fmt: skip


@documents.command(name="show")
@click.argument("reference")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
def documents_show(reference: str, db: str | None, fmt: str) -> None:
    """Articles citing REFERENCE (e.g. "57-NQ/TW", "100/2019/NĐ-CP"), with the citing sentence."""
    rows = citing_articles(open_store(db), reference)
    if fmt == "jsonl":
        write_jsonl(rows, sys.stdout)
        return
    if not rows:
        click.echo(f"no stored article cites {reference}")
        return
    for r in rows:
        click.echo(f"{r['article_id']}  {r.get('published_at') or ''}  {r.get('article_url') or ''}")
        click.echo(f"    {' '.join((r.get('sentence_text') or r['text']).split())}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(), default=None, help="File (jsonl) or folder (csv); default stdout.")
@click.option("--kinds", default=",".join(KINDS), show_default=True)
@db_option
def export(fmt: str, out: str | None, kinds: str, db: str | None) -> None:
    """Export stored mentions with their provenance (article, sentence, offsets)."""
    store = open_store(db)
    wanted = _kinds(kinds)
    if fmt == "csv" and out:
        counts = export_csv_folder(store, Path(out), MentionFilter())
        click.echo(", ".join(f"{n} {k}(s)" for k, n in counts.items()) + f" written to {out}", err=True)
        return
    rows = list(iter_records(store, wanted, MentionFilter()))
    if fmt == "csv":
        if len(wanted) != 1:
            fail("CSV to standard output takes one kind (--kinds figure), or give --out FOLDER", 2)
        write_csv(rows, sys.stdout)
    elif out:
        tmp = Path(out).with_name(Path(out).name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            n = write_jsonl(rows, fh)
        tmp.replace(out)
        click.echo(f"{n} record(s) written to {out}", err=True)
    else:
        write_jsonl(rows, sys.stdout)


# -- views: summarize / show / stats (issue 8) -------------------------------------------------------
def load_one_article(ref: str, db: str | None) -> Article:
    """One article named by a URL, a file (FILE.jsonl#ID picks a line), or a stored article's id."""
    if ref.startswith(("http://", "https://")):
        return _fetch_article(ref)
    path_part, _, wanted = ref.partition("#") if "#" in ref and not Path(ref).exists() else (ref, "", "")
    path = Path(path_part)
    if path.exists():
        try:
            articles = list(articles_from_file(path, None))
        except (InputError, ValueError) as exc:
            fail(str(exc))
        if wanted:
            articles = [a for a in articles if a.id == wanted]
            if not articles:
                fail(f"{path}: no article with id {wanted!r}")
        if len(articles) != 1:
            fail(f"{path}: holds {len(articles)} articles; name one as {path}#ID")
        return articles[0]
    db_path = Path(db) if db else default_db_path()
    if not db_path.exists():
        fail(f"{ref}: no such file, and no store at {db_path} to look the id up in")
    article = open_store(db).get_article(ref)
    if article is None:
        fail(f"{ref}: no such file or stored article (store {db_path})")
    return article


def _fetch_article(url: str) -> Article:
    try:
        from scrapers.extract import ExtractionError, article_from_html
        from scrapers.fetch import Fetcher, FetchError
    except ImportError as exc:
        fail(f"{url}: fetching needs the scrapers' fetch module, which is not available ({exc})")
    try:
        with Fetcher() as fetcher:
            resp = fetcher.get(url)
        return article_from_html(
            resp.content, resp.final_url, fetched_at=resp.fetched_at, content_type=resp.content_type
        )
    except FetchError as exc:
        fail(f"cannot fetch {exc}")
    except ExtractionError as exc:
        fail(f"{url}: no article on the page ({exc})")


def _load_and_analyze(ref: str, ref_date: str | None, db: str | None) -> tuple[Article, Any, str | None]:
    """The article REF names and its analysis, against --ref-date, else the publication time, else a dateline.

    A bad --ref-date fails (exit 2) before the article is loaded.
    """
    from corpus.process import ref_date_of
    from corpus.summary import find_dateline

    try:
        parse_ref_date(ref_date)
    except RefDateError as exc:
        fail(str(exc), 2)
    article = load_one_article(ref, db)
    used_ref = ref_date or ref_date_of(article.published_at) or find_dateline(article.text)
    try:
        return article, analyze(article.text, used_ref), used_ref
    except RefDateError as exc:
        fail(str(exc), 2)


@main.command()
@click.argument("ref", metavar="ARTICLE_ID|FILE|URL")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("-n", "--sentences", "n_sentences", type=click.IntRange(0, 50), default=3, show_default=True,
              help="Sentences in the extractive summary.")  # fmt: skip
@click.option("--ref-date", default=None, help="Publication time if the input has none: YYYY-MM-DD[THH:MM].")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write to this file, not stdout.")
@db_option
def summarize(
    ref: str, fmt: str, n_sentences: int, ref_date: str | None, out: str | None, db: str | None
) -> None:
    """One-page summary: headline facts, key figures, timeline, documents cited, top sentences.

    FILE is a text, HTML or JSONL file (FILE.jsonl#ID picks one article); otherwise REF is a URL or
    the id of an article in the store.
    """
    from corpus.render import render_html, render_json, render_markdown
    from corpus.summary import build_summary

    article, analysis, used_ref = _load_and_analyze(ref, ref_date, db)
    summary = build_summary(
        article, analysis, published=article.published_at or used_ref, n_sentences=n_sentences
    )
    render = {"md": render_markdown, "html": render_html, "json": render_json}[fmt]
    _emit(render(summary), out)


def _emit(text: str, out: str | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    tmp = Path(out).with_name(Path(out).name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})")
    click.echo(f"written to {out}", err=True)


@main.command()
@click.argument("ref", metavar="ARTICLE_ID|FILE|URL")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="HTML file (default: stdout).")
@click.option("--ref-date", default=None, help="Publication time if the input has none: YYYY-MM-DD[THH:MM].")
@db_option
def show(ref: str, out: str | None, ref_date: str | None, db: str | None) -> None:
    """A self-contained HTML page of the text with every mention highlighted (hover for its values)."""
    try:
        from corpus.htmlview import render_show
    except ImportError as exc:
        fail(f"show needs spaCy's displaCy: pip install 'vnpress[spacy]' ({exc})")
    from corpus.summary import guess_source, guess_title

    article, analysis, used_ref = _load_and_analyze(ref, ref_date, db)
    meta = [
        ("id", article.id),
        ("source", guess_source(article) or ""),
        ("published", article.published_at or used_ref or ""),
        ("url", article.url or ""),
    ]
    _emit(render_show(article.text, analysis.mentions, guess_title(article) or article.id, meta), out)


@main.command()
@click.argument("subject")
@click.option("--unit", default=None, help="Only figures with this unit (VND, %, ha, lượt, hộ …).")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="year", show_default=True)
@click.option("--stat", type=click.Choice(["median", "mean", "sum", "min", "max", "count"]), default="median",
              show_default=True, help="The value charted per period.")  # fmt: skip
@click.option("--chart", type=click.Path(dir_okay=False), default="vnpress-stats.png", show_default=True,
              help="PNG chart of the main unit's series.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@db_option
def stats(subject: str, unit: str | None, by: str, stat: str, chart: str, fmt: str, db: str | None) -> None:
    """How stored figures about SUBJECT (accents optional) moved: per unit and period, with a chart.

    A figure's period is the date or period written in its sentence (the end of it), else its
    article's publication date; figures with neither are counted as undated and left out.
    """
    from corpus.stats import aggregate, write_chart

    db_path = Path(db) if db else default_db_path()
    if not db_path.exists():
        fail(f"no store at {db_path}: run `vnpress ingest` and `vnpress process` first")
    result = aggregate(open_store(db), subject, unit, by)
    rows = [b.row() for b in result.buckets]
    _print_rows(
        rows,
        fmt,
        [("series", 12), ("period", 8), ("figures", 7), ("articles", 8), ("median", 14), ("mean", 14),
         ("sum", 16), ("min", 14), ("max", 14)],
    )  # fmt: skip
    click.echo(
        f"{result.matched} figure(s) match {subject!r}: {result.dated_by_text} dated by their sentence, "
        f"{result.matched - result.undated - result.dated_by_text} by publication, {result.undated} undated",
        err=True,
    )
    if not result.buckets:
        return
    main_series = result.series_names()[0]
    try:
        points = write_chart(result, main_series, stat, Path(chart))
    except RuntimeError as exc:
        fail(str(exc))
    click.echo(f"chart of {stat} per {by} ({main_series}, {points} point(s)) written to {chart}", err=True)


# -- batch / merge (issue 7) -----------------------------------------------------------------------------
def read_batch_unit(unit: Any) -> Iterator[Any]:
    """The articles of one batch unit (a corpus.batch Unit), read by the scrapers' archive readers."""
    from scrapers import archives

    if unit.kind == "warc":
        return archives.read_warc_range(unit.path, unit.start, unit.end)
    if unit.kind == "jsonl":
        return archives.read_jsonl_range(unit.path, unit.start, unit.end)
    if unit.kind == "gzjsonl":
        return archives.read_gzip_jsonl(unit.path)
    return archives.read_page_files(unit.files)


def batch_unit(task: Any) -> Any:
    """The per-unit function of `vnpress batch`: module level, so workers and clusters can unpickle it."""
    from corpus.batch import run_unit
    from corpus.process import process_article

    return run_unit(task, read_batch_unit, process_article)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", required=True, type=click.Path(), help="SQLite store file, or a folder with --format parquet."
)
@click.option(
    "--format", "fmt", type=click.Choice(["sqlite", "parquet"]), default="sqlite", show_default=True
)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes (default: all cores).")
@click.option("--shard", default=None, help="Do only shard i of N (i/N, 0 <= i < N), for array jobs.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option(
    "--scheduler", default=None, help="Dask scheduler address (tcp://HOST:8786); none: a local cluster."
)
@click.option("--chunk-size", default="1M", show_default=True, help="Bytes of input per unit of work.")
@click.option("--site", "sites", multiple=True, help="Keep only articles of this host (repeatable).")
@click.option(
    "--lang", type=click.Choice(["vi"]), default=None, help="Keep only text that reads as Vietnamese."
)
@click.option("--no-dedup", is_flag=True, help="Skip near-duplicate grouping.")
@click.option("--dup-threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when a terminal).")
def batch(
    inputs: tuple[str, ...], out: str, fmt: str, workers: int | None, shard: str | None, engine: str,
    scheduler: str | None, chunk_size: str, sites: tuple[str, ...], lang: str | None, no_dedup: bool,
    dup_threshold: float, progress: bool | None,
) -> None:  # fmt: skip
    """Process archives (WARC/WARC.gz, JSONL, folders of .html/.txt) into a store or Parquet shards.

    Resumable: finished units are listed in OUT and skipped when the same command runs again.
    """
    from corpus.batch import BatchConfig, Filters, OutputError, PlanError, parse_shard, parse_size, run_batch

    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask", 2)
    try:
        config = BatchConfig(
            inputs=inputs,
            out=Path(out),
            fmt=fmt,
            workers=workers or len(os.sched_getaffinity(0)),
            engine=engine,
            scheduler=scheduler,
            shard=parse_shard(shard) if shard else None,
            chunk_size=parse_size(chunk_size),
            filters=Filters(sites=sites, lang=lang),
            dedup=not no_dedup,
            dup_threshold=dup_threshold,
            progress=progress,
        )
        summary = run_batch(config, batch_unit, warn=warn)
    except (PlanError, OutputError, ValueError) as exc:
        fail(str(exc), 2)
    except RuntimeError as exc:
        fail(str(exc))
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    filtered = ", ".join(f"{n} by --{k}" for k, n in sorted(summary.filtered.items()))
    click.echo(
        f"{summary.articles} article(s) from {summary.units} unit(s) in {summary.seconds:.1f}s ({rate:.1f}/s); "
        f"{summary.new_articles} new in {out}; {summary.units_skipped} unit(s) already done; "
        f"{summary.problems} record(s) skipped (unreadable, or extraction failed)"
        + (f"; filtered out {filtered}" if filtered else ""),
        err=True,
    )
    if summary.duplicate_groups is not None:
        click.echo(
            f"{summary.duplicate_groups} near-duplicate group(s) covering {summary.duplicate_articles} article(s)",
            err=True,
        )
    if summary.units_failed:
        fail(
            f"{summary.units_failed} unit(s) failed and were not written; run the same command again to retry"
        )
    if summary.problems and not summary.articles and not summary.units_skipped:
        fail("no article could be read or extracted: nothing was written")


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The SQLite store to merge into.")
@click.option("--no-dedup", is_flag=True, help="Skip near-duplicate grouping.")
@click.option("--dup-threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True)
def merge(sources: tuple[str, ...], out: str, no_dedup: bool, dup_threshold: float) -> None:
    """Combine batch outputs (SQLite stores or Parquet folders, e.g. one per --shard) into one store."""
    from corpus.batch import merge_parquet_units, merge_store_units
    from corpus.dedup import group_duplicates

    target = open_store(out)
    added = 0
    for source in sources:
        path = Path(source)
        try:
            if path.is_dir():
                if not (path / "manifest.jsonl").exists():
                    fail(f"{path}: not a Parquet batch output (no manifest.jsonl)", 2)
                units, n = merge_parquet_units(target, path)
                click.echo(f"{path}: {units} unit(s), {n} new article(s)", err=True)
            else:
                if path.resolve() == target.path.resolve():
                    fail(f"{path}: is the --out store itself", 2)
                Store(path).close()  # migrate an older shard so its tables match
                n = merge_store_units(target, path)
                click.echo(f"{path}: {n} new article(s)", err=True)
        except StoreError as exc:
            fail(str(exc))
        added += n
    if not no_dedup:
        stats = group_duplicates(target, dup_threshold)
        click.echo(f"{stats.groups} near-duplicate group(s) covering {stats.articles} article(s)", err=True)
    click.echo(
        f"{added} new article(s) merged into {target.path} ({target.count('articles')} in all)", err=True
    )


# -- scraping: sites / parse / fetch / scrape / reparse ------------------------------------------------
def _parse_when(value: str | None, end_of_day: bool = False) -> Any:
    """--since/--until: YYYY-MM-DD[THH:MM], Vietnam time unless a zone is given."""
    if not value:
        return None
    from scrapers.dates import to_datetime

    when = to_datetime(value)
    if when is None:
        fail(f"bad date '{value}': use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    if end_of_day and len(value) == 10:
        when = when.replace(hour=23, minute=59, second=59)
    return when


def _article_json(article: Article) -> dict[str, Any]:
    data = article.to_dict()
    data["extra"] = dict(article.extra)
    keys = ("id", "url", "site", "title", "sapo", "published_at", "modified_at", "author", "category", "tags",
            "body", "captions", "source", "extra")  # fmt: skip
    return {k: data[k] for k in keys}


def fetch_options(fn: F) -> F:
    fn = click.option(
        "--contact", default=None, help="E-mail or URL added to the User-Agent for site owners."
    )(fn)
    fn = click.option("--delay", type=float, default=1.0, show_default=True, help="Seconds between requests to one host.")(fn)  # fmt: skip
    return fn


def _crawl_parts(db: str | None, delay: float, contact: str | None) -> tuple[Store, Any, Any]:
    from corpus.crawl_state import SqliteCrawlState
    from scrapers.archive import WarcArchive, archive_folder_for
    from scrapers.crawler import UrlRecord
    from scrapers.fetch import FetchConfig, Fetcher

    if delay < 0:
        fail("--delay must be 0 or more")
    store = open_store(db)
    archive = WarcArchive(archive_folder_for(store.path))
    fetcher = Fetcher(FetchConfig(delay=delay, contact=contact), archive=archive)
    return store, SqliteCrawlState(store, UrlRecord), fetcher


@main.command()
def sites() -> None:
    """List the sites with a declaration (scrapers/sites/*.toml); others use the generic extractor."""
    from scrapers.declarations import DeclarationError, all_declarations

    try:
        decls = all_declarations()
    except DeclarationError as exc:
        fail(str(exc))
    for d in decls:
        click.echo(f"{d.name:12} {', '.join(d.hosts)}")


@main.command()
@click.argument("file", type=click.Path())
@click.option("--url", default=None, help="The page's URL: its host chooses the site declaration.")
@click.option("--generic", is_flag=True, help="Use the generic extractor even when a declaration exists.")
@click.option("--ocr", is_flag=True, help="OCR PDF pages without a text layer (needs tesseract-ocr-vie).")
def parse(file: str, url: str | None, generic: bool, ocr: bool) -> None:
    """Print the Article read off a saved HTML page, a text file or a report (PDF/DOCX/DOC) as JSON."""
    from scrapers.extract import ExtractionError, article_from_html
    from scrapers.files import detect_format
    from scrapers.textfile import parse_text_article

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot read ({exc.strerror or exc})")
    if file != "-" and detect_format(data) in REPORT_FORMATS:
        try:
            report = report_from_file(Path(file), url, ocr)
        except InputError as exc:
            fail(str(exc))
        out = _article_json(report)
        out["self_document"] = report.to_dict().get("self_document")
        out["page_starts"] = list(report.page_starts)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    try:
        if file.lower().endswith(".txt"):
            article = parse_text_article(read_text_file(file), url=url)
        else:
            article = article_from_html(data, url, use_declaration=not generic)
    except (ExtractionError, InputError) as exc:
        fail(f"{file}: {exc}")
    click.echo(json.dumps(_article_json(article), ensure_ascii=False, indent=2))


@main.command()
@click.argument("urls", nargs=-1, required=True)
@fetch_options
@db_option
def fetch(urls: tuple[str, ...], delay: float, contact: str | None, db: str | None) -> None:
    """Fetch article URLs politely, extract and store them (raw responses go to the WARC archive)."""
    from scrapers.crawler import Crawler
    from scrapers.discovery import Discovered, normalize_url

    store, state, fetcher = _crawl_parts(db, delay, contact)
    crawler = Crawler(fetcher, state, lambda a: store.add_articles([a]) == 1, log=warn)
    with fetcher:
        for url in urls:
            if "://" not in url:
                warn(f"error: {url}: not a URL")
                continue
            state.add([Discovered(normalize_url(url))], "article")
            crawler.fetch_article(normalize_url(url))
    stats = crawler.stats
    click.echo(f"{stats.stored} new article(s) stored, {stats.failed + stats.rejected} failed ({store.path})")
    if stats.failed + stats.rejected:
        sys.exit(1)


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--since", default=None, help="Only articles published on or after this date.")
@click.option("--until", default=None, help="Only articles published on or before this date.")
@click.option("--limit", type=int, default=None, help="Stop after storing this many new articles.")
@click.option("--match", "include", multiple=True, help="Only article URLs matching this regex (repeatable).")
@click.option("--exclude", multiple=True, help="Skip article URLs matching this regex (repeatable).")
@click.option("--pages", type=int, default=5, show_default=True, help="Category pages to follow per listing.")
@click.option("--retry-failed", is_flag=True, help="Put URLs that failed earlier back in the queue.")
@fetch_options
@db_option
def scrape(targets: tuple[str, ...], since: str | None, until: str | None, limit: int | None,
           include: tuple[str, ...], exclude: tuple[str, ...], pages: int, retry_failed: bool,
           delay: float, contact: str | None, db: str | None) -> None:  # fmt: skip
    """Crawl SITE|FEED|SITEMAP|LISTING incrementally: only new URLs are fetched; a killed run resumes."""
    import re

    from scrapers.crawler import Crawler
    from scrapers.discovery import UrlFilter

    try:
        flt = UrlFilter(
            since=_parse_when(since),
            until=_parse_when(until, end_of_day=True),
            include=tuple(re.compile(p) for p in include),
            exclude=tuple(re.compile(p) for p in exclude),
        )
    except re.error as exc:
        fail(f"bad URL pattern: {exc}")
    if limit is not None and limit < 1:
        fail("--limit must be 1 or more")
    store, state, fetcher = _crawl_parts(db, delay, contact)
    if retry_failed:
        state.retry_failed()
    crawler = Crawler(
        fetcher, state, lambda a: store.add_articles([a]) == 1, url_filter=flt, limit=limit,
        max_listing_pages=pages, log=warn,
    )  # fmt: skip
    with fetcher:
        for target in targets:
            try:
                crawler.discover(target)
            except ValueError as exc:
                fail(str(exc))
        stats = crawler.run()
    counts = state.counts()
    click.echo(
        f"{stats.stored} new article(s) stored, {stats.fetched} page(s) fetched, {stats.failed} failed, "
        f"{stats.rejected} rejected, {counts.get('pending', 0)} still queued ({store.path})"
    )


@main.command()
@db_option
@click.option("--generic", is_flag=True, help="Use the generic extractor even when a declaration exists.")
@click.option("--update", is_flag=True, help="Also replace stored articles whose page now reads differently.")
def reparse(db: str | None, generic: bool, update: bool) -> None:
    """Re-read every archived page (WARC files beside the store) and store articles not yet stored.

    With --update, a stored article whose page now gives another text or other fields (after a
    site declaration was fixed) is replaced; its mentions are dropped until `vnpress process`.
    """
    from scrapers.archive import archive_folder_for, iter_archive
    from scrapers.discovery import parse_feed_or_sitemap
    from scrapers.extract import ExtractionError, article_from_html

    store = open_store(db)
    folder = archive_folder_for(store.path)
    if not folder.is_dir():
        fail(f"{folder}: no archive (nothing was fetched into this store)")
    added = pages = skipped = 0
    outcomes: Counter[str] = Counter()
    for rec in iter_archive(folder):
        if (
            rec.status != 200
            or rec.url.endswith("/robots.txt")
            or parse_feed_or_sitemap(rec.content, rec.url)
        ):
            continue
        pages += 1
        try:
            article = article_from_html(
                rec.content,
                rec.url,
                fetched_at=rec.date,
                use_declaration=not generic,
                content_type=rec.content_type,
            )
        except ExtractionError:
            skipped += 1
            continue
        new = store.add_articles([article])
        added += new
        if update and not new:
            outcomes[store.update_article(article)] += 1
    updated = (
        f", {outcomes['updated']} updated (run `vnpress process`), {outcomes['unchanged']} unchanged"
        if update
        else ""
    )
    click.echo(
        f"{pages} archived page(s) re-read: {added} new article(s) stored{updated}, {skipped} without an article"
    )
    if outcomes["conflict"]:
        warn(
            f"{outcomes['conflict']} page(s) now read as the text of another stored article: left as they were"
        )


def run() -> None:
    """Entry point with the last line of defence: any unexpected error is one line, not a traceback."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("vnpress: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the CLI contract is one line, never a traceback
        if os.environ.get("VNPRESS_DEBUG"):
            raise
        click.echo(f"vnpress: error: {type(exc).__name__}: {exc} (set VNPRESS_DEBUG=1 for details)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
