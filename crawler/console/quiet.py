"""A quiet console: Scrapy's start-up listings, its idle-rate line and its stats dump only at ``-L DEBUG``.

Scrapy logs at INFO which add-ons, extensions, middlewares and pipelines it enabled, every overridden
setting, "Spider opened", a "Crawled N pages" line a minute and, at the end, a 60-line stats dump: about 180
lines before a person sees whether the run went well. Warta's own start line, progress line and run
summary say what matters (``crawler.console.progress``, ``crawler.monitoring``); the rest is kept for
``-L DEBUG``. The stats dump is Scrapy's ``STATS_DUMP``: on at DEBUG, or asked for with
``-s STATS_DUMP=True``. Warnings and errors always pass.

An add-on (``ADDONS``), because add-ons are loaded before Scrapy logs what it enabled.
"""

from __future__ import annotations

import logging

from scrapy.settings import Settings

# (logger, start of the message template) of each INFO record that is start-up chatter.
CHATTER: tuple[tuple[str, str], ...] = (
    ("scrapy.addons", "Enabled addons:"),
    ("scrapy.middleware", "Enabled %(componentname)ss:"),
    ("scrapy.crawler", "Overridden settings:"),
    ("scrapy.core.engine", "Spider opened"),
    ("scrapy.core.engine", "Closing spider ("),
    ("scrapy.extensions.logstats", "Crawled %(pages)d pages"),
)
# Loggers with a DEBUG record for every response ("Crawled (200)") or item ("Scraped from"): below DEBUG
# the record is built (caller found, LogRecord made) only for the handler to drop it, ~1% of a crawl's
# CPU; a quiet run sets these loggers to INFO, so the record is never built.
PER_PAGE_DEBUG = ("scrapy.core.engine", "scrapy.core.scraper")


class ChatterFilter(logging.Filter):
    """Drops the INFO records of ``CHATTER`` logged on one logger; everything else passes."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno == logging.INFO
            and isinstance(record.msg, str)
            and record.msg.startswith(self.prefixes)
        )


def verbose(settings: Settings) -> bool:
    """Whether the run logs at DEBUG (``-L DEBUG``, ``LOG_LEVEL``): then nothing is held back."""
    level = settings.get("LOG_LEVEL")
    number = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
    return isinstance(number, int) and number <= logging.DEBUG


def quiet_loggers() -> None:
    """Put one ``ChatterFilter`` on each chatty logger (once per process, however many crawlers)."""
    by_logger: dict[str, list[str]] = {}
    for name, prefix in CHATTER:
        by_logger.setdefault(name, []).append(prefix)
    for name, prefixes in by_logger.items():
        target = logging.getLogger(name)
        if not any(isinstance(f, ChatterFilter) for f in target.filters):
            target.addFilter(ChatterFilter(tuple(prefixes)))
    for name in PER_PAGE_DEBUG:
        logging.getLogger(name).setLevel(logging.INFO)


def loud_loggers() -> None:
    """Take the filters off again (a DEBUG crawler after a quiet one in the same process)."""
    for name in {name for name, _ in CHATTER}:
        target = logging.getLogger(name)
        for found in [f for f in target.filters if isinstance(f, ChatterFilter)]:
            target.removeFilter(found)
    for name in PER_PAGE_DEBUG:
        logging.getLogger(name).setLevel(logging.NOTSET)


class QuietConsole:
    """``ADDONS`` entry: chatter and the stats dump held back unless the run logs at DEBUG."""

    def update_settings(self, settings: Settings) -> None:
        loud = verbose(settings)
        # Add-on priority: a STATS_DUMP from the command line (-s) or a spider still wins.
        settings.set("STATS_DUMP", loud, priority="addon")
        if loud:
            loud_loggers()
        else:
            quiet_loggers()
