"""Portal profiles: a portal described as data (``crawler/portals/<name>.toml``), not code.

A profile tells the spider where to discover articles and the extractor which selectors, noise and
datelines belong to the portal. Pure: no Scrapy import.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit

from crawler.urls import host_on_site

# Read through importlib.resources, so profiles load from a zipped egg (scrapyd) as from a checkout.
PORTALS_DIR: Traversable = files("crawler") / "portals"

SELECTOR_FIELDS = (
    "headline",
    "body",
    "authors",
    "published",
    "modified",
    "section",
    "tags",
    "image",
    "gallery",  # the captions of a photo page, its body
)


class ProfileError(ValueError):
    """A profile file is missing or malformed."""


@dataclass(frozen=True)
class Discovery:
    """Where a portal lists its articles, as paths relative to the base URL (or absolute URLs)."""

    sitemaps: tuple[str, ...] = ()
    news_sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    # How a listing names its next page: regexes over path and query whose group 1 is the page number.
    listing_paging: tuple[str, ...] = (r"/page/(\d+)/?$",)
    # Where a backfill finds one day's articles: a ``strftime`` path; empty for a portal without day archives.
    day_archive: str = "/%Y/%m/%d/"

    @property
    def listing_paging_res(self) -> list[re.Pattern[str]]:
        return [_compile(pattern) for pattern in self.listing_paging]


@dataclass(frozen=True)
class Pagination:
    """How the portal splits a long article over pages."""

    # The query parameter that serves the whole article on one page even when no page links it
    # (``("page", "all")`` on kompas): fetched instead of walking the pages.
    whole_view: tuple[str, str] | None = None
    # The most pages one article may have; a higher page number is a listing or a trap.
    max_pages: int = 20


@dataclass(frozen=True)
class Layout:
    """One dated version of a portal's page layout (fundus's ``VALID_UNTIL``): a portal that redesigned
    keeps its old selectors next to the new ones, so pages of both eras parse.

    ``valid_until`` is the last day the layout was served (None: still current). Its noise selectors are
    added to the profile's own.
    """

    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    valid_until: date | None = None
    noise_selectors: tuple[str, ...] = ()

    def served_on(self, day: date, older: Layout | None) -> bool:
        """True when a page of ``day`` was served with this layout (``older`` is the layout before it)."""
        if self.valid_until is not None and day > self.valid_until:
            return False
        return older is None or older.valid_until is None or day > older.valid_until


@dataclass(frozen=True)
class Profile:
    """One portal: identity, discovery sources, selectors, noise and datelines."""

    name: str
    base_url: str
    title: str = ""
    domains: tuple[str, ...] = ()
    timezone: str = "Asia/Jakarta"
    language: str = "id"
    article_url_pattern: str = r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$"
    discovery: Discovery = field(default_factory=Discovery)
    pagination: Pagination = field(default_factory=Pagination)
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    noise_selectors: tuple[str, ...] = ()
    noise_markers: tuple[str, ...] = ()
    dateline_patterns: tuple[str, ...] = ()
    # older layouts (``[[layout]]`` tables), newest first; ``selectors`` above is the current one
    older_layouts: tuple[Layout, ...] = ()
    # URLs (host and path, ``photo.liputan6.com/...``) of the portal's photo galleries
    gallery_url_pattern: str = ""

    @cached_property
    def layouts(self) -> tuple[Layout, ...]:
        """Every layout, newest first: the current one, then the dated older ones."""
        return (Layout(self.selectors), *self.older_layouts)

    def layouts_for(self, day: date | None) -> tuple[Layout, ...]:
        """The layouts to try on a page of ``day``, best first: the one served that day, then the rest
        newest first (a page's date can be wrong, and a redesign rarely happens on one day for all
        channels). Without a day, newest first."""
        layouts = self.layouts
        if day is None or len(layouts) == 1:
            return layouts
        older = (*layouts[1:], None)
        served = [lay for lay, before in zip(layouts, older, strict=True) if lay.served_on(day, before)]
        return (*served, *(lay for lay in layouts if lay not in served))

    def is_gallery_url(self, url: str) -> bool:
        """True when the URL is one of the portal's photo-gallery pages."""
        if not self.gallery_url_pattern:
            return False
        parts = urlsplit(url)
        return bool(_compile(self.gallery_url_pattern).search(f"{parts.hostname or ''}{parts.path or '/'}"))

    @property
    def article_path_re(self) -> re.Pattern[str]:
        return _compile(self.article_url_pattern)

    def is_article_url(self, url: str) -> bool:
        """True when the URL's path looks like one of this portal's article permalinks."""
        return bool(self.article_path_re.search(urlsplit(url).path or "/"))

    def with_base_url(self, base_url: str) -> Profile:
        """The same portal served elsewhere (the demo portal, a staging host): domains follow the URL."""
        host = urlsplit(base_url).hostname or ""
        return _replace(self, base_url=base_url.rstrip("/"), domains=(host,))


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _replace(profile: Profile, **changes: object) -> Profile:
    from dataclasses import replace

    return replace(profile, **changes)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ProfileError(f"{where}: expected a string or a list of strings, got {value!r}")


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ProfileError(f"{where}: expected a string, got {value!r}")
    return value


def _pagination(table: dict, source: str) -> Pagination:
    """``[pagination]``: ``whole_view = "page=all"`` and ``max_pages``, each defaulting to Pagination's."""
    whole_view = Pagination.whole_view
    if (view := table.get("whole_view")) is not None:
        name, equals, value = _string(view, f"{source}: pagination.whole_view").partition("=")
        if not (equals and name.strip() and value.strip()):
            raise ProfileError(f"{source}: pagination.whole_view must read name=value, got {view!r}")
        whole_view = (name.strip(), value.strip())
    max_pages = table.get("max_pages", Pagination.max_pages)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise ProfileError(f"{source}: pagination.max_pages must be a positive integer, got {max_pages!r}")
    return Pagination(whole_view=whole_view, max_pages=max_pages)


