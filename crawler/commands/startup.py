"""Why a portal spider cannot start, said before anything is opened: its profile is checked first.

Shared by ``scrapy crawl`` (exit 1 with one line naming the file and the problem) and ``scrapy list``.
"""

from __future__ import annotations

from typing import Any

from crawler.profiles import ProfileError, is_portal_spider, load_profile


def one_line(text: str) -> str:
    """A message as one line, so it reads whole as the last line of a log or a cron mail."""
    return " ".join(text.splitlines())


def profile_problem(spider_loader: Any, name: str) -> str | None:
    """The spider's profile error in one line; None when it loads, or for a spider without a profile of
    its own (``portal``, a foreign spider, an unknown name: Scrapy reports that one itself)."""
    try:
        spidercls = spider_loader.load(name)
    except KeyError:
        return None
    profile_name = getattr(spidercls, "profile_name", "")
    if not (is_portal_spider(spidercls) and profile_name):
        return None
    try:
        load_profile(profile_name)
    except ProfileError as exc:
        return one_line(str(exc))
    return None
