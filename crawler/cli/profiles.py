"""``warta profiles check``: every profile loaded as a crawl loads it (TOML syntax, keys and their types,
URL, paging and dateline patterns, every CSS selector compiled by the extractor's own compilers,
``crawler.profiles`` and ``crawler.extract.profile_check``); exit 1 when any is broken."""

from __future__ import annotations

import sys


def check_profiles() -> int:
    from crawler.profiles import PORTALS_DIR, broken_profiles, profile_names

    names = profile_names()
    broken = broken_profiles()
    for name in names:
        if name in broken:
            print(f"BROKEN {name}: {broken[name]}")
        else:
            print(f"ok     {name}")
    summary = f"{len(names) - len(broken)} of {len(names)} profiles in {PORTALS_DIR} load"
    if broken:
        print(f"warta profiles check: {summary}; broken: {', '.join(sorted(broken))}", file=sys.stderr)
        return 1
    print(summary)
    return 0
