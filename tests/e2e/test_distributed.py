"""Distributed mode against the real Redis: the compatibility layer fact by fact, then two real workers.

Every test uses its own key prefix, so tests running in parallel (pytest -n) never share a crawl.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider, DropItem, ScrapyDeprecationWarning
from scrapy.utils.test import get_crawler

from tests.conftest import FAST_LOCAL, ROOT, read_jsonl
from tests.unit.test_distributed_settings import _distributed_settings

REDIS_ADDON = ["-s", 'ADDONS={"crawler.distributed.addon.RedisAddon": 0}']


# ----- helpers shared with test_postgres.py and the benchmark's approach ---------------------------------
def start_worker(
    base_url: str, export: Path, data_dir: Path, settings: dict[str, str], env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """One ``scrapy crawl`` worker process, as an operator would start it on another machine."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", "-a", f"base_url={base_url}"]
    cmd += [*FAST_LOCAL, *REDIS_ADDON, "-O", str(export)]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    full_env = {**os.environ, "WARTA_DATA_DIR": str(data_dir), **(env or {})}
    log = (export.with_suffix(".log")).open("w", encoding="utf-8")
    return subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT, text=True)


# How long a gated portal holds requests for the workers still starting.
GATE_SECONDS = 120


def run_workers(
    n: int, base_url: str, tmp: Path, settings: dict[str, str], timeout: float = 300
) -> list[dict[str, Any]]:
    """Start ``n`` workers at once on one shared crawl; wait for all; their exit codes, exports, logs.
    Their downloads wait longer than a gated portal may hold a request (a worker that started first must
    not time out while the others are still starting on a loaded machine)."""
    settings = {"DOWNLOAD_TIMEOUT": str(GATE_SECONDS + 60), **settings}
    procs = []
    for i in range(n):
        export = tmp / f"worker{i}.jsonl"
        procs.append((export, start_worker(base_url, export, tmp / f"data{i}", settings)))
    results = []
    for export, proc in procs:
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
        log = export.with_suffix(".log").read_text(encoding="utf-8")
        results.append({"code": code, "items": read_jsonl(export), "log": log})
    return results