def _selectors(table: object, source: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise ProfileError(f"{source}: expected a table of selectors, got {table!r}")
    unknown = set(table) - set(SELECTOR_FIELDS)
    if unknown:
        raise ProfileError(f"{source}: unknown selector fields {sorted(unknown)}")
    return {k: _strings(v, f"{source}.{k}") for k, v in table.items()}


def _layouts(tables: object, source: str) -> tuple[Layout, ...]:
    """``[[layout]]`` tables: ``valid_until`` (a TOML date, required: an older layout ended some day)
    and ``[layout.selectors]``; sorted newest first whatever the file's order."""
    if tables is None:
        return ()
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ProfileError(f"{source}: layout must be an array of tables ([[layout]])")
    layouts = []
    for n, table in enumerate(tables):
        where = f"{source}: layout[{n}]"
        until = table.get("valid_until")
        if not isinstance(until, date):
            raise ProfileError(
                f"{where}: valid_until must be a date (valid_until = 2018-06-30), got {until!r}"
            )
        unknown = set(table) - {"valid_until", "selectors", "noise_selectors"}
        if unknown:
            raise ProfileError(f"{where}: unknown keys {sorted(unknown)}")
        layouts.append(
            Layout(
                selectors=_selectors(table.get("selectors", {}), f"{where}: selectors"),
                valid_until=until,
                noise_selectors=_strings(table.get("noise_selectors"), f"{where}: noise_selectors"),
            )
        )
    return tuple(sorted(layouts, key=lambda lay: lay.valid_until or date.max, reverse=True))


def parse_profile(data: dict, *, source: str = "<profile>") -> Profile:
    """Build a Profile from the TOML table of a profile file, with clear errors for bad shapes."""
    try:
        name = data["name"]
        base_url = data["base_url"]
    except KeyError as exc:
        raise ProfileError(f"{source}: missing required key {exc.args[0]!r}") from None
    disc = data.get("discovery", {})
    selectors = _selectors(data.get("selectors", {}), f"{source}: selectors")
    noise = data.get("noise", {})
    domains = _strings(data.get("domains"), f"{source}: domains") or (urlsplit(base_url).hostname or "",)
    profile = Profile(
        name=name,
        base_url=base_url.rstrip("/"),
        title=data.get("title", name),
        domains=domains,
        timezone=data.get("timezone", "Asia/Jakarta"),
        language=data.get("language", "id"),
        article_url_pattern=data.get("article_url_pattern", Profile.article_url_pattern),
        discovery=Discovery(
            sitemaps=_strings(disc.get("sitemaps"), f"{source}: discovery.sitemaps"),
            news_sitemaps=_strings(disc.get("news_sitemaps"), f"{source}: discovery.news_sitemaps"),
            feeds=_strings(disc.get("feeds"), f"{source}: discovery.feeds"),
            listings=_strings(disc.get("listings"), f"{source}: discovery.listings"),
            listing_paging=_strings(disc.get("listing_paging"), f"{source}: discovery.listing_paging")
            or Discovery.listing_paging,
            day_archive=_string(
                disc.get("day_archive", Discovery.day_archive), f"{source}: discovery.day_archive"
            ),
        ),
        pagination=_pagination(data.get("pagination", {}), source),
        selectors=selectors,
        noise_selectors=_strings(noise.get("selectors"), f"{source}: noise.selectors"),
        noise_markers=_strings(noise.get("markers"), f"{source}: noise.markers"),
        dateline_patterns=_strings(data.get("dateline", {}).get("patterns"), f"{source}: dateline.patterns"),
        older_layouts=_layouts(data.get("layout"), source),
        gallery_url_pattern=_string(data.get("gallery_url_pattern", ""), f"{source}: gallery_url_pattern"),
    )
    patterns = (profile.article_url_pattern, *profile.discovery.listing_paging, profile.gallery_url_pattern)
    for pattern in patterns:
        try:
            _compile(pattern)  # now, so a bad regex fails at load time
        except re.error as exc:
            raise ProfileError(f"{source}: bad pattern {pattern!r}: {exc}") from None
    return profile


@cache
def load_profile(name: str) -> Profile:
    """Load ``crawler/portals/<name>.toml``."""
    path = PORTALS_DIR / f"{name}.toml"
    if not path.is_file():
        raise ProfileError(f"no profile named {name!r} in {PORTALS_DIR}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    return parse_profile(data, source=str(path))


def profile_names() -> list[str]:
    """Names of every shipped profile, sorted."""
    return sorted(p.name.removesuffix(".toml") for p in PORTALS_DIR.iterdir() if p.name.endswith(".toml"))


def all_profiles() -> list[Profile]:
    return [load_profile(n) for n in profile_names()]


def profile_for_url(url: str) -> Profile | None:
    """The shipped profile whose domains cover the URL's host, if any."""
    host = (urlsplit(url).hostname or "").lower()
    for profile in all_profiles():
        for domain in profile.domains:
            if host_on_site(host, domain):
                return profile
    return None


def is_portal_spider(spidercls: type) -> bool:
    """True for Warta's portal spiders (``warta_portal = True`` on the class): Warta's components keep
    state and reports for those only, and leave other spiders (``scrapy shell``, ``fetch``, ``bench``)
    alone."""
    return bool(getattr(spidercls, "warta_portal", False))
