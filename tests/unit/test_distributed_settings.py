"""Distributed mode is one switch: ``REDIS_URL`` turns on the shared scheduler, dupefilter, seeds and dedup
state through the add-on, and leaves the single-machine settings untouched without it. Settings only: the
real Redis is exercised in tests/e2e/test_distributed.py, which builds its crawlers from the same helper."""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

from crawler import settings as project_settings


def _distributed_settings(redis_url: str | None, prefix: str, **extra: Any) -> Settings:
    """The project's settings after the add-on has seen them, as in a real run."""
    from crawler.distributed.addon import RedisAddon

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({"WARTA_REDIS_PREFIX": prefix, **extra}, priority="cmdline")
    if redis_url:
        settings.set("REDIS_URL", redis_url, priority="cmdline")
    RedisAddon().update_settings(settings)
    return settings


# ----- the switch -----------------------------------------------------------------------------------
def test_redis_url_switches_scheduler_dupefilter_seeds_and_dedup_state(monkeypatch):
    monkeypatch.delenv("WARTA_REDIS_URL", raising=False)
    plain = _distributed_settings(None, "p")
    assert plain["SCHEDULER"] == project_settings.SCHEDULER  # the project's own choice, untouched
    assert "pipelines.dedup.DedupPipeline" in plain.getdict("ITEM_PIPELINES")
    shared = _distributed_settings("redis://127.0.0.1:6379/15", "p")
    assert shared["SCHEDULER"] == "crawler.distributed.compat.SharedScheduler"
    assert shared["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert shared["SCHEDULER_QUEUE_KEY"] == "p:%(spider)s:requests"
    assert shared.getdict("SPIDER_MIDDLEWARES")["crawler.distributed.middleware.SharedCrawl"] == 10
    pipelines = shared.getdict("ITEM_PIPELINES")
    assert pipelines["pipelines.dedup_redis.RedisDedupPipeline"] == 200
    assert pipelines["pipelines.dedup.DedupPipeline"] is None
    # A scheduler named on the command line is the operator's explicit choice and stays.
    explicit = _distributed_settings("redis://127.0.0.1:6379/15", "p", SCHEDULER="my.Scheduler")
    assert explicit["SCHEDULER"] == "my.Scheduler"