def gated_portal(
    redis_url: str, prefix: str, workers: int, until_all_lease: bool = False, **kwargs: Any
) -> Any:
    """The demo portal, answering nothing until ``workers`` workers have joined the shared crawl.

    Workers join (in the Redis worker table) before their first request, so the crawl starts only once
    all of them are in it, however slowly a loaded machine starts the processes. With ``until_all_lease``
    it also holds article pages until every worker holds a request of the crawl: a worker whose engine
    starts late on a loaded machine would otherwise find the whole portal crawled by the other.
    """
    import re
    import threading
    from urllib.parse import urlsplit

    from demoportal.server import DemoServer

    table = redis_client(redis_url)
    key = f"{prefix}:jagatbisnis:workers"
    leases = f"{prefix}:jagatbisnis:leases"
    article = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")

    def all_leased() -> bool:  # lease fields are "<worker>#<n>"
        return len({field.split(b"#")[0] for field in table.hkeys(leases)}) >= workers

    class GatedPortal(DemoServer):
        def __init__(self) -> None:
            super().__init__(**kwargs)
            self.gate = threading.Event()
            self.all_in = threading.Event()

        def respond(self, target: str) -> Any:
            deadline = time.monotonic() + GATE_SECONDS
            while not self.gate.is_set() and time.monotonic() < deadline:
                if table.hlen(key) >= workers:
                    self.gate.set()
                else:
                    time.sleep(0.05)  # polls the worker table for the condition
            if until_all_lease and article.match(urlsplit(target).path):
                while not self.all_in.is_set() and time.monotonic() < deadline:
                    if all_leased():
                        self.all_in.set()
                    else:
                        time.sleep(0.05)  # polls the leases for the condition
            return super().respond(target)

    return GatedPortal()


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A fresh key prefix, removed afterwards."""
    name = f"wartatest-{uuid.uuid4().hex[:10]}"
    yield name
    server = redis_client(redis_url)
    keys = list(server.scan_iter(f"{name}:*"))
    if keys:
        server.delete(*keys)
    shutil.rmtree(Path(tempfile.gettempdir()) / "warta-tests" / name, ignore_errors=True)


@pytest.fixture(scope="module")
def truth_urls() -> set[str]:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    # Canonical URLs are compared by path: each test serves the portal on its own port.
    return {_path(item["canonicalUrl"]) for item in expected_items(build_site(), "http://127.0.0.1:1")}


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def test_shared_queue_pops_by_priority_then_newest_first(redis_url, prefix):
    scheduler = _scheduler(_crawler(redis_url, prefix))
    for path, priority in (("a", 0), ("b", 0), ("urgent", 5), ("c", 0), ("late", -1)):
        scheduler.enqueue_request(Request(f"http://127.0.0.1:8081/{path}/", priority=priority))
    order = [scheduler.next_request().url.rsplit("/", 2)[1] for _ in range(5)]
    assert order == ["urgent", "c", "b", "a", "late"]
    assert scheduler.next_request() is None
    scheduler.close("finished")


# ----- the compatibility layer, one fact at a time ----------------------------------------------------
def _crawler(redis_url: str, prefix: str, **extra: Any) -> Any:
    """A real crawler of the jagatbisnis spider, configured for distributed mode, with its spider made."""
    from spiders.portals import JagatbisnisSpider

    # The workers' journals (crawler/distributed/journal.py) go to a folder of the test's own.
    extra.setdefault("WARTA_DATA_DIR", str(Path(tempfile.gettempdir()) / "warta-tests" / prefix))
    full = _distributed_settings(redis_url, prefix, **extra)
    wanted = ["SCHEDULER", "DUPEFILTER_CLASS", "SCHEDULER_QUEUE_CLASS", "SCHEDULER_QUEUE_KEY"]
    wanted += ["SCHEDULER_DUPEFILTER_KEY", "REDIS_URL", "WARTA_REDIS_PREFIX", "WARTA_ARTICLE_STORE", *extra]
    crawler = get_crawler(JagatbisnisSpider, {name: full[name] for name in wanted})
    crawler.spider = JagatbisnisSpider.from_crawler(crawler, base_url="http://127.0.0.1:8081")
    return crawler


def _scheduler(crawler: Any) -> Any:
    from crawler.distributed.compat import SharedScheduler

    scheduler = SharedScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


def test_fact4_stats_spider_argument_is_dropped(redis_url, prefix):
    crawler = _crawler(redis_url, prefix)
    # The fact itself: Scrapy 2.19 warns when a stats call passes spider=.
    with pytest.warns(ScrapyDeprecationWarning):
        crawler.stats.inc_value("probe", spider=crawler.spider)
    # The scheduler counts through the wrapper: no warning (pytest turns one into an error), same counts.
    scheduler = _scheduler(crawler)
    assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/a/"))
    assert scheduler.next_request().url == "http://127.0.0.1:8081/a/"
    assert crawler.stats.get_value("scheduler/enqueued/redis") == 1
    assert crawler.stats.get_value("scheduler/dequeued/redis") == 1
    scheduler.close("finished")


def test_joining_a_crawl_in_progress_logs_without_deprecated_spider_log(redis_url, prefix, caplog):
    first = _scheduler(_crawler(redis_url, prefix))
    first.enqueue_request(Request("http://127.0.0.1:8081/queued/"))
    assert first.flush() == 1  # on its heartbeat, or with its next pop
    caplog.set_level("INFO")
    second = _scheduler(_crawler(redis_url, prefix))  # scrapy-redis would call Spider.log() here
    assert "joining a shared crawl with 1 requests queued" in caplog.text
    assert second.next_request().url == "http://127.0.0.1:8081/queued/"
    first.close("finished")
    second.close("finished")


def test_fact2_first_worker_out_leaves_the_queue_last_one_clears_it(redis_url, prefix):
    server = redis_client(redis_url)
    first = _scheduler(_crawler(redis_url, prefix))
    second = _scheduler(_crawler(redis_url, prefix))
    for n in range(3):
        first.enqueue_request(Request(f"http://127.0.0.1:8081/page/{n}/"))
    queue_key, filter_key = f"{prefix}:jagatbisnis:requests", f"{prefix}:jagatbisnis:dupefilter"

    first.close("finished")  # plain scrapy-redis with SCHEDULER_PERSIST=False would wipe both keys here
    assert server.zcard(queue_key) == 3
    assert server.scard(filter_key) == 3
    assert second.enqueue_request(Request("http://127.0.0.1:8081/page/0/"))
    assert second.flush() == 0, "fingerprints were lost"
    assert second.next_request() is not None

    second.close("finished")
    assert not server.exists(queue_key, filter_key, f"{prefix}:jagatbisnis:workers")


def test_fact2_scheduler_persist_keeps_the_crawl_for_a_resume(redis_url, prefix):
    server = redis_client(redis_url)
    only = _scheduler(_crawler(redis_url, prefix, SCHEDULER_PERSIST=True))
    only.enqueue_request(Request("http://127.0.0.1:8081/later/"))
    only.close("shutdown")
    assert server.zcard(f"{prefix}:jagatbisnis:requests") == 1
    resumed = _scheduler(_crawler(redis_url, prefix, SCHEDULER_PERSIST=True))
    assert resumed.next_request().url == "http://127.0.0.1:8081/later/"
    resumed.close("finished")


def test_a_new_crawl_clears_what_a_crashed_one_left(redis_url, prefix):
    server = redis_client(redis_url)
    crashed = _scheduler(_crawler(redis_url, prefix))
    crashed.enqueue_request(Request("http://127.0.0.1:8081/stale/"))
    assert crashed.flush() == 1
    server.set(f"{prefix}:jagatbisnis:seeded", "1")
    server.delete(f"{prefix}:jagatbisnis:workers")  # the process died without leaving
    fresh = _scheduler(_crawler(redis_url, prefix))
    assert len(fresh) == 0
    assert not server.exists(f"{prefix}:jagatbisnis:seeded")
    assert fresh.enqueue_request(Request("http://127.0.0.1:8081/stale/"))
    assert fresh.flush() == 1, "old fingerprints survived"
    fresh.close("finished")


async def _drain(iterator: AsyncIterator[Any]) -> list[Any]:
    return [x async for x in iterator]


async def _no_start() -> AsyncIterator[Any]:
    for _ in ():
        yield _


def test_fact1_seeds_in_redis_are_read_at_start_not_at_first_idle(redis_url, prefix):
    from crawler.distributed.middleware import SharedCrawl

    server = redis_client(redis_url)
    crawler = _crawler(redis_url, prefix)
    seeds_key = f"{prefix}:jagatbisnis:start_urls"
    server.set(f"{prefix}:jagatbisnis:seeded", "1")  # another worker already seeded this crawl
    server.rpush(
        seeds_key,
        json.dumps({"url": "http://127.0.0.1:8081/feed/", "callback": "parse_feed"}),
        "http://127.0.0.1:8081/2022/03/15/china-sebut-rusia/",
        "not a url",
        json.dumps({"url": "http://127.0.0.1:8081/x/", "callback": "no_such_method"}),
        '{"url": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nested deeper than the decoder follows
    )
    middleware = SharedCrawl(crawler)
    requests = asyncio.run(_drain(middleware.process_start(_no_start())))
    assert [(r.url, r.callback.__name__) for r in requests] == [
        ("http://127.0.0.1:8081/feed/", "parse_feed"),
        ("http://127.0.0.1:8081/2022/03/15/china-sebut-rusia/", "parse_article"),
    ]
    assert crawler.stats.get_value("warta/distributed/bad_seed") == 3
    assert server.llen(seeds_key) == 0


def test_a_seed_keeps_its_callback_errback_meta_and_priority(redis_url, prefix):
    from crawler.distributed.seeds import seed_from_json, seed_to_json

    spider = _crawler(redis_url, prefix).spider
    original = Request(
        "http://127.0.0.1:8081/2022/03/15/berita/",
        callback=spider.parse_article,
        errback=spider.article_failed,
        meta={"warta_signal": "2022-03-15T08:12:40+07:00"},
        priority=3,
    )
    again = seed_from_json(seed_to_json(original), spider)
    assert (again.url, again.callback, again.errback) == (
        original.url,
        spider.parse_article,
        spider.article_failed,
    )
    assert (again.meta, again.priority) == ({"warta_signal": "2022-03-15T08:12:40+07:00"}, 3)
    assert seed_to_json(Request("http://127.0.0.1:8081/x/", callback=lambda r: None)) is None


def test_fact1_only_one_worker_pushes_the_spiders_own_seeds(redis_url, prefix):
    from crawler.distributed.middleware import SharedCrawl

    first, second = _crawler(redis_url, prefix), _crawler(redis_url, prefix)
    got_first = asyncio.run(_drain(SharedCrawl(first).process_start(first.spider.start())))
    got_second = asyncio.run(_drain(SharedCrawl(second).process_start(second.spider.start())))
    urls = sorted(r.url for r in got_first + got_second)
    # The profile's sitemaps, feed and home page, each once across both workers.
    assert urls == sorted(
        [
            "http://127.0.0.1:8081/sitemap_index.xml",
            "http://127.0.0.1:8081/news-sitemap.xml",
            "http://127.0.0.1:8081/feed/",
            "http://127.0.0.1:8081/",
        ]
    )
    assert first.stats.get_value("warta/distributed/seeds_pushed") == 4
    assert second.stats.get_value("warta/distributed/seeds_pushed") is None


def test_with_own_seeds_off_only_pushed_seeds_are_crawled(redis_url, prefix):
    from crawler.distributed.middleware import SharedCrawl

    crawler = _crawler(redis_url, prefix, WARTA_REDIS_OWN_SEEDS=False)
    article = "http://127.0.0.1:8081/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
    redis_client(redis_url).rpush(f"{prefix}:jagatbisnis:start_urls", json.dumps({"url": article}))
    got = asyncio.run(_drain(SharedCrawl(crawler).process_start(crawler.spider.start())))
    assert [(r.url, r.callback.__name__) for r in got] == [(article, "parse_article")]


def _idle_middleware(redis_url: str, prefix: str, confirm: float) -> Any:
    from crawler.distributed.middleware import SharedCrawl

    crawler = _crawler(redis_url, prefix, WARTA_REDIS_IDLE_CONFIRM=confirm)
    scheduler = _scheduler(crawler)  # registers this worker
    middleware = SharedCrawl(crawler)
    middleware._poke_soon = lambda: None  # no engine here: the test calls spider_idle itself
    return middleware, scheduler


def _stays_open(middleware: Any) -> bool:
    try:
        middleware.spider_idle()
    except DontCloseSpider:
        return True
    return False


def test_fact3_an_idle_worker_waits_while_another_is_busy(redis_url, prefix):
    waiting, _ = _idle_middleware(redis_url, prefix, confirm=0.3)
    other, _ = _idle_middleware(redis_url, prefix, confirm=0.3)
    other.run.registry.report(busy=True, journals="*")
    for _ in range(3):
        assert _stays_open(waiting)
        time.sleep(0.15)
    other.run.registry.report(busy=False, journals="*")
    assert _stays_open(waiting), "must see everyone idle for the confirm time, not once"
    time.sleep(0.35)
    assert not _stays_open(waiting)


def test_fact5_a_worker_whose_pop_found_nothing_looks_again_soon_once_another_queued_work(redis_url, prefix):
    """Scrapy's engine asks a scheduler that handed out nothing but reports pending requests again only on
    its 5 s heartbeat: the worker asks for a look within the idle poll instead (a crawl's start, the seeder
    queueing its sitemaps' articles just after the other worker's first, empty pop)."""
    seeder = _scheduler(_crawler(redis_url, prefix))
    other = _scheduler(_crawler(redis_url, prefix))
    looks: list[str] = []
    other.run.look_again = lambda: looks.append("look")
    assert other.next_request() is None
    assert not other.has_pending_requests()
    assert looks == []
    seeder.enqueue_request(Request("http://127.0.0.1:8081/2022/03/15/dari-sitemap/"))
    seeder.flush()  # in the shared queue now, as after the seeder's next pop
    assert other.has_pending_requests()
    assert looks == ["look"]
    assert other.next_request().url == "http://127.0.0.1:8081/2022/03/15/dari-sitemap/"
    assert not other.has_pending_requests()
    assert looks == ["look"]
    for scheduler in (other, seeder):
        scheduler.close("finished")


def test_fact3_queued_work_or_new_seeds_keep_a_worker_open(redis_url, prefix):
    server = redis_client(redis_url)
    waiting, scheduler = _idle_middleware(redis_url, prefix, confirm=0.0)
    scheduler.enqueue_request(Request("http://127.0.0.1:8081/more/"))
    assert _stays_open(waiting)
    scheduler.next_request()
    crawled = []
    # An engine with nothing in flight: the request popped above was handled, its lease ends.
    idle = SimpleNamespace(downloader=SimpleNamespace(active=set()), scraper=SimpleNamespace(slot=None))
    waiting.crawler.engine = SimpleNamespace(crawl=crawled.append, **vars(idle))
    server.rpush(f"{prefix}:jagatbisnis:start_urls", "http://127.0.0.1:8081/pushed-later/")
    assert _stays_open(waiting)
    assert [r.url for r in crawled] == ["http://127.0.0.1:8081/pushed-later/"]
    assert not _stays_open(waiting)


def test_fact3_seeds_another_worker_took_and_has_not_queued_keep_a_worker_open(redis_url, prefix):
    server = redis_client(redis_url)
    waiting, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    other, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    # its heartbeat has not caught up with the seeds it took
    other.run.registry.report(busy=False, journals="*")
    server.rpush(f"{prefix}:jagatbisnis:start_urls", "http://127.0.0.1:8081/pushed/")
    taken = other.run.seeds.pop(other.crawler.spider, 10)
    assert [r.url for r in taken] == ["http://127.0.0.1:8081/pushed/"]
    assert server.llen(f"{prefix}:jagatbisnis:start_urls") == 0
    assert _stays_open(waiting), "the seed is in nobody's queue yet, but it is still work"
    other.run.seeds.ack()  # the other worker queued it (or found it unusable)
    assert not _stays_open(waiting)


def test_fact3_a_request_being_handled_elsewhere_keeps_a_worker_open_until_settled(redis_url, prefix):
    from crawler.distributed.quiet import look

    waiting, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    other, other_scheduler = _idle_middleware(redis_url, prefix, confirm=0.0)
    other_scheduler.enqueue_request(Request("http://127.0.0.1:8081/being-handled/"))
    request = other_scheduler.next_request()
    other.run.registry.report(busy=False, journals="*")
    state = look(other.run.server, other.run.keys, waiting.run.registry.me, 30.0)
    assert (state.queued, state.leased, state.seeds, state.busy_workers) == (0, 1, 0, 0)
    assert _stays_open(waiting)
    # A redirect: the engine still holds the original (its slot's ``inprogress``) while the new request is
    # queued, so the lease of the original must not end yet.
    slot = SimpleNamespace(inprogress={request})
    engine = SimpleNamespace(downloader=SimpleNamespace(active=set()), scraper=SimpleNamespace(slot=None))
    other.crawler.engine = SimpleNamespace(_slot=slot, **vars(engine))
    assert other_scheduler.settle() == 0
    assert _stays_open(waiting)
    slot.inprogress.clear()
    assert other_scheduler.settle() == 1
    assert not _stays_open(waiting)


def test_leases_whose_reply_was_lost_go_back_to_the_crawl_once_redis_answers(redis_url, prefix):
    """A pop that Redis ran while its reply was lost (the worker timed out while Redis hung) leaves a
    lease under this worker's name that it never handles nor ends: both workers waited for it forever (the
    crawl never finished). A seed lease lost so was also overwritten by the worker's next seed pop."""
    from redis.exceptions import RedisError, TimeoutError

    from crawler.distributed.seeds import _TAKE

    def reply_lost(script: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            script(*args, **kwargs)  # Redis ran it ...
            raise TimeoutError("Timeout reading from socket")  # ... the worker never heard back

        return run

    server = redis_client(redis_url)
    worker, scheduler = _idle_middleware(redis_url, prefix, confirm=0.0)
    other, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    idle = SimpleNamespace(downloader=SimpleNamespace(active=set()), scraper=SimpleNamespace(slot=None))
    worker.crawler.engine = SimpleNamespace(crawl=lambda request: None, unpause=lambda: None, **vars(idle))
    url = "http://127.0.0.1:8081/2022/03/15/balasan-hilang/"
    scheduler.enqueue_request(Request(url))
    scheduler.flush()
    queue = scheduler.queue
    push_and_pop, queue._push_and_pop = queue._push_and_pop, reply_lost(queue._push_and_pop)
    with pytest.raises(RedisError):
        queue.pop()
    queue._push_and_pop = push_and_pop
    seeds, spider = worker.run.seeds, worker.crawler.spider
    server.rpush(seeds.key, "http://127.0.0.1:8081/feed/")
    seeds._take = reply_lost(server.register_script(_TAKE))
    with pytest.raises(RedisError):
        seeds.pop(spider, 10)
    seeds._take = None
    server.rpush(seeds.key, "http://127.0.0.1:8081/sitemap.xml")
    assert [r.url for r in seeds.pop(spider, 10)] == ["http://127.0.0.1:8081/sitemap.xml"]
    seeds.ack()
    assert server.hlen(seeds.leases) == 1, "the lost seed lease was overwritten by the next pop"
    assert _stays_open(other)

    worker.redis_up(1.0)  # Redis answers again
    assert server.hlen(queue.leases_key) == 0 and server.hlen(seeds.leases) == 0
    assert worker.crawler.stats.get_value("warta/distributed/lost_replies_given_back") == 2
    assert scheduler.next_request().url == url
    assert [r.url for r in seeds.pop(spider, 10)] == ["http://127.0.0.1:8081/feed/"]


def test_a_seeding_claim_whose_reply_was_lost_is_still_this_workers(redis_url, prefix):
    """Redis set the seeding flag but the worker timed out: when it asks again the flag is its own. A bare
    flag answered "taken" to the one worker that had taken it, and nobody pushed the spider's seeds."""
    from redis.exceptions import RedisError, TimeoutError

    first, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    second, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    seeds = first.run.seeds
    server = seeds.server

    def set_reply_lost(*args: Any, **kwargs: Any) -> Any:
        server.set(*args, **kwargs)
        raise TimeoutError("Timeout reading from socket")

    seeds.server = SimpleNamespace(set=set_reply_lost, get=server.get)
    with pytest.raises(RedisError):
        seeds.claim_seeding()
    seeds.server = server
    assert seeds.claim_seeding()
    assert not second.run.seeds.claim_seeding()


def test_fact3_a_dead_worker_does_not_hold_the_crawl_open(redis_url, prefix):
    server = redis_client(redis_url)
    waiting, _ = _idle_middleware(redis_url, prefix, confirm=0.0)
    seconds, _ = server.time()
    server.hset(f"{prefix}:jagatbisnis:workers", "gone:1:1", json.dumps({"busy": True, "at": seconds - 600}))
    server.hset(f"{prefix}:jagatbisnis:workers", "garbage", "not json")
    assert not _stays_open(waiting)


def test_shared_dedup_state_claims_a_body_once(redis_url, prefix):
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys

    store = RedisArticleStore(redis_client(redis_url), CrawlKeys(prefix, "jagatbisnis"))
    assert store.claim_body("f1", "https://a/1/") == ("https://a/1/", True)
    assert store.claim_body("f1", "https://a/2/") == ("https://a/1/", False)
    store.release_body("f1", "https://a/2/")  # not its claim: nothing happens
    assert store.body_owner("f1") == "https://a/1/"
    store.record("https://a/1/", "f1", 1, "jagatbisnis", None)
    known = store.get("https://a/1/")
    assert (known.fingerprint, known.version) == ("f1", 1)
    assert store.get("https://a/unknown/") is None
    assert len(store) == 1


def test_two_workers_never_both_export_one_article(redis_url, prefix, tmp_path):
    from scrapy.exceptions import DropItem

    from pipelines.dedup_redis import RedisDedupPipeline

    def worker() -> RedisDedupPipeline:
        crawler = _crawler(redis_url, prefix, WARTA_NEARDUP_ENABLED=False, WARTA_DATA_DIR=str(tmp_path))
        pipeline = RedisDedupPipeline.from_crawler(crawler)
        pipeline.open_spider()
        return pipeline

    first, second = worker(), worker()
    body = "JagatBisnis.com – China mengatakan Rusia bersedia mengadakan pembicaraan perdamaian."

    def article(url: str) -> dict:
        return {"canonicalUrl": url, "fingerprint": "f" * 40, "articleBody": body, "portal": "jagatbisnis"}

    url = "http://127.0.0.1:8081/2022/03/15/china-sebut-rusia/"
    # Both fetched the page (say under two query strings) before either export was recorded.
    assert first.process_item(article(url))["version"] == 1
    with pytest.raises(DropItem, match="exported by another worker"):
        second.process_item(article(url))
    with pytest.raises(DropItem, match="duplicate_body"):  # the same body under another URL
        second.process_item(article("http://127.0.0.1:8081/2022/03/15/salinan/"))
    assert second.stats.get_value("warta/dropped/duplicate_url") == 1


def test_a_worker_taken_for_dead_while_stalled_leaves_no_claim_behind(redis_url, prefix, tmp_path):
    """A worker whose heartbeat stalled past the limit is reaped (its requests re-queued, its claims freed)
    while it still runs; a claim it made then, before dying for good, outlived it and made the page's next
    fetch by the live worker a "duplicate" of an export that never happened: an article lost, run OK."""
    from redis.exceptions import RedisError
    from scrapy.exceptions import DropItem

    from crawler.distributed.leases import reap
    from crawler.distributed.run import shared_run
    from pipelines.dedup_redis import RedisDedupPipeline

    def worker() -> tuple[RedisDedupPipeline, Any]:
        crawler = _crawler(redis_url, prefix, WARTA_NEARDUP_ENABLED=False, WARTA_DATA_DIR=str(tmp_path))
        pipeline = RedisDedupPipeline.from_crawler(crawler)
        pipeline.open_spider()
        run = shared_run(crawler)
        run.registry.register()
        return pipeline, run

    (stalled, stalled_run), (live, live_run) = worker(), worker()
    for run in (stalled_run, live_run):  # a heartbeat each: their journals know each other
        run.registry.report(busy=True, journals=run.store.journal_ack())
    server = redis_client(redis_url)
    seconds, _ = server.time()
    old = json.dumps({"busy": True, "at": seconds - 600})  # its last heartbeat, long ago
    server.hset(stalled_run.registry.key, stalled_run.registry.me, old)
    registry = live_run.registry
    assert reap(live_run.server, live_run.keys, registry.me, registry.stale_after).workers == 1

    body = "JagatBisnis.com – China mengatakan Rusia bersedia mengadakan pembicaraan perdamaian."
    url = "http://127.0.0.1:8081/2022/03/15/china-sebut-rusia/"
    article = {"canonicalUrl": url, "fingerprint": "f" * 40, "articleBody": body, "portal": "jagatbisnis"}
    with pytest.raises(RedisError, match="taken for dead"):  # the stalled worker wakes up: no export
        stalled.process_item(dict(article))
    # ... and is killed. The live worker fetches the page again (its request came back) and exports it.
    reap(live_run.server, live_run.keys, registry.me, registry.stale_after)
    try:
        assert live.process_item(dict(article))["canonicalUrl"] == url
    except DropItem as drop:
        pytest.fail(f"the page the reaped worker held was dropped: {drop}")


def _joining_worker(redis_url: str, prefix: str, folder: Path) -> tuple[Any, Any]:
    """A worker's dedup pipeline and shared run, registered and reconciled as the scheduler leaves them
    when the worker opens, its journal in ``folder``."""
    from crawler.distributed.run import shared_run
    from pipelines.dedup_redis import RedisDedupPipeline

    crawler = _crawler(redis_url, prefix, WARTA_NEARDUP_ENABLED=False, WARTA_DATA_DIR=str(folder))
    pipeline = RedisDedupPipeline.from_crawler(crawler)
    pipeline.open_spider()
    run = shared_run(crawler)
    run.registry.register()
    run.store.reconcile()
    return pipeline, run


def _beat(run: Any) -> None:
    """What ``SharedCrawl._beat`` does, in its order: copy the crawl's journals, then acknowledge them."""
    run.store.sync_journals()
    run.registry.report(busy=True, journals=run.store.journal_ack())


def test_a_worker_exports_only_once_every_live_worker_has_written_its_journal_down(
    redis_url, prefix, tmp_path
):
    """A worker learns of another's journal on its heartbeat. One that joined after the other's last beat
    and exported at once left articles that, should Redis lose the state before that beat, the other worker
    (starting first) would export again: its journal would not name the missing one (bench/faults.py
    redis-gone: 23 duplicates, one run in three). The export waits for the acknowledgement instead."""
    import asyncio

    _, first_run = _joining_worker(redis_url, prefix, tmp_path / "first")
    _beat(first_run)
    # the second worker joins after the first one's beat
    second, second_run = _joining_worker(redis_url, prefix, tmp_path / "second")
    _beat(second_run)
    body = "JagatBisnis.com – China mengatakan Rusia bersedia mengadakan pembicaraan perdamaian."
    url = "http://127.0.0.1:8081/2022/03/15/china-sebut-rusia/"
    article = {"canonicalUrl": url, "fingerprint": "f" * 40, "articleBody": body, "portal": "jagatbisnis"}

    first_knows = lambda: second_run.store.journal.journal_id in first_run.store.journal.known_journals()  # noqa: E731
    assert not first_knows()
    waiting = second.process_item(dict(article))
    assert asyncio.iscoroutine(waiting), "exported before the first worker's journal named this one"
    waiting.close()
    assert not second_run.store.peers_know_journal()
    _beat(first_run)  # its next heartbeat writes the second journal down, then acknowledges it
    assert first_knows()
    assert second_run.store.peers_know_journal()
    assert second.process_item(dict(article))["version"] == 1


def test_items_held_for_the_acknowledgements_share_one_watch_of_them(
    redis_url, prefix, tmp_path, monkeypatch
):
    """Items that arrive while a joining worker waits for the acknowledgements wait on one watch: Redis is
    asked once a poll, not once a poll for each held item; the acknowledgement wakes them all and each is
    exported."""
    import asyncio

    import pipelines.dedup_redis

    polls: list[asyncio.Future[None]] = []

    async def one_poll(seconds: float) -> None:  # a poll the test ends when it chooses, not a clock
        polls.append(asyncio.get_running_loop().create_future())
        await polls[-1]

    monkeypatch.setattr(pipelines.dedup_redis, "sleep", one_poll)

    _, first_run = _joining_worker(redis_url, prefix, tmp_path / "first")
    _beat(first_run)
    second, second_run = _joining_worker(redis_url, prefix, tmp_path / "second")
    _beat(second_run)
    articles = [
        {
            "canonicalUrl": f"http://127.0.0.1:8081/2022/03/15/berita-{n}/",
            "fingerprint": f"{n:x}" * 40,
            "articleBody": f"Berita nomor {n} tentang pembicaraan perdamaian di Jakarta pada Senin.",
            "portal": "jagatbisnis",
        }
        for n in range(1, 5)
    ]

    async def hold_then_acknowledge() -> list[Any]:
        held = [asyncio.ensure_future(second.process_item(dict(article))) for article in articles]
        for _ in range(1000):  # let every held item reach its wait
            await asyncio.sleep(0)
            if polls and all(not task.done() for task in held):
                break
        assert len(polls) == 1, f"{len(polls)} polls waiting for {len(held)} held items"
        _beat(first_run)  # the acknowledgement arrives
        polls[0].set_result(None)
        return await asyncio.gather(*held)

    exported = asyncio.run(hold_then_acknowledge())
    assert [item["canonicalUrl"] for item in exported] == [a["canonicalUrl"] for a in articles]
    assert len(polls) == 1


def test_shared_incremental_state_keeps_the_latest_change_signal(redis_url, prefix):
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys

    store = RedisArticleStore(redis_client(redis_url), CrawlKeys(prefix, "jagatbisnis"))
    url = "https://jagatbisnis.com/2022/03/15/berita/"
    assert store.fetched_signal(url) == (False, None)
    store.mark_fetched(url, None)
    assert store.fetched_signal(url) == (True, None)
    store.mark_fetched(url, "2022-03-15T08:12:40+07:00")
    store.mark_fetched(url, "2022-03-14T10:00:00+07:00")  # an older signal never wins
    store.mark_fetched(url, None)
    assert store.fetched_signal(url) == (True, "2022-03-15T08:12:40+07:00")
    assert store.page_age("https://jagatbisnis.com/feed/") is None
    store.mark_page("https://jagatbisnis.com/feed/")
    assert 0 <= store.page_age("https://jagatbisnis.com/feed/") < 60


def _round_trips(monkeypatch: Any) -> list[bytes]:
    """Every command or pipeline this process sends to Redis from now on (one entry a round trip)."""
    import redis.connection

    sent: list[bytes] = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counted(self: Any, command: Any, check_health: bool = True) -> Any:
        sent.append(command if isinstance(command, bytes) else b"".join(command))
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    return sent


def test_an_article_is_recorded_in_one_round_trip_and_a_replay_merges(redis_url, prefix, monkeypatch):
    """A record and its fetched mark are one script call (in a redis-py pipeline a script costs a second
    round trip, SCRIPT EXISTS, every time); a replay of many records is one call too and merges as the
    records always did: a later version and the first owner of a body stay, the larger signal wins."""
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.journal import JournalArticle
    from crawler.distributed.keys import CrawlKeys

    keys = CrawlKeys(prefix, "jagatbisnis")
    store = RedisArticleStore(redis_client(redis_url), keys)
    first, other = "https://jagatbisnis.com/2022/03/15/satu/", "https://jagatbisnis.com/2022/03/15/dua/"
    store.record(first, "a" * 40, 1, "jagatbisnis", None, "2022-03-15T08:00:00+07:00")  # scripts loaded
    sent = _round_trips(monkeypatch)
    store.record(
        first, "b" * 40, 2, "jagatbisnis", None, "2022-03-16T08:00:00+07:00", fetched_url=first + "?p=1"
    )
    assert len(sent) == 1 and not any(b"SCRIPT" in command for command in sent)
    sent.clear()
    replayed = [
        JournalArticle(first, "a" * 40, 1, "jagatbisnis", None, "2022-03-17T08:00:00+07:00"),  # older version
        JournalArticle(other, "a" * 40, 1, "jagatbisnis", None, None),  # the body "a" has its owner
    ]
    store._write_records(replayed, [(other, "2022-03-14T08:00:00+07:00")], kind="replay")
    assert len(sent) == 1
    assert store.get(first).version == 2 and store.get(first).fingerprint == "b" * 40
    assert store.get(other).version == 1
    assert store.body_owner("a" * 40) == first and store.body_owner("b" * 40) == first
    assert store.fetched_signal(first) == (True, "2022-03-17T08:00:00+07:00")
    assert store.fetched_signal(first + "?p=1") == (True, "2022-03-16T08:00:00+07:00")
    assert store.fetched_signal(other) == (True, "2022-03-14T08:00:00+07:00")
    recorded = redis_client(redis_url).smembers(keys.recorded)
    assert recorded == {first.encode()}, "a replay does not count as recorded in this crawl"


def test_a_busy_worker_takes_start_seeds_a_few_at_a_time(redis_url, prefix):
    """Seeds stay in the shared list until a worker has room: the other worker can still take them."""
    from crawler.distributed.middleware import SharedCrawl

    seeds_key = f"{prefix}:jagatbisnis:start_urls"
    urls = [f"http://127.0.0.1:8081/2022/03/{day:02d}/berita-{day}/" for day in range(1, 29)]
    server = redis_client(redis_url)
    server.rpush(seeds_key, *urls)

    def worker() -> Any:
        crawler = _crawler(redis_url, prefix, WARTA_REDIS_OWN_SEEDS=False, WARTA_REDIS_START_BATCH=8)
        return SharedCrawl(crawler).process_start(_no_start())

    async def crawl_both() -> tuple[list[Any], list[Any], int]:
        busy, other = worker(), worker()
        first = [await anext(busy)]  # the busy worker has room for one request so far
        left_after_first = server.llen(seeds_key)
        taken_by_other = await _drain(other)
        return first + await _drain(busy), taken_by_other, left_after_first

    busy_got, other_got, left = asyncio.run(crawl_both())
    assert left == len(urls) - 8
    assert len(busy_got) == 8 and len(other_got) == len(urls) - 8
    assert sorted(r.url for r in busy_got + other_got) == sorted(urls)


def _near_dup_worker(redis_url: str, prefix: str, tmp_path: Path) -> Any:
    from pipelines.dedup_redis import RedisDedupPipeline

    crawler = _crawler(redis_url, prefix, WARTA_DATA_DIR=str(tmp_path))
    pipeline = RedisDedupPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def _story(url: str, body: str, portal: str = "jagatbisnis") -> dict:
    from crawler.extract.article import fingerprint

    return {"canonicalUrl": url, "fingerprint": fingerprint(body), "articleBody": body, "portal": portal}


def test_workers_share_one_near_duplicate_index(redis_url, prefix, tmp_path):
    """The same story re-published under a new slug, fetched by the other worker, is a copy; on another
    portal it is kept and points at the first; nothing of the index is in the workers' data folders."""
    from scrapy.exceptions import DropItem

    from crawler.distributed.neardup import RedisNearDupStore
    from tests.unit.test_neardup import ORIGINAL_URL, republished, seed_body

    first = _near_dup_worker(redis_url, prefix, tmp_path / "one")
    second = _near_dup_worker(redis_url, prefix, tmp_path / "two")
    assert isinstance(first.neardup.store, RedisNearDupStore)
    assert first.process_item(_story(ORIGINAL_URL, seed_body()))["duplicateOf"] is None
    copy = _story("https://jagatbisnis.com/2022/03/16/rusia-siap-berunding/", republished(seed_body()))
    with pytest.raises(DropItem, match="near_duplicate"):
        second.process_item(copy)
    elsewhere = _story("https://www.kompas.com/read/2022/03/15/rusia", republished(seed_body()), "kompas")
    assert second.process_item(elsewhere)["duplicateOf"] == ORIGINAL_URL
    assert second.stats.get_value("warta/dropped/near_duplicate") == 1
    assert not list(tmp_path.rglob("neardup.sqlite"))


def test_a_run_whose_feed_failed_leaves_nothing_in_the_shared_near_duplicate_index(
    redis_url, prefix, tmp_path
):
    """A feed that held the run's articles until close (S3, a compressed file) failed to store them: nobody
    received the original, so the same story under a new slug, read by the next run, is kept, not dropped
    as the copy of an article nobody got; the worker's journal cannot bring the entry back either."""
    from tests.unit.test_neardup import ORIGINAL_URL, republished, seed_body

    first = _near_dup_worker(redis_url, prefix, tmp_path / "one")
    original = first.process_item({**_story(ORIGINAL_URL, seed_body()), "url": ORIGINAL_URL})
    first.item_delivered(original, None, awaits_store=True)
    journal = first.store.journal
    assert ORIGINAL_URL in {entry.key for entry in journal.neardups(unsynced_only=False)}
    first.feeds_settled(failed=["S3FeedStorage"], revoked=True)
    assert first.stats.get_value("warta/state/rolled_back") == 1
    assert ORIGINAL_URL not in {entry.key for entry in journal.neardups(unsynced_only=False)}

    second = _near_dup_worker(redis_url, prefix, tmp_path / "two")
    copy = _story("https://jagatbisnis.com/2022/03/16/rusia-siap-berunding/", republished(seed_body()))
    assert second.process_item(copy)["duplicateOf"] is None
    # The original read again by a later run is the copy now: the story is delivered once.
    third = _near_dup_worker(redis_url, prefix, tmp_path / "three")
    with pytest.raises(DropItem, match="near_duplicate"):
        third.process_item(_story(ORIGINAL_URL, seed_body()))


def test_of_two_near_copies_checked_at_once_only_the_later_is_a_copy(redis_url, prefix, tmp_path):
    """Worker two has put its copy in the index but not yet compared it when worker one checks the
    original: worker one's entry is the later one, so the original is the copy that goes, once."""
    from scrapy.exceptions import DropItem

    from tests.unit.test_neardup import ORIGINAL_URL, republished, seed_body

    first = _near_dup_worker(redis_url, prefix, tmp_path / "one")
    second = _near_dup_worker(redis_url, prefix, tmp_path / "two")
    copy = _story("https://jagatbisnis.com/2022/03/16/rusia-siap-berunding/", republished(seed_body()))
    hashed = second.neardup.hash_text(copy["articleBody"])
    second.neardup.add_hashed(copy["canonicalUrl"], hashed, {"portal": "jagatbisnis"})
    with pytest.raises(DropItem, match="near_duplicate"):
        first.process_item(_story(ORIGINAL_URL, seed_body()))
    assert second.process_item(copy)["duplicateOf"] is None  # its earlier entry wins


def test_a_redis_index_built_with_other_parameters_is_refused(redis_url, prefix):
    from crawler.distributed.neardup import RedisNearDupStore
    from crawler.state.neardup import NearDupIndex

    server = redis_client(redis_url)
    NearDupIndex(store=RedisNearDupStore(server, prefix, bands=20))
    with pytest.raises(ValueError, match="cannot open it"):
        NearDupIndex(shingle=2, store=RedisNearDupStore(server, prefix, bands=20))


# ----- two real worker processes on one crawl of the demo portal --------------------------------------
@pytest.fixture
def two_worker_crawl(redis_url, prefix, tmp_path) -> Iterator[dict[str, Any]]:
    """Two workers crawl one demo portal together; the portal keeps running for the test."""
    request_log = tmp_path / "requests.jsonl"
    with gated_portal(redis_url, prefix, 2, until_all_lease=True, request_log=request_log) as server:
        settings = {"REDIS_URL": redis_url, "WARTA_REDIS_PREFIX": prefix}
        workers = run_workers(2, server.base_url, tmp_path, settings)
        yield {
            "workers": workers,
            "requests": read_jsonl(request_log),
            "flaky": server.site.flaky_path,
            "prefix": prefix,
            "base_url": server.base_url,
            "request_log": request_log,
        }


def test_two_workers_fetch_every_url_once_and_export_the_truth_once(
    two_worker_crawl, truth_urls, redis_url, tmp_path
):
    workers = two_worker_crawl["workers"]
    for worker in workers:
        assert worker["code"] == 0, worker["log"][-3000:]
        assert "Spider closed (finished)" in worker["log"]
        assert worker["items"], "each worker must have taken part"

    fetched = Counter(entry["path"] for entry in two_worker_crawl["requests"] if entry["method"] == "GET")
    # Each worker reads robots.txt itself, as Scrapy does.
    assert fetched.pop("/robots.txt") == 2, [w["log"][-2500:] for w in workers]
    # The demo portal fails one article once on purpose; the retry is the only second fetch.
    assert fetched.pop(two_worker_crawl["flaky"]) == 2
    twice = {path: n for path, n in fetched.items() if n != 1}
    assert not twice, f"fetched more than once: {twice}"

    exported = [_path(item["canonicalUrl"]) for worker in workers for item in worker["items"]]
    assert len(exported) == len(set(exported)), "an article was exported by both workers"
    assert set(exported) == truth_urls

    server = redis_client(redis_url)
    prefix = two_worker_crawl["prefix"]
    assert not server.exists(f"{prefix}:jagatbisnis:requests", f"{prefix}:jagatbisnis:dupefilter")
    assert server.hlen(f"{prefix}:jagatbisnis:articles") == len(truth_urls), "dedup state is shared"

    # The next shared crawl starts from an empty queue and dupefilter, but knows every article.
    again_dir = tmp_path / "again"
    again_dir.mkdir()
    settings = {"REDIS_URL": redis_url, "WARTA_REDIS_PREFIX": prefix}
    (again,) = run_workers(1, two_worker_crawl["base_url"], again_dir, settings)
    assert again["code"] == 0, again["log"][-3000:]
    assert again["items"] == []
    refetched = read_jsonl(two_worker_crawl["request_log"])[len(two_worker_crawl["requests"]) :]
    assert refetched, "the crawl state (queue, fingerprints) must be gone, so discovery runs again"
    assert not {entry["path"] for entry in refetched} & truth_urls, "the shared article state skips them"


def test_without_redis_url_nothing_redis_related_is_imported(demo_portal, tmp_path):
    script = """
import json, sys
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

settings = get_project_settings()
settings.set("ADDONS", {"crawler.distributed.addon.RedisAddon": 0}, priority="cmdline")
pipelines = {**settings.getdict("ITEM_PIPELINES"), "pipelines.postgres.PostgresPipeline": 300}
settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
settings.set("FEEDS", {sys.argv[2]: {"format": "jsonlines"}}, priority="cmdline")
process = CrawlerProcess(settings)
process.crawl("jagatbisnis", base_url=sys.argv[1], url=sys.argv[1] + sys.argv[3])
process.start()
roots = {"redis", "scrapy_redis", "psycopg", "crawler.distributed.compat", "crawler.distributed.middleware"}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in roots or m in roots)))
"""
    out = tmp_path / "one.jsonl"
    seed = "/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
    env = {k: v for k, v in os.environ.items() if k not in ("WARTA_REDIS_URL", "WARTA_POSTGRES_DSN")}
    env["WARTA_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-c", script, demo_portal.base_url, str(out), seed],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(out)) == 1, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_requests_are_filtered_and_queued_with_the_next_pop_in_one_round_trip(redis_url, prefix):
    """The dupefilter's fingerprint set, the sequence, the queue and the next pop in one script: the
    requests a page yielded wait in the worker until its next pop and go with it; a repeated request is
    filtered (logged then), ``dont_filter`` queues it again, a large priority keeps an exact
    score."""
    crawler = _crawler(redis_url, prefix)
    scheduler = _scheduler(crawler)
    assert scheduler.next_request() is None  # the script is in Redis' cache from now on
    calls: list[Any] = []
    server = scheduler.server
    original = server.execute_command

    def counted(*args: Any, **options: Any) -> Any:
        calls.append(args[0])
        return original(*args, **options)

    server.execute_command = counted
    try:
        assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/a/"))
        assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/a/"))
        assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/a/", dont_filter=True))
        assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/big/", priority=800_000))
        assert calls == []
        assert scheduler.has_pending_requests()
        assert scheduler.next_request().url == "http://127.0.0.1:8081/big/"
        assert len(calls) == 1
    finally:
        server.execute_command = original
    assert crawler.stats.get_value("scheduler/enqueued/redis") == 3
    scores = [
        score for _, score in redis_client(redis_url).zrange(scheduler.queue.key, 0, -1, withscores=True)
    ]
    assert scores == [-2.0, -1.0]
    leases = redis_client(redis_url).hvals(scheduler.queue.leases_key)
    assert [float(value.split(b" ", 1)[0]) for value in leases] == [-800_000 * 10_000_000_000 - 3]
    urls = [scheduler.next_request().url for _ in range(2)]
    assert urls == ["http://127.0.0.1:8081/a/", "http://127.0.0.1:8081/a/"]
    assert scheduler.next_request() is None
    scheduler.close("finished")


