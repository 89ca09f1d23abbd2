"""``warta state forget|reexport --spider S [--url U ... | --since D --until D]``: change what a spider's
article state (``<data>/state/<spider>.sqlite``, ``crawler.state.articles``) remembers, between crawls.

- ``forget``: the state forgets the selected URLs, whether they were exported or only fetched (a page
  dropped as empty while a profile was broken): the next run that finds them fetches them and exports
  them as new articles, ``version`` 1.
- ``reexport``: the selected exported articles are fetched again by the next run that finds them and
  exported again even if unchanged, under the ``version`` they had (a changed body gets the next one).

A window (``--since``/``--until``, UTC days, both included, either may be left out) selects the articles
last exported on those days; for ``forget`` also the URLs last fetched on them. A run finds an article
through its discovery as usual: recent ones through sitemaps, feeds and listings, older ones through a
backfill (``-a since= -a until=``) or ``-a url=``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path


def _day_start(text: str, flag: str) -> float:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} must be YYYY-MM-DD, got {text!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def window(since: str | None, until: str | None) -> tuple[float, float]:
    """[start, end) in epoch seconds for the UTC days ``since`` to ``until``, both included."""
    start = _day_start(since, "--since") if since else 0.0
    end = _day_start(until, "--until") + timedelta(days=1).total_seconds() if until else float("inf")
    if start >= end:
        raise ValueError(f"--since {since} is after --until {until}")
    return start, end


def candidates(urls: list[str]) -> list[str]:
    """Each URL as given and in its canonical form (the state is keyed by canonical URLs), each once."""
    from crawler.urls import canonicalize

    found: list[str] = []
    for url in urls:
        forms = [url]
        with contextlib.suppress(TypeError, ValueError):  # not a URL canonicalize reads: as given only
            forms.append(canonicalize(url))
        for form in forms:
            if form not in found:
                found.append(form)
    return found


def run_state(args: argparse.Namespace) -> int:
    from crawler.errors import CannotStart
    from crawler.settings import REDIS_URL
    from crawler.state.articles import SqliteArticleStore, state_file
    from crawler.state.lock import RunLock

    def fail(message: str) -> int:
        print(f"warta state: {message}", file=sys.stderr)
        return 1

    if bool(args.url) == bool(args.since or args.until):
        return fail("select articles with --url, or with --since and/or --until (not both)")
    if REDIS_URL:
        return fail(
            "WARTA_REDIS_URL is set: a shared crawl's state lives in Redis; this command changes "
            "the SQLite state of a single-machine crawl"
        )
    try:
        path = state_file(args.data_dir, args.spider)
    except ValueError as exc:
        return fail(str(exc))
    if not Path(path).is_file():
        return fail(f"no state for {args.spider} at {path} (nothing was crawled with this data folder)")
    try:  # a crawl of the spider holds its state (and settles its run when the store opens): never share it
        lock = RunLock(state_file(args.data_dir, args.spider, ".lock"), args.spider)
    except CannotStart as exc:
        return fail(str(exc))
    store = SqliteArticleStore(path)
    try:
        if args.url:
            selected = store.known_urls(candidates(args.url))
            if not selected:
                return fail(f"none of {', '.join(args.url)} is in the state of {args.spider}")
        else:
            try:
                start, end = window(args.since, args.until)
            except ValueError as exc:
                return fail(str(exc))
            selected = store.urls_between(start, end, exported_only=args.action == "reexport")
        if args.dry_run:
            print(f"{args.action}: {len(selected)} URLs of {args.spider} would change (dry run)")
            for url in selected:
                print(f"  {url}")
            return 0
        changed = store.forget(selected) if args.action == "forget" else store.mark_for_reexport(selected)
    finally:
        store.close()
        lock.release()
    done = "forgotten" if args.action == "forget" else "marked for re-export"
    print(f"{changed} URLs of {args.spider} {done} in {path}")
    return 0
