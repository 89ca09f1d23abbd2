"""Portal profiles: a portal described as data (``crawler/portals/<name>.toml``), not code.

A profile tells the spider where to discover articles and the extractor which selectors, noise and
datelines belong to the portal. Pure: no Scrapy import.

Every profile is checked whole when it is loaded (TOML syntax, keys and their types, URL and dateline
patterns, every CSS selector compiled the way the extractor compiles it), so a broken profile stops its own
spider at start. One broken file never breaks the others: ``all_profiles`` and ``profile_for_url`` (the
``portal`` spider, ``extract_article`` without a profile, canonical URLs) pass over it with a warning, and
``broken_profiles`` names it for ``scrapy list``.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import crawler.settings as warta_settings
from crawler.profile_patterns import ProfilePattern, pattern_problem
from crawler.urls import join_url, on_site, site_origins, url_place

logger = logging.getLogger(__name__)


def _portals_dir() -> Traversable:
    """``WARTA_PROFILES_DIR`` when set, else the shipped profiles, read through importlib.resources so they
    load from a zipped egg (scrapyd) as from a checkout."""
    chosen = warta_settings.WARTA_PROFILES_DIR
    return Path(chosen) if chosen else files("crawler") / "portals"


PORTALS_DIR: Traversable = _portals_dir()

# The keys a profile file may hold, per table; anything else is a typo that would be silently ignored.
TOP_KEYS = frozenset(
    {"name", "title", "base_url", "domains", "origins", "timezone", "language", "article_url_pattern"}
    | {"discovery", "pagination", "selectors", "noise", "dateline", "layout", "gallery_url_pattern"}
    | {"check_url"}
)
TABLE_KEYS = {
    "discovery": frozenset(
        {
            "sitemaps",
            "news_sitemaps",
            "feeds",
            "listings",
            "listing_paging",
            "day_archive",
            "advertised_feeds",
        }
    ),
    "pagination": frozenset({"whole_view", "max_pages"}),
    "noise": frozenset({"selectors", "markers"}),
    "dateline": frozenset({"patterns"}),
}

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
    # Also read the feeds a listing's first page names in its head (``<link rel="alternate"
    # type="application/rss+xml">``): how a portal with no profile is read through its feed too.
    advertised_feeds: bool = False

    @property
    def listing_paging_res(self) -> list[ProfilePattern]:
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
    # Origins beyond the base URL's scheme and port (TOML ``origins``): ``https://jagatbisnis.com:8443``.
    extra_origins: tuple[str, ...] = ()

    # older layouts (``[[layout]]`` tables), newest first; ``selectors`` above is the current one
    older_layouts: tuple[Layout, ...] = ()
    # URLs (host and path, ``photo.liputan6.com/...``) of the portal's photo galleries
    gallery_url_pattern: str = ""
    # The article page ``scrapy check`` reads with this profile: a path on the base URL (on the portal, or
    # on a fixture server with ``-a base_url=``); empty when the profile names none.
    check_url: str = ""

    @cached_property
    def origins(self) -> tuple[str, ...]:
        """The site, as ``crawler.urls.same_site`` reads it: every domain on the base URL's scheme and port
        (http:80 and https:443 count as one), then the extra origins the profile lists. A link, sitemap
        entry, redirect or canonical elsewhere (another port of the same host too) is off the site.
        Cached: ``profile_for_url`` asks every profile for it on every page."""
        return site_origins(self.base_url, self.domains) + self.extra_origins

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
    def article_path_re(self) -> ProfilePattern:
        return _compile(self.article_url_pattern)

    def is_article_url(self, url: str) -> bool:
        """True when the URL's path looks like one of this portal's article permalinks."""
        return bool(self.article_path_re.search(urlsplit(url).path or "/"))

    @property
    def check_page(self) -> str | None:
        """The absolute URL of ``check_url`` on the base URL (wherever the profile is pointed), or None."""
        return urljoin(self.base_url + "/", self.check_url) if self.check_url else None

    def with_base_url(self, base_url: str) -> Profile:
        """The same portal served elsewhere (the demo portal, a staging host): domains follow the URL."""
        host = urlsplit(base_url).hostname or ""
        return _replace(self, base_url=base_url.rstrip("/"), domains=(host,), extra_origins=())


@cache
def _compile(pattern: str) -> ProfilePattern:
    return ProfilePattern(pattern)


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


def _addresses(value: object, where: str, base_url: str) -> tuple[str, ...]:
    """Discovery entries: paths on the base URL or http(s) URLs, each one a request can be made for. An
    entry that is none (``http://[::1``, ``mailto:…``, a port over 65535) raised ValueError from
    ``urljoin`` or ``Request`` when the spider started, naming neither file nor field; an empty one asked
    for the home page."""
    entries = _strings(value, where)
    for entry in entries:
        url = join_url(base_url + "/", entry.strip()) if entry.strip() else None
        if url is None or url_place(url) is None:
            raise ProfileError(f"{where}: expected a path on base_url or an http(s) URL, got {entry!r}")
    return entries


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ProfileError(f"{where}: expected true or false, got {value!r}")
    return value


def _domains(value: object, source: str) -> tuple[str, ...]:
    """``domains = ["kompas.com", "www.kompas.com"]``: host names alone. A URL or a port there
    (``https://kompas.com``, ``kompas.com:443``) matched no page, so the crawl found nothing on its site."""
    domains = _strings(value, f"{source}: domains")
    for domain in domains:
        try:
            host = urlsplit(f"//{domain}").hostname
        except ValueError:
            host = None
        if not domain or host != domain.lower() or any(c.isspace() for c in domain):
            raise ProfileError(f"{source}: domains entries must be host names (kompas.com), got {domain!r}")
    return domains


def _origins(value: object, source: str) -> tuple[str, ...]:
    """``origins = ["https://jagatbisnis.com:8443"]``: each ``scheme://host[:port]`` and nothing more."""
    origins = _strings(value, f"{source}: origins")
    for origin in origins:
        try:
            parts = urlsplit(origin)
            parts.port  # noqa: B018 -- raises ValueError for a bad port
        except ValueError:
            parts = None
        bare = parts is not None and not (parts.query or parts.fragment or parts.username)
        if not (bare and parts.scheme in ("http", "https") and parts.hostname and parts.path in ("", "/")):
            raise ProfileError(f"{source}: origins entries must read scheme://host[:port], got {origin!r}")
    return tuple(origin.rstrip("/") for origin in origins)


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


def _check_keys(data: dict, source: str) -> None:
    """Unknown keys and tables that are not tables are errors: a misspelt key would be silently ignored."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ProfileError(f"{source}: unknown keys {sorted(unknown)}")
    for table in ("selectors", *TABLE_KEYS):
        if not isinstance(data.get(table, {}), dict):
            raise ProfileError(f"{source}: [{table}] must be a table, got {data[table]!r}")
    for table, allowed in TABLE_KEYS.items():
        if unknown := set(data.get(table, {})) - allowed:
            raise ProfileError(f"{source}: unknown keys in [{table}]: {sorted(unknown)}")


def _base_url(value: object, source: str) -> str:
    """An http(s) URL with a host and a readable port: ``urlsplit`` reads the port only when asked, and
    ``origins`` asks on every same-site test, so ``https://x.co.id:443:`` would fail mid-crawl."""
    text = _string(value, f"{source}: base_url")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a bad port
    except ValueError:  # a bad port, a broken IPv6 host
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"{source}: base_url must be an http(s) URL with a host, got {value!r}")
    return text


def _check_url(value: object, source: str) -> str:
    """``check_url = "/2022/03/15/slug/"``: a path (and query) on the base URL, so it follows base_url."""
    path = _string(value, f"{source}: check_url")
    try:
        parts = urlsplit(path)
    except ValueError:  # //[::1/: a broken IPv6 host
        parts = None
    if parts is None or not path.startswith("/") or parts.scheme or parts.netloc or parts.fragment:
        raise ProfileError(f"{source}: check_url must be a path on base_url, /2022/03/15/a-slug/: {path!r}")
    return path


def _timezone(value: object, source: str) -> str:
    zone = _string(value, f"{source}: timezone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError(f"{source}: unknown timezone {zone!r}") from None
    return zone


def parse_profile(data: dict, *, source: str = "<profile>") -> Profile:
    """Build a Profile from the TOML table of a profile file, with clear errors for bad shapes, bad
    patterns and selectors the extractor cannot run."""
    try:
        name = _string(data["name"], f"{source}: name")
        base_url = _base_url(data["base_url"], source)
    except KeyError as exc:
        raise ProfileError(f"{source}: missing required key {exc.args[0]!r}") from None
    _check_keys(data, source)
    disc = data.get("discovery", {})
    selectors = _selectors(data.get("selectors", {}), f"{source}: selectors")
    noise = data.get("noise", {})
    domains = _domains(data.get("domains"), source) or (urlsplit(base_url).hostname or "",)
    profile = Profile(
        name=name,
        base_url=base_url.rstrip("/"),
        title=_string(data.get("title", name), f"{source}: title"),
        domains=domains,
        timezone=_timezone(data.get("timezone", "Asia/Jakarta"), source),
        language=_string(data.get("language", "id"), f"{source}: language"),
        article_url_pattern=_string(
            data.get("article_url_pattern", Profile.article_url_pattern), f"{source}: article_url_pattern"
        ),
        discovery=Discovery(
            sitemaps=_addresses(disc.get("sitemaps"), f"{source}: discovery.sitemaps", base_url),
            news_sitemaps=_addresses(
                disc.get("news_sitemaps"), f"{source}: discovery.news_sitemaps", base_url
            ),
            feeds=_addresses(disc.get("feeds"), f"{source}: discovery.feeds", base_url),
            listings=_addresses(disc.get("listings"), f"{source}: discovery.listings", base_url),
            listing_paging=_strings(disc.get("listing_paging"), f"{source}: discovery.listing_paging")
            or Discovery.listing_paging,
            day_archive=_string(
                disc.get("day_archive", Discovery.day_archive), f"{source}: discovery.day_archive"
            ),
            advertised_feeds=_bool(
                disc.get("advertised_feeds", False), f"{source}: discovery.advertised_feeds"
            ),
        ),
        pagination=_pagination(data.get("pagination", {}), source),
        selectors=selectors,
        noise_selectors=_strings(noise.get("selectors"), f"{source}: noise.selectors"),
        noise_markers=_strings(noise.get("markers"), f"{source}: noise.markers"),
        dateline_patterns=_strings(data.get("dateline", {}).get("patterns"), f"{source}: dateline.patterns"),
        extra_origins=_origins(data.get("origins"), source),
        older_layouts=_layouts(data.get("layout"), source),
        gallery_url_pattern=_string(data.get("gallery_url_pattern", ""), f"{source}: gallery_url_pattern"),
        check_url=_check_url(data["check_url"], source) if "check_url" in data else "",
    )
    patterns = (profile.article_url_pattern, *profile.discovery.listing_paging, profile.gallery_url_pattern)
    for pattern in patterns:
        if problem := pattern_problem(pattern):  # now, so a bad or runaway regex fails at load time
            raise ProfileError(f"{source}: {problem}")
    for pattern in profile.discovery.listing_paging:
        if _compile(pattern).groups < 1:  # listing_position reads the page number from group 1
            raise ProfileError(
                f"{source}: discovery.listing_paging {pattern!r} has no group 1, the page number"
            )
    # Imported here: the extractor imports this module, and its checks are the extractor's own compilers.
    from crawler.extract.profile_check import profile_problems

    problems = profile_problems(profile.selectors, profile.noise_selectors, profile.dateline_patterns)
    for n, layout in enumerate(profile.older_layouts):
        problems += [
            f"layout[{n}] {problem}"
            for problem in profile_problems(layout.selectors, layout.noise_selectors, ())
        ]
    if problems:
        raise ProfileError(f"{source}: {'; '.join(problems)}")
    return profile


@cache
def _load(name: str) -> Profile | ProfileError:
    """The profile, or the error that stops it; both cached, so a broken file is read and reported once."""
    path = PORTALS_DIR / f"{name}.toml"
    if not path.is_file():
        return ProfileError(f"no profile named {name!r} in {PORTALS_DIR}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return ProfileError(f"{path}: {exc}")
    except RecursionError:  # tomllib reads nested arrays and inline tables by recursion
        return ProfileError(f"{path}: arrays or tables nested too deeply to read")
    try:
        return parse_profile(data, source=str(path))
    except ProfileError as exc:
        return exc


def load_profile(name: str) -> Profile:
    """Load ``crawler/portals/<name>.toml`` (or ``WARTA_PROFILES_DIR/<name>.toml``); ``ProfileError``, whose
    message names the file and the problem in one line, when it is missing or broken."""
    loaded = _load(name)
    if isinstance(loaded, ProfileError):
        raise ProfileError(str(loaded))
    return loaded


def profile_names() -> list[str]:
    """Names of every shipped profile, sorted.

    Listed again only when the folder changed (another folder, or a new modification time): ``extract``
    looks a profile up for every page, and listing the folder cost more than the lookup itself."""
    global _listing
    folder = PORTALS_DIR
    stamp = _stamp(folder)
    if _listing is None or _listing[0] is not folder or _listing[1] != stamp or stamp == -1:
        names = sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
        _listing = (folder, stamp, names)
    return list(_listing[2])


# the folder, its modification time when listed, and the names found there
_listing: tuple[Traversable, int, list[str]] | None = None


def _stamp(folder: Traversable) -> int:
    """The folder's modification time in ns; 0 for packaged resources (a zipped egg does not change),
    -1 when it cannot be read (then it is listed every time, as before)."""
    if not isinstance(folder, Path):
        return 0
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return -1


def broken_profiles() -> dict[str, str]:
    """Each profile file that does not load, with why (one line naming the file)."""
    return {name: str(loaded) for name in profile_names() if isinstance(loaded := _load(name), ProfileError)}


_reported: set[str] = set()


def all_profiles() -> list[Profile]:
    """Every profile that loads; a broken one is passed over with one warning, so it cannot break the
    ``portal`` spider, ``extract_article`` or another portal's spider."""
    loaded = []
    for name in profile_names():
        profile = _load(name)
        if isinstance(profile, Profile):
            loaded.append(profile)
        elif name not in _reported:
            _reported.add(name)
            logger.warning("Profile %r left out: %s", name, profile)
    return loaded


def profile_for_url(url: str) -> Profile | None:
    """The shipped profile whose domains cover the URL's host, if any (the URL parsed once, not once per
    profile: ``extract`` asks this for every page that comes without a profile). Each (scheme, host,
    port) is looked up once per listing of the folder: every profile's origins tested again for every page
    cost 0.4% of a generic page's instructions."""
    global _places
    profiles = all_profiles()  # first, as ever: a broken profile is reported whatever the URL
    where = url_place(url)
    if where is None:
        return None
    if _places is None or _places[0] is not _listing:  # the folder listed again: its profiles may differ
        _places = (_listing, {})
    known = _places[1]
    if where not in known:
        if len(known) >= PLACES_KEPT:
            known.clear()
        known[where] = next((profile for profile in profiles if on_site(where, profile.origins)), None)
    return known[where]


# the listing (``_listing``) the answers hold for, and the profile of each (scheme, host, port) asked about
_places: tuple[object, dict[tuple[str, str, int], Profile | None]] | None = None
PLACES_KEPT = 4096  # hosts remembered (a crawl has a few, a generic run one a page); then started afresh


def is_portal_spider(spidercls: type) -> bool:
    """True for Warta's portal spiders (``warta_portal = True`` on the class): Warta's components keep
    state and reports for those only, and leave other spiders (``scrapy shell``, ``fetch``, ``bench``)
    alone."""
    return bool(getattr(spidercls, "warta_portal", False))
