"""A crawl that keeps records, or a look at pages that keeps none (``WARTA_RECORD_RUN``).

``scrapy crawl`` (and ``warta crawl``, scrapyd, a script's ``CrawlerProcess``) runs a portal spider to
deliver articles: the default export, the article state and its run lock, the near-duplicate index, the
PostgreSQL outbox, the run report, the crawl history and the verdict. ``scrapy parse``, ``check``,
``fetch``, ``view`` and ``shell`` only look at pages: their project commands (``crawler/commands/``) set
``WARTA_RECORD_RUN`` False, and every component that would write to the data folder steps aside, so a look
at a page can run beside a scheduled crawl of the same spider and leaves nothing behind. They also
name the page they look at, so a portal spider reads it on its own host.
"""

from __future__ import annotations

from typing import ClassVar

from scrapy.settings import BaseSettings

RECORD_RUN = "WARTA_RECORD_RUN"


class CommandPage:
    """The page ``scrapy parse``, ``fetch``, ``view`` or ``shell`` names (set by ``crawler/commands/``):
    a portal spider whose profile does not cover it points the profile at the page's origin, as ``-a
    base_url=`` would (``scrapy fetch`` and ``shell`` take no spider arguments). One per process, as the
    command is."""

    url: ClassVar[str | None] = None


def records_run(settings: BaseSettings) -> bool:
    """Whether this crawl writes its export, state and reports (False under a look command)."""
    return settings.getbool(RECORD_RUN, True)
