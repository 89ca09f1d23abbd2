"""Choosing `datePublished` among the dates a page offers.

Precedence, most trusted first (`PRECEDENCE`):

1. `jsonld`  - JSON-LD `datePublished`: machine-written by the CMS, full time and offset.
2. `meta`    - `article:published_time` and friends: also CMS-written, sometimes UTC or `+0700`.
3. `visible` - the date line readers see (`Rabu, 18 Jun 2025 07:30 WIB`): minute precision, local zone.
4. `sitemap` - a news sitemap's `news:publication_date`: CMS-written but fetched apart from the page.
5. `url`     - `/YYYY/MM/DD/` in the permalink: the day only.

The first source in that order with a value wins; among several candidates of one source the first given
wins. Every other candidate more than a day away from the winner is reported as a disagreement so the
caller can count it in the crawl stats (a day, not less, because `url` and date-only values sit at
midnight).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PRECEDENCE: tuple[str, ...] = ("jsonld", "meta", "visible", "sitemap", "url")
DISAGREEMENT = timedelta(days=1)
_JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Disagreement:
    """A candidate that is more than a day away from the chosen value."""

    source: str
    raw: str | None
    value: datetime
    difference: timedelta


@dataclass(frozen=True)
class PublishedChoice:
    """The chosen value with its source and raw text (all None when no candidate had a value)."""

    value: datetime | None
    source: str | None
    raw: str | None
    disagreements: list[Disagreement] = field(default_factory=list)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=_JAKARTA)


def choose_published(candidates: Iterable[tuple[str, str | None, datetime | None]]) -> PublishedChoice:
    """Pick among `(source, raw_text, value)` candidates by `PRECEDENCE`; candidates without value are
    ignored. An unknown source name is a programming error and raises ValueError.
    """
    usable: list[tuple[int, int, str, str | None, datetime]] = []
    for order, (source, raw, value) in enumerate(candidates):
        if source not in PRECEDENCE:
            raise ValueError(f"unknown date source {source!r}; expected one of {PRECEDENCE}")
        if value is not None:
            usable.append((PRECEDENCE.index(source), order, source, raw, _aware(value)))
    if not usable:
        return PublishedChoice(None, None, None)
    usable.sort(key=lambda c: (c[0], c[1]))
    _, _, source, raw, value = usable[0]
    disagreements = [
        Disagreement(other_source, other_raw, other, abs(other - value))
        for _, _, other_source, other_raw, other in usable[1:]
        if abs(other - value) > DISAGREEMENT
    ]
    return PublishedChoice(value, source, raw, disagreements)