def test_a_request_the_queue_cannot_store_fails_alone_when_it_is_scheduled(redis_url, prefix):
    """A request waits in the worker until its next pop already encoded: one the queue cannot store (a
    callback the spider does not have) fails when the spider yields it, as it always did, instead of at
    the next pop, where it would fail every pop after it and hold the crawl open for good."""
    scheduler = _scheduler(_crawler(redis_url, prefix))
    with pytest.raises(ValueError):
        scheduler.enqueue_request(Request("http://127.0.0.1:8081/lambda/", callback=lambda response: None))
    assert scheduler.enqueue_request(Request("http://127.0.0.1:8081/good/"))
    assert scheduler.next_request().url == "http://127.0.0.1:8081/good/"
    assert not scheduler.has_pending_requests()
    scheduler.close("finished")


def test_a_lease_ends_only_once_the_requests_of_its_page_are_in_the_shared_queue(redis_url, prefix):
    """A page's requests wait in the worker until its next pop: the heartbeat that ends the page's lease
    pushes them first (a worker killed after its lease ended would otherwise lose them), and so does the
    ack of the seeds they were made from."""
    server = redis_client(redis_url)
    worker, scheduler = _idle_middleware(redis_url, prefix, confirm=0.0)
    scheduler.enqueue_request(Request("http://127.0.0.1:8081/listing/"))
    page = scheduler.next_request()
    scheduler.enqueue_request(Request("http://127.0.0.1:8081/2022/03/15/dari-halaman/"))
    queue_key = f"{prefix}:jagatbisnis:requests"
    assert server.zcard(queue_key) == 0 and server.hlen(scheduler.queue.leases_key) == 1
    # The page went through its callback: nothing of it is in flight any more.
    idle = SimpleNamespace(downloader=SimpleNamespace(active=set()), scraper=SimpleNamespace(slot=None))
    worker.crawler.engine = SimpleNamespace(crawl=scheduler.enqueue_request, **vars(idle))
    assert page is not None and scheduler.settle() == 1
    assert server.zcard(queue_key) == 1 and server.hlen(scheduler.queue.leases_key) == 0

    server.rpush(f"{prefix}:jagatbisnis:start_urls", "http://127.0.0.1:8081/feed/")
    with pytest.raises(DontCloseSpider):
        worker.spider_idle()  # takes the seed, schedules it, acks it
    assert server.zcard(queue_key) == 2, "the seed's request must be queued before its lease ends"
    assert server.hlen(worker.run.seeds.leases) == 0
    scheduler.close("finished")


