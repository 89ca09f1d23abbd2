"""Every extracted item of the bench pages, as JSON: the check that a speed change altered no output.

Run: .venv/bin/python bench/extract_dump.py OUT.json [--against OLD.json]
Extracts with ``crawler.extract.extract`` the real pages (``../shared/real-pages``: articles and home
pages, with the host's profile and on the generic path), the AEB pages (``../shared/bench/aeb``, as
``bench/extraction.py`` reads them) and the demo portal's pages (the ``jagat`` theme through the
``jagatbisnis`` profile and generic, the ``drift`` theme through the profile, ``kabarnusa``, the split
multi-page posts), and writes one record per page: the item and the diagnostics the spider reads
(``profile_misses``, ``date_disagreements``, ``next_page``, ``cut``, ``mojibake_runs``). The fetch time is
fixed, so a page without a date gives the same item on every run. ``--against`` names the records that
differ from an earlier dump and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

REFERENCE = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
DEMO_BASE = "http://127.0.0.1:8000"

LISTING_URLS = {
    "antara": "https://www.antaranews.com/",
    "detik": "https://www.detik.com/",
    "kapanlagi": "https://www.kapanlagi.com/",
    "kompas": "https://www.kompas.com/",
    "liputan6": "https://www.liputan6.com/",
    "okezone": "https://www.okezone.com/",
    "republika": "https://www.republika.co.id/",
    "tempo": "https://www.tempo.co/",
    "tempoen": "https://en.tempo.co/",
    "viva": "https://www.viva.co.id/",
}

Page = tuple[str, str, str, str | None, bool]  # key, url, html, profile name (None: lookup), generic


def real_pages(directory: Path) -> Iterator[Page]:
    """The 26 article pages and the 10 home pages, each with its host's profile and generic."""
    from w3lib.encoding import html_body_declared_encoding

    from bench.realpages import load_pages

    for page in load_pages(directory):
        for generic in (False, True):
            yield f"real/{page.id}/{'generic' if generic else 'profile'}", page.url, page.html, None, generic
    for path in sorted((directory / "listings").glob("*.html.gz")):
        raw = gzip.decompress(path.read_bytes())
        html = raw.decode(html_body_declared_encoding(raw) or "utf-8", errors="replace")
        url = LISTING_URLS[path.name.split("-")[0]]
        for generic in (False, True):
            yield f"listing/{path.name}/{'generic' if generic else 'profile'}", url, html, None, generic


def aeb_pages(directory: Path) -> Iterator[Page]:
    from bench.extraction import load_aeb

    for page_id, url, html, _ in load_aeb(directory):
        yield f"aeb/{page_id}", url or "https://example.com/article", html, None, True


def demo_pages() -> Iterator[Page]:
    from demoportal.routes import Router
    from demoportal.site import build_site
    from demoportal.themes import get_theme
    from demoportal.truth import expected_items

    runs = [
        ("jagat", build_site(), "jagat", ("jagatbisnis", None)),
        ("drift", build_site(), "drift", ("jagatbisnis",)),
        ("kabarnusa", build_site(portal="kabarnusa"), "jagat", (None,)),
        ("split", build_site(split_pages=True), "jagat", ("jagatbisnis",)),
    ]
    for label, site, theme, profiles in runs:
        router = Router(site, get_theme(theme), DEMO_BASE)
        paths = [item["url"][len(DEMO_BASE) :] for item in expected_items(site, DEMO_BASE)]
        if label == "split":  # the posts served over several pages: first pages and later ones
            paths = [p + f"{n}/" for p in paths for n in (2, 3)] + paths
        for path in paths:
            response = router.resolve(path)
            if response.status != 200:
                continue
            html = response.body.decode("utf-8")
            for profile in profiles:
                generic = profile is None and label != "kabarnusa"
                yield f"demo-{label}{path}/{profile or 'generic'}", DEMO_BASE + path, html, profile, generic


def record(url: str, html: str, profile_name: str | None, generic: bool) -> dict:
    from crawler.extract import article
    from crawler.profiles import load_profile

    profile = load_profile(profile_name) if profile_name else None
    saved = article.profile_for_url
    if generic:
        article.profile_for_url = lambda url: None
    try:
        extraction = article.extract(html, url, profile, reference=REFERENCE)
        return {
            "item": dataclasses.asdict(extraction.item),
            "profile_misses": extraction.profile_misses,
            "date_disagreements": extraction.date_disagreements,
            "next_page": extraction.next_page,
            "cut": extraction.cut,
            "mojibake_runs": extraction.mojibake_runs,
        }
    except Exception as error:  # an exception is an output too
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        article.profile_for_url = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--real", type=Path, default=REPO.parent / "shared" / "real-pages")
    parser.add_argument("--aeb", type=Path, default=REPO.parent / "shared" / "bench" / "aeb")
    args = parser.parse_args()
    records = {}
    for key, url, html, profile, generic in [*real_pages(args.real), *aeb_pages(args.aeb), *demo_pages()]:
        records[key] = record(url, html, profile, generic)
    args.out.write_text(json.dumps(records, indent=1, sort_keys=True, default=str), encoding="utf-8")
    print(f"{len(records)} records written to {args.out}")
    figures: dict[str, object] = {"records": len(records), "out": str(args.out)}
    differ: list[str] = []
    if args.against:
        old = json.loads(args.against.read_text(encoding="utf-8"))
        new = json.loads(args.out.read_text(encoding="utf-8"))
        differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for key in differ[:20]:
            print(f"differs: {key}")
        print(f"{len(differ)} of {len(old)} records differ from {args.against}")
        figures.update(against=str(args.against), differ=len(differ))
    print(json.dumps(figures))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
