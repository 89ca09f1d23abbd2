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
from functools import cache
from zoneinfo import ZoneInfo

from crawler.dates import PRECEDENCE, parse_date, to_iso

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


def read_date(raw: str, *, tz: str, reference: datetime | None) -> datetime | None:
    """Parse one raw date string; UTC moves to the portal's zone, other offsets stay as written."""
    value = parse_date(raw, reference=reference, tz=tz)
    if value is not None and value.utcoffset() == _ZERO:
        value = value.astimezone(_zone(tz))
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


RawSource = Callable[[], Iterable[str]]


def first_date(sources: dict[str, RawSource], *, tz: str, reference: datetime | None) -> FoundDate | None:
    """The first raw string that parses, taking the sources in precedence order."""
    for source in PRECEDENCE:
        getter = sources.get(source)
        if getter is None:
            continue
        for raw in _nonempty(getter()):
            value = read_date(raw, tz=tz, reference=reference)
            if value is not None:
                return FoundDate(value, raw, source)
    return None


def _nonempty(raws: Iterable[str]) -> Iterator[str]:
    for raw in raws:
        if raw and raw.strip():
            yield raw.strip()