def test_fetched_signals_of_many_urls_at_once(redis_url, prefix):
    from crawler.discovery import FetchPolicy, Found, Verdict
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.keys import CrawlKeys

    store = RedisArticleStore(redis_client(redis_url), CrawlKeys(prefix, "jagatbisnis"))
    urls = [f"https://jagatbisnis.com/2022/03/15/berita-{n}/" for n in range(4)]
    store.mark_fetched(urls[1], None)
    store.mark_fetched(urls[2], "2022-03-15T08:00:00+07:00")
    assert store.fetched_signals(urls) == [store.fetched_signal(url) for url in urls]
    policy = FetchPolicy(store, incremental=True, listing_ttl=0)
    found = [Found(url, signal="2022-03-16T08:00:00+07:00" if n == 2 else None) for n, url in enumerate(urls)]
    assert policy.articles(found) == [Verdict.NEW, Verdict.KNOWN, Verdict.CHANGED, Verdict.NEW]
    assert policy.articles(found) == [policy.article(one) for one in found]


def test_the_shared_index_adds_and_finds_the_earlier_copies_in_one_step(redis_url, prefix, tmp_path):
    """``add_then_match_earlier`` on the Redis index (one script) and on the SQLite one (four calls) finds
    the same earlier copies; a key stored already is not added again and still finds only earlier ones."""
    from crawler.distributed.neardup import RedisNearDupStore
    from crawler.state.neardup import NearDupIndex
    from tests.unit.test_neardup import republished, seed_body

    shared = NearDupIndex(store=RedisNearDupStore(redis_client(redis_url), prefix, bands=20))
    local = NearDupIndex(tmp_path / "neardup.sqlite")
    texts = {"a": seed_body(), "b": republished(seed_body()), "c": "lain " * 40, "d": seed_body()}
    for index in (shared, local):
        found = {}
        for key in ("a", "b", "c", "d", "b"):
            hashed = index.hash_text(texts[key])
            found[key] = [m.key for m in index.add_then_match_earlier(key, hashed, {"portal": "x"})]
        assert found == {"a": [], "b": ["a"], "c": [], "d": ["a", "b"]}  # "b" again: "a" is earlier still
        assert index.stats.added == 4 and index.stats.already_known == 1
    local.close()


