"""What ``-a name=value`` may set on a portal spider, checked before anything is fetched or written.

Scrapy turns any spider argument into a spider attribute (``name`` would move the state and export
paths), so only the known ones are accepted; ``_job`` is the job id scrapyd passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from crawler.profiles import Profile
from crawler.urls import same_site

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


def url_on_site(url: str, profile: Profile) -> str:
    """``-a url=`` of a page on the profile's site (``Profile.origins``, ports included). A page elsewhere
    would be labelled with this portal and read with its selectors, and its own host's robots.txt never
    asked: the ``portal`` spider is the one for pages of other sites."""
    url = checked_url(url, "url")
    if not same_site(url, profile.origins):
        raise ValueError(
            f"-a url={url} is not on the {profile.name} portal ({', '.join(profile.origins)}); "
            f"fetch a page of another site with the portal spider: scrapy crawl portal -a url={url}"
        )
    return url
