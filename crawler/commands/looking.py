"""What the commands that only look at pages (``parse``, ``check``, ``fetch``, ``view``, ``shell``) add to
Scrapy's: no records, and the page's own host.

Run with a portal spider, Scrapy's commands would write a default export, the spider's article state and
a run report, and take its run lock; and a page outside the profile's hosts (the demo portal, a staging
copy) would be dropped as off-site. Here each sets ``WARTA_RECORD_RUN`` False for its run
(``crawler/runmode.py``), and the page a command names is handed to the portal spiders
(``CommandPage``): a profile that does not cover it is pointed at the page's origin, as ``-a base_url=``
would.
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import Settings
from scrapy.utils.url import guess_scheme

from crawler.runmode import RECORD_RUN, CommandPage


def point_at_page(page: str | None) -> None:
    """Hand an http(s) page named on the command line to the portal spiders; anything else is Scrapy's
    to refuse (``fetch`` and ``parse`` need a URL, ``shell`` also opens local files)."""
    url = guess_scheme(page) if page else None
    CommandPage.url = url if url and urlsplit(url).scheme in ("http", "https") else None


class KeepsNoRecords:
    """Put before a Scrapy command class: its runs keep no records."""

    settings: Settings | None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        # At command-line priority: a command's own default_settings rank below the project's settings,
        # where the default lives. Set before the -s options are read, so -s WARTA_RECORD_RUN=True wins.
        self.settings.set(RECORD_RUN, False, priority="cmdline")
        super().process_options(args, opts)  # type: ignore[misc]


class LooksAtPage(KeepsNoRecords):
    """Put before a Scrapy command class whose first argument is a page: the portal spiders get it."""

    def run(self, args: list[str], opts: argparse.Namespace) -> Any:
        point_at_page(args[0] if args else None)
        return super().run(args, opts)  # type: ignore[misc]