def test_the_shared_index_reads_whole_only_the_candidates_similar_enough(redis_url, prefix, monkeypatch):
    """Templated stories share band hashes with dozens of others: the script returns every candidate's
    signature packed in one string, and only the documents similar enough to match are read (a second
    round trip); an article with none costs one round trip and no document read."""
    import numpy as np

    from crawler.distributed.neardup import RedisNearDupStore

    store = RedisNearDupStore(redis_client(redis_url), prefix, bands=20)
    rng = np.random.default_rng(7)
    query = rng.integers(0, 2**16, 128, dtype=np.uint16)

    def like(equal: int) -> bytes:  # a signature agreeing with the query in ``equal`` of 128 values
        other = (query + 1).astype(np.uint16)
        other[:equal] = query[:equal]
        return other.astype("<u2").tobytes()

    bands = np.arange(20, dtype=np.uint32)
    store.add("templated", '{"portal": "x"}', like(40), bands)  # 40/128 = 0.31: below 0.35
    store.add("copy", '{"portal": "y"}', like(100), np.arange(20, 40, dtype=np.uint32))
    store.add("unrelated", '{"portal": "x"}', like(128), np.arange(40, 60, dtype=np.uint32))
    store.add_and_fetch_earlier("first", "{}", like(0), np.arange(60, 80, dtype=np.uint32), 0.35)  # cached
    sent = _round_trips(monkeypatch)
    shares_one = bands.copy()
    shares_one[5] = 25  # one band of "copy"
    added, rows = store.add_and_fetch_earlier("new", '{"portal": "z"}', like(128), shares_one, 0.35)
    assert added and [(key, meta) for _, key, meta, _ in rows] == [("copy", '{"portal": "y"}')]
    assert len(sent) == 2
    sent.clear()
    unlike = rng.integers(0, 2**16, 128, dtype=np.uint16).astype("<u2").tobytes()
    added, rows = store.add_and_fetch_earlier("newer", '{"portal": "z"}', unlike, bands, 0.35)
    assert added and rows == [] and len(sent) == 1, "no candidate similar enough: nothing read whole"


