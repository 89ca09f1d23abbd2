"""The one switch: with ``REDIS_URL`` set, the crawl becomes one worker of a shared crawl in Redis.

Enabled by one line in the project settings (``ADDONS``). Without ``REDIS_URL`` (setting, or the
``WARTA_REDIS_URL`` environment variable) it changes nothing and imports nothing Redis-related.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, Settings

from crawler.distributed.keys import scheduler_key_templates
from crawler.runmode import records_run

SCHEDULER = "crawler.distributed.compat.SharedScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
QUEUE = "crawler.distributed.queue.LeasedLifoPriorityQueue"
MIDDLEWARE = "crawler.distributed.middleware.SharedCrawl"
DEDUP = "pipelines.dedup.DedupPipeline"
REDIS_DEDUP = "pipelines.dedup_redis.RedisDedupPipeline"
REDIS_STORE = "crawler.distributed.articles.RedisArticleStore"


class RedisAddon:
    """Switches scheduler, request dupefilter, seeds and dedup state to Redis when ``REDIS_URL`` is set."""

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("REDIS_URL")
        if not url or not records_run(settings):
            return  # a look at pages (scrapy parse, check, fetch, shell) never joins a shared crawl
        settings.set("REDIS_URL", url, priority="addon")
        prefix = settings.get("WARTA_REDIS_PREFIX")
        # The project sets its own (kill-safe, local) SCHEDULER at project priority: win over it.
        _override(settings, "SCHEDULER", SCHEDULER)
        _override(settings, "DUPEFILTER_CLASS", DUPEFILTER)
        _override(settings, "SCHEDULER_QUEUE_CLASS", QUEUE)
        for name, template in scheduler_key_templates(prefix).items():
            _override(settings, name, template)
        # Early, so the seeds it reads pass through every other spider middleware.
        _set_component(settings, "SPIDER_MIDDLEWARES", MIDDLEWARE, 10)
        # The article state every worker shares: what was fetched and exported, by any worker of any crawl.
        _override(settings, "WARTA_ARTICLE_STORE", REDIS_STORE)
        # One worker of many may export nothing and still be healthy; the other monitors still apply.
        settings.set("WARTA_MONITOR_MIN_ITEMS", 0, priority="addon")
        pipelines = settings.getdict("ITEM_PIPELINES")
        if DEDUP in pipelines and pipelines[DEDUP] is not None:
            _set_component(settings, "ITEM_PIPELINES", REDIS_DEDUP, pipelines[DEDUP])
            _set_component(settings, "ITEM_PIPELINES", DEDUP, None)


def _override(settings: Settings, name: str, value: object) -> None:
    """Set ``name`` over the project's own value (the project may pick another scheduler for
    single-machine runs), but never over a value given on the command line."""
    priority = max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["project"])
    if priority > SETTINGS_PRIORITIES["project"]:
        return
    settings.set(name, value, priority=priority)


def _set_component(settings: Settings, name: str, path: str, priority: int | None) -> None:
    """Edit a component dict by import path, whatever the priority the dict setting itself has."""
    components = settings.getdict(name)
    components[path] = priority
    settings.set(name, components, priority=settings.getpriority(name) or 0)
