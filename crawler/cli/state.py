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

With ``WARTA_REDIS_URL`` set (a shared crawl, several workers) the same selection changes the article state
in Redis (``crawler.distributed.articles``) instead: refused while a worker of the spider's crawl is live,
checked again in each batch's own script, so a crawl that starts while the command runs stops it there
(exit 1, naming how far it got).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple


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


class _Opened(NamedTuple):
    """An article state the command may change: the store, where it lives (for messages), and how to
    close it (and release what keeps crawls away)."""

    store: Any
    where: str
    close: Callable[[], None]


def _open_sqlite(args: argparse.Namespace) -> _Opened | str:
    """The spider's SQLite state, locked against a crawl; or why not."""
    from crawler.errors import CannotStart
    from crawler.state.articles import SqliteArticleStore, state_file
    from crawler.state.lock import RunLock

    try:
        path = state_file(args.data_dir, args.spider)
    except ValueError as exc:
        return str(exc)
    if not Path(path).is_file():
        return f"no state for {args.spider} at {path} (nothing was crawled with this data folder)"
    try:  # a crawl of the spider holds its state (and settles its run when the store opens): never share it
        lock = RunLock(state_file(args.data_dir, args.spider, ".lock"), args.spider)
    except CannotStart as exc:
        return str(exc)
    store = SqliteArticleStore(path)

    def close() -> None:
        store.close()
        lock.release()

    return _Opened(store, str(path), close)


def _open_redis(args: argparse.Namespace) -> _Opened | str:
    """The spider's article state in Redis, while no worker of its crawl is live; or why not."""
    from redis.exceptions import RedisError
    from scrapy.utils.project import get_project_settings

    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys
    from crawler.distributed.link import plain_client, where
    from crawler.distributed.workers import WorkerRegistry

    settings = get_project_settings()
    keys = CrawlKeys(args.redis_prefix or settings.get("WARTA_REDIS_PREFIX"), args.spider)
    server = plain_client(settings)
    place = f"Redis at {where(settings)} under {keys.prefix}:{args.spider}:*"
    try:
        stale_after = settings.getfloat("WARTA_REDIS_WORKER_STALE_AFTER")
        live = WorkerRegistry(server, keys.workers, "warta-state", stale_after=stale_after).others()
        known = server.exists(keys.articles, keys.fetched)
    except RedisError as exc:
        server.close()
        return f"{place}: unreachable ({exc})"
    if live:
        server.close()
        return (
            f"a crawl of {args.spider} is running on {len(live)} worker(s) ({', '.join(sorted(live))}): "
            f"its state is left alone; run this between crawls"
        )
    if not known:
        server.close()
        return f"no state for {args.spider} in {place} (nothing was crawled with this prefix)"
    store = RedisArticleStore(server, keys, worker_stale_after=stale_after)
    return _Opened(store, place, store.close)


def _redis_errors() -> tuple[type[Exception], ...]:
    """Redis' errors when a shared crawl's state is in use (redis is imported only then), and a crawl that
    started while the command ran; else none."""
    from crawler.settings import REDIS_URL

    if not REDIS_URL:
        return ()
    from redis.exceptions import RedisError

    from crawler.distributed.articles import CrawlRunning

    return (RedisError, CrawlRunning)


def run_state(args: argparse.Namespace) -> int:
    from crawler.settings import REDIS_URL

    def fail(message: str) -> int:
        print(f"warta state: {message}", file=sys.stderr)
        return 1

    if bool(args.url) == bool(args.since or args.until):
        return fail("select articles with --url, or with --since and/or --until (not both)")
    try:
        start, end = window(args.since, args.until) if not args.url else (0.0, 0.0)
    except ValueError as exc:
        return fail(str(exc))
    opened = _open_redis(args) if REDIS_URL else _open_sqlite(args)
    if isinstance(opened, str):
        return fail(opened)
    store = opened.store
    try:
        if args.url:
            selected = store.known_urls(candidates(args.url))
            if not selected:
                return fail(f"none of {', '.join(args.url)} is in the state of {args.spider}")
        else:
            selected = store.urls_between(start, end, exported_only=args.action == "reexport")
        if args.dry_run:
            print(f"{args.action}: {len(selected)} URLs of {args.spider} would change (dry run)")
            for url in selected:
                print(f"  {url}")
            return 0
        changed = store.forget(selected) if args.action == "forget" else store.mark_for_reexport(selected)
    # Redis gone or a crawl started mid-change: each batch of URLs changed whole or not at all
    except _redis_errors() as exc:
        return fail(f"{opened.where}: {type(exc).__name__}: {exc}")
    finally:
        opened.close()
    done = "forgotten" if args.action == "forget" else "marked for re-export"
    print(f"{changed} URLs of {args.spider} {done} in {opened.where}")
    return 0