def _signature_like(query: Any, equal: int) -> bytes:
    """A compact signature agreeing with ``query`` on its first ``equal`` of 128 values, none after."""
    other = (query + 1).astype("<u2")
    other[:equal] = query[:equal]
    return other.tobytes()


def test_the_shared_index_sends_no_candidate_signature_whatever_a_band_holds(redis_url, prefix, monkeypatch):
    """Two hundred templated stories share a band with a new one, none similar enough: the script returns
    the records added since the worker last looked (none here), not the two hundred candidates' signatures
    (51 KB before), and Redis parses no id list; the one near-copy among them is still found."""
    import numpy as np

    from crawler.distributed.neardup import RedisNearDupStore

    store = RedisNearDupStore(redis_client(redis_url), prefix, bands=20)
    rng = np.random.default_rng(17)
    query = rng.integers(0, 2**16, 128, dtype=np.uint16)
    shared = np.arange(1, 21, dtype=np.uint32)  # the query's band hashes

    def banded(first: int) -> Any:  # band 0 shared with the query, the others of its own
        return np.concatenate(([first], rng.integers(2**20, 2**32 - 1, 19))).astype(np.uint32)

    for n in range(200):
        store.add(f"story-{n}", "{}", _signature_like(query, 30), banded(1))  # 0.23: below 0.35
    store.add("copy", '{"portal": "y"}', _signature_like(query, 90), banded(1))
    store.add_and_fetch_earlier("first", "{}", _signature_like(query, 0), banded(99), 0.35)  # reads all
    replies: list[Any] = []
    script = store._add_and_fetch

    def recorded(*args: Any, **kwargs: Any) -> Any:
        replies.append(script(*args, **kwargs))
        return replies[-1]

    monkeypatch.setattr(store, "_add_and_fetch", recorded)
    added, rows = store.add_and_fetch_earlier("new", "{}", query.astype("<u2").tobytes(), shared, 0.35)
    assert added and [key for _, key, _, _ in rows] == ["copy"]
    sent = sum(len(part) for part in replies[0] if isinstance(part, bytes))
    assert sent < 200, f"{sent} bytes of candidates in the script's reply"


