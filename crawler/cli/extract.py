"""``warta extract FILE.html --url URL``: the item one saved page gives, as JSON (``-`` reads stdin).

The same extraction the crawl runs (``crawler.extract.extract_article``), without fetching anything: for
checking a profile on a saved page, or using Warta's extractor on pages fetched elsewhere. The fields the
crawl sets at export (``crawledAt``, ``version``) are null here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from crawler.items import EXPORT_FIELDS, INTERNAL_FIELDS


def read_page(file: str) -> bytes:
    """The page's bytes (their encoding is read from the page, as in a crawl); ``-`` is standard input."""
    return sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()


def run_extract(
    file: str,
    url: str,
    *,
    profile_name: str | None = None,
    encoding: str | None = None,
    internal: bool = False,
) -> int:
    from crawler.extract import extract_article
    from crawler.profiles import ProfileError, load_profile

    if not url.startswith(("http://", "https://")):
        print(f"warta extract: --url must be an http(s) URL, got {url!r}", file=sys.stderr)
        return 1
    try:
        html = read_page(file)
    except OSError as exc:
        print(f"warta extract: cannot read {file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        profile = load_profile(profile_name) if profile_name else None
    except ProfileError as exc:
        print(f"warta extract: {exc}", file=sys.stderr)
        return 1
    item = extract_article(html, url, profile, encoding=encoding)
    names = [*EXPORT_FIELDS, *(INTERNAL_FIELDS if internal else [])]
    json.dump({name: item[name] for name in names}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
