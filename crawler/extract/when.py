"""Publication and modification dates of a page, on top of ``crawler.dates``.

Sources are read lazily in ``crawler.dates.PRECEDENCE`` order (jsonld > meta > visible > url) and the
first that parses wins, so a page with JSON-LD never pays for parsing its visible date line. A UTC
value is expressed in the portal's zone; any other explicit offset (``+08:00``, ``WITA``) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from crawler.dates import PRECEDENCE, choose_published, parse_date, to_iso
from crawler.dates.vocab import ZONE_RE

# zone names a visible date line may state, and the zone they mean
ZONE_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_ZONE_WORD = re.compile(rf"\b({ZONE_RE})\b", re.IGNORECASE)
_URL_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")
_ZERO = timedelta(0)


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    raw: str
    source: str

    @property
    def iso(self) -> str:
        return to_iso(self.value)


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# a CMS-written timestamp (JSON-LD, article:published_time): read by the standard library, which is
# far quicker than the general parser; anything else goes to crawler.dates.parse_date
_MACHINE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
MIN_YEAR = 1990


def _machine_date(raw: str, tz: str) -> datetime | None:
    if not _MACHINE.match(raw):
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if value.year < MIN_YEAR:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=_zone(tz))


def zone_named_in(text: str) -> str | None:
    """The zone a visible date line names (``18:34 WITA`` -> ``Asia/Makassar``), else None."""
    m = _ZONE_WORD.search(text)
    return ZONE_NAMES[m.group(1).upper()] if m else None


def read_date(
    raw: str, *, tz: str, reference: datetime | None, page_zone: str | None = None
) -> datetime | None:
    """Parse one raw date string and express it in the page's own zone.

    ``page_zone`` is the zone the page states in its visible date line (WITA, WIT): every value is
    shown in it. Without one, UTC moves to the portal's zone and any other offset stays as written.
    """
    value = _machine_date(raw, page_zone or tz)
    if value is None:
        value = parse_date(raw, reference=reference, tz=page_zone or tz)
    if value is None:
        return None
    if page_zone is not None:
        return value.astimezone(_zone(page_zone))
    if value.utcoffset() == _ZERO:
        return value.astimezone(_zone(tz))
    return value


def url_day(url: str, tz: str) -> tuple[datetime, str] | None:
    """Midnight of the ``/YYYY/MM/DD/`` day of a permalink, in the portal's zone."""
    m = _URL_DAY.search(url)
    if not m:
        return None
    try:
        value = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=_zone(tz))
    except ValueError:  # 2023/02/30
        return None
    return value, m.group(0).strip("/")


RawSource = Callable[[], Iterable[object]]


def first_date(
    sources: dict[str, RawSource], *, tz: str, reference: datetime | None, page_zone: str | None = None
) -> FoundDate | None:
    """The first raw string that parses, taking the sources in precedence order."""
    return next(_first_of_each(sources, tz=tz, reference=reference, page_zone=page_zone), None)


def _first_of_each(
    sources: dict[str, RawSource], *, tz: str, reference: datetime | None, page_zone: str | None
) -> Iterator[FoundDate]:
    """Each source's first raw string that parses, in precedence order; lazily, so a caller that takes
    only the first never reads the later sources."""
    for source in PRECEDENCE:
        getter = sources.get(source)
        if getter is None:
            continue
        for raw in _nonempty(getter()):
            value = read_date(raw, tz=tz, reference=reference, page_zone=page_zone)
            if value is not None:
                yield FoundDate(value, raw, source)
                break


class PublishedDate:
    """A page's publication date and, only when asked, how many of its other date sources disagree.

    The sources are walked once, lazily, in precedence order: the date is the first value that parses,
    the permalink day (``url``) last, so a page with JSON-LD never pays for parsing its visible date
    line. ``disagreements`` reads the rest of the walk on first use (the crawl asks, for its stats).
    """

    def __init__(
        self,
        sources: dict[str, RawSource],
        *,
        tz: str,
        reference: datetime | None,
        page_zone: str | None,
        url: str,
    ) -> None:
        self._walk = _first_of_each(sources, tz=tz, reference=reference, page_zone=page_zone)
        self._url = url
        self._zone = page_zone or tz
        self.found: FoundDate | None = next(self._walk, None)
        if self.found is None and (day := url_day(url, self._zone)) is not None:
            self.found = FoundDate(day[0], day[1], "url")

    @cached_property
    def disagreements(self) -> int:
        """How many other sources (each one's first parsable value, and the permalink day) are more than
        a day away from the chosen date (``crawler.dates.choose_published``, which makes the same choice)."""
        found = self.found
        if found is None or found.source == "url":
            return 0  # nothing else parsed
        candidates = [(found.source, found.raw, found.value)]
        candidates += [(other.source, other.raw, other.value) for other in self._walk]
        if (day := url_day(self._url, self._zone)) is not None:
            candidates.append(("url", day[1], day[0]))
        return len(choose_published(candidates).disagreements)


def _nonempty(raws: Iterable[object]) -> Iterator[str]:
    """The non-blank strings among raw values (JSON-LD may hold lists, numbers or objects)."""
    for raw in raws:
        if isinstance(raw, list):
            yield from _nonempty(raw)
        elif isinstance(raw, str) and raw.strip():
            yield raw.strip()