def test_two_stores_on_one_redis_find_the_same_earlier_copies_as_a_full_comparison(
    redis_url, prefix, monkeypatch
):
    """Two workers add in turns, each a few records behind the other (one script returns 3 records at
    most here, the rest read after; 4 records a Redis string, so reads cross strings): each new document
    finds exactly the earlier documents that share a band hash with it and are at least 0.35 similar, as
    comparing it with every earlier one finds, not those that only share a band's bucket (the top 16
    bits), nor later ones, nor removed ones."""
    import numpy as np

    from crawler.distributed import neardup
    from crawler.distributed.neardup import RedisNearDupStore

    monkeypatch.setattr(neardup, "MAX_TAIL", 3)
    monkeypatch.setattr(neardup, "SEGMENT", 4)
    server = redis_client(redis_url)
    workers = [RedisNearDupStore(server, prefix, bands=20) for _ in range(2)]
    rng = np.random.default_rng(23)
    bases = [rng.integers(0, 2**16, 128, dtype=np.uint16) for _ in range(3)]
    base_bands = [rng.integers(0, 2**32 - 1, 20).astype(np.uint32) for _ in range(3)]
    docs: list[tuple[bytes, Any]] = []
    removed: set[int] = set()
    for n in range(120):
        family = n % 3
        signature = _signature_like(bases[family], int(rng.integers(30, 75)))
        bands = base_bands[family].copy()
        same = rng.random(20) < 0.1  # the others: the same bucket, another band hash
        bands[~same] ^= rng.integers(1, 2**16, int((~same).sum())).astype(np.uint32)
        worker = workers[(n // 5) % 2]  # five in a row each: the other is five records behind
        added, rows = worker.add_and_fetch_earlier(f"doc-{n}", "{}", signature, bands, 0.35)
        assert added
        expected = set()
        for earlier, (other, other_bands) in enumerate(docs):
            similar = np.mean(np.frombuffer(signature, "<u2") == np.frombuffer(other, "<u2")) >= 0.35
            if similar and (bands == other_bands).any() and earlier not in removed:
                expected.add(f"doc-{earlier}")
        similarities = {
            key: np.mean(np.frombuffer(sig, "<u2") == np.frombuffer(signature, "<u2"))
            for _, key, _, sig in rows
        }
        assert {key for key, value in similarities.items() if value >= 0.35} == expected, n
        docs.append((signature, bands))
        if n % 10 == 5:
            assert workers[(n + 1) % 2].remove([f"doc-{n}"]) == 1
            removed.add(n)
    assert len(removed) == 12
    for worker in workers:  # every record up to its last document, whatever string it is in
        assert worker._mirror is not None and len(worker._mirror.table) == worker._mirror.top >= 115


def test_a_worker_reads_the_index_anew_when_redis_lost_it_and_journals_rebuilt_it(
    redis_url, prefix, tmp_path
):
    """Worker one holds the records of ids 1-5; Redis loses the index; worker two's original takes id 1
    and worker one's journal writes its stories back after it. Worker one's copy of the original is found
    (its records of before are another index's, read anew), and so is worker two's copy of one of worker
    one's stories (rebuilt from its journal)."""
    from crawler.distributed.articles import RedisArticleStore
    from crawler.distributed.journal import StateJournal
    from crawler.distributed.keys import CrawlKeys
    from crawler.state.neardup import NearDupIndex
    from tests.unit.test_neardup import republished, seed_body

    server = redis_client(redis_url)
    keys = CrawlKeys(prefix, "jagatbisnis")
    one = RedisArticleStore(server, keys, journal=StateJournal(tmp_path / "one.sqlite"))
    assert one.reconcile() == (0, [])
    first = NearDupIndex(store=one.neardup_store(20))
    stories = [f"cerita {n} " + " ".join(f"kata{n}x{k}" for k in range(60)) for n in range(5)]
    for n, story in enumerate(stories):
        assert first.add_then_match_earlier(f"story-{n}", first.hash_text(story), {"portal": "x"}) == []
    server.delete(*server.scan_iter(f"{prefix}:*"))  # Redis restarted empty

    second = NearDupIndex(store=RedisArticleStore(server, keys).neardup_store(20))
    assert second.add_then_match_earlier("original", second.hash_text(seed_body()), {"portal": "x"}) == []
    written, missing = one.reconcile()
    assert written == 0 and missing == []  # no articles journaled, only near-duplicate entries
    assert second.store.count() == 6
    found = first.add_then_match_earlier("copy", first.hash_text(republished(seed_body())), {"portal": "x"})
    assert [m.key for m in found] == ["original"]
    again = second.add_then_match_earlier(
        "story-2-copy", second.hash_text(stories[2] + " lagi"), {"portal": "x"}
    )
    assert [m.key for m in again] == ["story-2"]


# The previous version's addition script (band hash -> space-separated ids in one hash a band), to write an
# index as it left one in Redis.
_ADD_BEFORE_RECORDS = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return false end
local id = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('HSET', KEYS[3], id, ARGV[2])
redis.call('HSET', KEYS[4], id, ARGV[3])
for i = 5, #KEYS do
  local value = ARGV[i - 1]
  local ids = redis.call('HGET', KEYS[i], value)
  if ids then ids = ids .. ' ' .. id else ids = id end
  redis.call('HSET', KEYS[i], value, ids)
end
return id
"""


def test_an_index_the_previous_version_wrote_is_read_and_upgraded_once(redis_url, prefix):
    """An index of band hash lists (the version before records) opens with the same parameters; its
    documents are found as before (not the one removed then), the lists give way to records once, and
    its parameters now name the layout, which a worker of before does not know and refuses."""
    import json as json_module

    from crawler.distributed.neardup import RedisNearDupStore
    from crawler.state.neardup import NearDupIndex, compact_signature
    from tests.unit.test_neardup import republished, seed_body

    server = redis_client(redis_url)
    root = f"{prefix}:neardup"
    writer = NearDupIndex(store=RedisNearDupStore(server, prefix, bands=20))
    server.delete(f"{root}:params")
    server.hset(f"{root}:params", mapping=writer.hasher.params())  # as the version before saved them
    old_add = server.register_script(_ADD_BEFORE_RECORDS)
    keys = [f"{root}:{name}" for name in ("keys", "seq", "meta", "sigs")]
    texts = {"original": seed_body(), "removed": republished(seed_body()), "other": "lain kata " * 40}
    for key, text in texts.items():
        signature, bands = writer.hash_text(text)
        payload = json_module.dumps([key, json_module.dumps({"portal": key})])
        old_add(
            keys=[*keys, *[f"{root}:band:{n}" for n in range(20)]],
            args=[key, payload, compact_signature(signature), *bands.tolist()],
        )
    server.hdel(f"{root}:keys", "removed")  # as the previous version's ``remove`` did
    server.hdel(f"{root}:meta", 2)
    server.hdel(f"{root}:sigs", 2)

    one = NearDupIndex(store=RedisNearDupStore(server, prefix, bands=20))
    two = NearDupIndex(store=RedisNearDupStore(server, prefix, bands=20))  # a worker started meanwhile
    copy = one.hash_text(republished(seed_body()))
    assert [m.key for m in one.add_then_match_earlier("copy", copy, {"portal": "c"})] == ["original"]
    assert not server.exists(*[f"{root}:band:{n}" for n in range(20)])
    assert server.hget(f"{root}:params", "layout") == b"2"
    assert one.store.load_params() == one.hasher.params()
    again = two.add_then_match_earlier("copy-2", copy, {"portal": "c"})
    assert [m.key for m in again] == ["copy", "original"]
    assert two.store._records_from_lists([f"{root}:band:{n}" for n in range(20)]) == 0  # nothing left to do


def test_a_heartbeat_is_one_round_trip_stamped_with_redis_clock(redis_url, prefix, monkeypatch):
    """The worker's state is stamped with Redis' clock inside the heartbeat script (a TIME call first was
    a second round trip every heartbeat and every idle look); the others read it as before."""
    from crawler.distributed.workers import Heartbeat, WorkerRegistry

    server = redis_client(redis_url)
    one = WorkerRegistry(server, f"{prefix}:workers", "one", epoch_key=f"{prefix}:epoch")
    other = WorkerRegistry(server, f"{prefix}:workers", "other", epoch_key=f"{prefix}:epoch")
    one.register()
    other.register()
    one.report(busy=True, journals="*")  # the script is in Redis' cache from now on
    sent = _round_trips(monkeypatch)
    assert one.report(busy=False, journals="*") is Heartbeat.OK
    assert len(sent) == 1
    seconds, _ = server.time()
    state = json.loads(server.hget(f"{prefix}:workers", "one"))
    assert state["busy"] is False and abs(state["at"] - seconds) < 5
    assert other.others() == {"one": False}
    assert one.report(busy=True, journals="*") is Heartbeat.OK and other.any_other_busy()
