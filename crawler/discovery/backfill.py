"""A backfill: the articles of a past window (``-a since=YYYY-MM-DD -a until=YYYY-MM-DD``), found in the
portal's day archives and its sitemaps instead of its news listings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from crawler.profiles import Profile

# A permalink's day, ``/2023/03/15/``: the article's day, whatever the portal's path around it.
_URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
_EARLIEST = date(1990, 1, 1)  # before any Indonesian news portal: "since the beginning"


@dataclass(frozen=True)
class Window:
    """The days a backfill covers, both ends included."""

    start: date
    end: date

    @classmethod
    def parse(cls, since: str | None, until: str | None, *, today: date | None = None) -> Window | None:
        """The window from the spider arguments (either may be left out); None when both are."""
        if not (since or until):
            return None
        try:
            start = date.fromisoformat(since) if since else _EARLIEST
            end = date.fromisoformat(until) if until else (today or datetime.now(UTC).date())
        except ValueError as exc:
            raise ValueError(f"-a since= / -a until= must be YYYY-MM-DD: {exc}") from None
        if start > end:
            raise ValueError(f"-a since={since} is after -a until={until}")
        return cls(start, end)

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def contains(self, url: str, signal: str | None = None) -> bool:
        """Whether an article belongs to the window: by its permalink's day, else by its change signal's;
        an article with neither is let through (its page will tell)."""
        if match := _URL_DATE.search(urlsplit(url).path):
            try:
                day = date(*map(int, match.groups()))
            except ValueError:  # /2023/02/30/: not a day, so no evidence either way
                return True
        elif signal:
            day = date.fromisoformat(signal[:10])
        else:
            return True
        return self.start <= day <= self.end

    def archive_urls(self, profile: Profile) -> list[str]:
        """The portal's day-archive page for each day (``discovery.day_archive``), none without one."""
        pattern = profile.discovery.day_archive
        if not pattern:
            return []
        return [urljoin(profile.base_url + "/", day.strftime(pattern)) for day in self.days()]
