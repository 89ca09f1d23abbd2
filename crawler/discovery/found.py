"""What discovery finds: an article URL on the portal, with what its source says about its freshness."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from crawler.profiles import Profile
from crawler.urls import canonicalize, same_site


@dataclass(frozen=True, slots=True)
class Found:
    """One article link from a sitemap, a feed or a listing page."""

    url: str  # canonical
    # The latest date the source gives (sitemap ``lastmod``, news-sitemap or feed date) as a sortable UTC
    # string: a known article is fetched again when it is later than the one it was fetched under.
    signal: str | None = None
    # A news sitemap's ``news:publication_date`` as written: the article's date when its page has none.
    published: str | None = None


def article_url(href: str, base: str, profile: Profile) -> str | None:
    """The canonical URL of ``href`` (resolved against ``base``) when it is one of the portal's articles."""
    try:
        url = urljoin(base, href.strip())
        if not (same_site(url, profile.origins) and profile.is_article_url(url)):
            return None
        return canonicalize(url)
    except ValueError:  # a malformed link (a bad port, a broken IPv6 host) is no article
        return None
