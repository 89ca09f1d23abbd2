"""Warta's ``WARTA_*`` defaults for a crawler that was not built from the project's settings.

``scrapy crawl`` loads ``crawler/settings.py``, where every default lives once. A crawler built another
way (``scrapy.utils.test.get_crawler`` in tests, a script that embeds a portal spider in its own project)
would see none of them, and each component would need a fallback of its own; the portal spider applies
them at the lowest priority instead, under whatever the crawler was given.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

import crawler.settings as project_settings

SCRAPY_FEED_EXPORTER = "scrapy.extensions.feedexport.FeedExporter"
DELIVERING_FEED_EXPORTER = "crawler.exports.delivery.DeliveringFeedExporter"
REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
SCRAPY_MEMORY_USAGE = "scrapy.extensions.memusage.MemoryUsage"
OWN_MEMORY_USAGE = "crawler.runtime.OwnMemoryUsage"


def deliver_through_warta(settings: BaseSettings) -> None:
    """Put ``DeliveringFeedExporter`` in the place of Scrapy's feed exporter, in ``EXTENSIONS_BASE``.

    The article state records an article only when that exporter says every feed took it; in
    ``EXTENSIONS`` it would be lost to an ``-s EXTENSIONS=…`` on the command line, which replaces the
    project's dict whole, and articles would be exported but never recorded."""
    _replace_base_extension(settings, SCRAPY_FEED_EXPORTER, DELIVERING_FEED_EXPORTER)


def measure_own_memory(settings: BaseSettings) -> None:
    """Put ``OwnMemoryUsage`` in the place of Scrapy's memory-usage extension, in ``EXTENSIONS_BASE``.

    Scrapy's reads the kernel's ``ru_maxrss``, which on Linux starts at the peak of the process that
    launched the crawl (a scheduler, a notebook, a test runner): ``memusage/max`` then reports the
    launcher's memory, and ``MEMUSAGE_LIMIT_MB`` can stop a crawl at its first check for memory it never
    used. The ``MEMUSAGE_*`` settings apply to the replacement unchanged."""
    _replace_base_extension(settings, SCRAPY_MEMORY_USAGE, OWN_MEMORY_USAGE)


def _replace_base_extension(settings: BaseSettings, scrapy_path: str, warta_path: str) -> None:
    """``warta_path`` at ``scrapy_path``'s order in ``EXTENSIONS_BASE`` (0 if it was not there), once."""
    base = dict(settings.getdict("EXTENSIONS_BASE"))
    order = base.pop(scrapy_path, 0)
    if warta_path not in base:
        base[warta_path] = order
        settings.set("EXTENSIONS_BASE", base, priority="spider")


def leave_out_remote_control(settings: BaseSettings) -> None:
    """Drop Scrapy's remote control from ``EXTENSIONS_BASE`` while ``REMOTE_CONTROL_ENABLED`` is off.

    Switched off, it still imports its module (aiohttp's web server, 0.1-0.2 s of CPU) before it declines
    to run, at every start of every crawl; workers of a shared crawl and scheduled runs start often. (A
    ``None`` in ``EXTENSIONS`` would not help: Scrapy imports the classes named there too.)"""
    if settings.getbool("REMOTE_CONTROL_ENABLED"):
        return
    base = dict(settings.getdict("EXTENSIONS_BASE"))
    if base.pop(REMOTE_CONTROL, None) is not None:
        settings.set("EXTENSIONS_BASE", base, priority="spider")


def apply_warta_defaults(settings: BaseSettings) -> None:
    """Set each ``WARTA_*`` setting that nothing else set to its project default."""
    for name in dir(project_settings):
        if name.startswith("WARTA_") and settings.getpriority(name) is None:
            settings.set(name, getattr(project_settings, name), priority="default")
