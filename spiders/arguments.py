"""What ``-a name=value`` may set on a portal spider, checked before anything is fetched or written.

Scrapy turns any spider argument into a spider attribute (``name`` would move the state and export
paths), so only the known ones are accepted; ``_job`` is the job id scrapyd passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

SPIDER_ARGUMENTS = ("base_url", "url", "since", "until")
_TOLERATED = frozenset({"_job"})


def refuse_unknown(names: Iterable[str]) -> None:
    """A clear error naming the arguments the spider does not take."""
    if unknown := sorted(set(names) - _TOLERATED):
        accepted = ", ".join(SPIDER_ARGUMENTS)
        raise ValueError(f"unknown spider argument(s) {', '.join(unknown)}; accepted: {accepted}")


def checked_url(url: str, name: str) -> str:
    """A spider argument that must be an absolute http(s) URL; anything else is a clear error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"-a {name}= must be an absolute http(s) URL, got {url!r}")
    return url.strip()
