"""What discovery finds: an article URL on the portal, with what its source says about its freshness."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from crawler.profiles import Profile
from crawler.urls import canonicalize, same_site

# Article permalinks seen across portals: a date in the path, a long numeric id, or a long slug. The
# ``portal`` spider's pattern for a host without a profile, and how a URL a profile rejects is judged a
# lost article (rather than a tag, category or static page).
# Whatever its shape, a path is no article that holds a scheme (``/http:/plus.google.com/1093…/posts``: an
# ``href="http:/…"`` typo resolved against the page) or a taxonomy, author or search segment
# (``/topic/15187/gempa-jakarta``, ``/tag/harga-minyak-goreng-naik-lagi``).
ARTICLE_LIKE_PATH = (
    r"^(?!.*/https?:/)(?!.*/(?:tags?|topics?|topik|kategori|category|author|penulis|search|cari)/).*?(?:"
    + "|".join(
        (
            r"/\d{4}/\d{1,2}/\d{1,2}/[^/]+",  # WordPress day-and-name permalinks
            # kompas, detik, tribun style: under the word, an id of four digits or more or a slug of three
            # words (not an index such as /indeks/index/news/sains, nor a feed's /news/feed/start/0/limit/10).
            # The segments on the way skip another such word, and a slug starts where its word does: the
            # same answer, but each part of the path is read once, not once for every /read/ before it
            # (a relative-link trap, /read/read/read/…, took seconds for a 20 KB link).
            r"/(read|berita|news|artikel)/(?:(?!(?:read|berita|news|artikel)/)[^/]+/)*"
            r"[^/]*(?:\d{4,}|(?<![A-Za-z0-9])[A-Za-z0-9]+[-.][A-Za-z0-9]+[-.][A-Za-z0-9]+)",
            r"/\d{5,}[-/][^/]*",  # numeric article ids
            r"/[a-z0-9]+(-[a-z0-9]+){4,}(\.html?)?/?$",  # long slugs, bare or as .html files (kapanlagi)
        )
    )
    + ")"
)
_ARTICLE_LIKE = re.compile(ARTICLE_LIKE_PATH)
# How many rejected URLs a sitemap or feed keeps as examples for the log.
REJECTED_EXAMPLES = 3


def looks_like_article(url: str) -> bool:
    """True when the URL's path has the shape of an article permalink on some portal."""
    return bool(_ARTICLE_LIKE.search(urlsplit(url).path or "/"))


@dataclass
class Rejected:
    """On-site URLs of one sitemap or feed that the profile's ``article_url_pattern`` turned down."""

    count: int = 0
    article_like: int = 0  # of them, those shaped like article permalinks: articles the pattern loses
    examples: list[str] = field(default_factory=list)  # the first few article-like ones

    def add(self, url: str, *, article_like: bool) -> None:
        self.count += 1
        if article_like:
            self.article_like += 1
            if len(self.examples) < REJECTED_EXAMPLES:
                self.examples.append(url)

    def share(self, accepted: int) -> float:
        """The share of the source's articles that the pattern lost: article-like rejected URLs over
        those plus the accepted ones (a category or page sitemap loses nothing)."""
        whole = self.article_like + accepted
        return self.article_like / whole if whole else 0.0


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


def rejected_by_pattern(href: str, base: str, profile: Profile) -> str | None:
    """The URL of ``href`` when it is on the portal but its path fails the profile's article pattern."""
    try:
        url = urljoin(base, href.strip())
        if same_site(url, profile.domains) and not profile.is_article_url(url):
            return url
    except ValueError:
        pass
    return None
