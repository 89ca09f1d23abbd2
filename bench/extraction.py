"""Body-extraction benchmark: Warta's generic extractor against trafilatura and readability-lxml.

Run: .venv/bin/python bench/extraction.py [--aeb DIR] [--repeat N]
Table 1 scores every extractor on the article-extraction benchmark (shingle F1, see bench/aeb_metric.py)
and times it in the same run; table 2 checks the demo portal's bodies through its profile.
The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from aeb_metric import score  # noqa: E402

Extractor = Callable[[str, str], str]


def load_aeb(directory: Path) -> list[tuple[str, str, str, str]]:
    """(id, url, html, truth) of every benchmark page that can be read; unreadable ones are counted."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    skipped = 0
    for page_id in sorted(truth):
        path = directory / "html" / f"{page_id}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        except (OSError, EOFError) as error:
            skipped += 1
            print(f"skipped {page_id}: {error}", file=sys.stderr)
            continue
        pages.append((page_id, truth[page_id].get("url", ""), html, truth[page_id].get("articleBody") or ""))
    if skipped:
        print(f"{skipped} pages skipped", file=sys.stderr)
    return pages


def warta_extractor() -> tuple[str, Extractor]:
    """The project's extractor: extract_article when it exists, else the bare generic body finder."""
    try:
        from crawler.extract import extract_article  # type: ignore[attr-defined]
    except ImportError:
        extract_article = None
    if extract_article is not None:

        def run_article(html: str, url: str) -> str:
            return extract_article(html, url).get("articleBody") or ""

        return "extract_article", run_article

    from lxml import html as lxml_html

    from crawler.extract.generic import find_body_paragraphs

    def run_generic(html: str, url: str) -> str:
        if not html.strip():
            return ""
        root = lxml_html.document_fromstring(html)
        return "\n\n".join(find_body_paragraphs(root))

    return "find_body_paragraphs", run_generic


def trafilatura_extractor(favor_precision: bool) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        return (
            trafilatura.extract(html, url=url, include_comments=False, favor_precision=favor_precision) or ""
        )

    return run


def readability_extractor() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document

    blocks = re.compile(r"</?(p|div|h[1-6]|li|tr|br|blockquote|pre)\b[^>]*>", re.IGNORECASE)

    def run(html: str, url: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        root = lxml_html.fragment_fromstring(blocks.sub("\n\n", summary), create_parent="div")
        return root.text_content()

    return run


def measure(extractor: Extractor, pages: list[tuple[str, str, str, str]], repeat: int) -> dict:
    """Score one extractor and time it (best of `repeat` passes); a crash on a page counts as empty."""
    outputs: list[str] = []
    best = float("inf")
    errors = 0
    for attempt in range(repeat):
        outputs = []
        errors = 0
        started = time.perf_counter()
        for _, url, html, _ in pages:
            try:
                outputs.append(extractor(html, url))
            except Exception as error:  # a library failing on one page must not end the benchmark
                errors += 1
                outputs.append("")
                if attempt == 0:
                    print(f"  error on {url}: {type(error).__name__}: {error}", file=sys.stderr)
        best = min(best, time.perf_counter() - started)
    result = score((truth, out) for (_, _, _, truth), out in zip(pages, outputs, strict=True))
    return {
        "f1": round(result.f1, 4),
        "precision": round(result.precision, 4),
        "recall": round(result.recall, 4),
        "empty": result.empty,
        "errors": errors,
        "pages_per_s": round(len(pages) / best, 1),
    }


def print_table(title: str, rows: dict[str, dict], columns: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'extractor':<28}" + "".join(f"{c:>12}" for c in columns))
    for name, row in rows.items():
        print(f"{name:<28}" + "".join(f"{row.get(c, ''):>12}" for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=REPO / ".." / "shared" / "bench" / "aeb")
    parser.add_argument("--repeat", type=int, default=1, help="timing passes per extractor (best kept)")
    args = parser.parse_args()

    pages = load_aeb(args.aeb)
    print(f"article-extraction-benchmark: {len(pages)} pages from {args.aeb}")
    warta_name, warta = warta_extractor()
    rows = {
        f"warta ({warta_name})": measure(warta, pages, args.repeat),
        "trafilatura (default)": measure(trafilatura_extractor(False), pages, args.repeat),
        "trafilatura (favor_precision)": measure(trafilatura_extractor(True), pages, args.repeat),
        "readability-lxml": measure(readability_extractor(), pages, args.repeat),
    }
    print_table(
        "Table 1: article bodies (shingle F1)",
        rows,
        ["f1", "precision", "recall", "empty", "errors", "pages_per_s"],
    )
    ours, trafilatura_default = next(iter(rows.values())), rows["trafilatura (default)"]
    ratio = round(ours["pages_per_s"] / trafilatura_default["pages_per_s"], 2)
    print(f"\nspeed of warta vs trafilatura (default): {ratio}x")
    figures = {
        "aeb": {
            "warta": ours,
            "trafilatura": trafilatura_default,
            "trafilatura_favor_precision": rows["trafilatura (favor_precision)"],
            "readability": rows["readability-lxml"],
        },
        "speed_ratio_vs_trafilatura": ratio,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
