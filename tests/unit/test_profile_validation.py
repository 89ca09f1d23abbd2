"""Issue 12 item 8: a profile is checked whole at load, and one broken profile breaks only itself.

Selectors are compiled by the extractor's own matcher and XPath fallback, dateline patterns inside the
extractor's dateline regex; a broken file is left out of ``all_profiles``/``profile_for_url`` (the
``portal`` spider, ``extract_article``, canonical URLs) with a warning, and named by ``broken_profiles``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import crawler.profiles as profiles
from crawler.extract import extract_article
from crawler.profiles import ProfileError, parse_profile

SHIPPED = Path(profiles.__file__).with_name("portals")
MINIMAL = {"name": "x", "base_url": "https://x.example"}


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"selectors": {"body": [".entry >> p"]}}, "selectors.body: bad CSS selector '.entry >> p'"),
        ({"selectors": {"headline": ["h1::text"]}}, "selectors.headline: bad CSS selector 'h1::text'"),
        ({"noise": {"selectors": ["div[class="]}}, "noise.selectors: bad CSS selector"),
        ({"dateline": {"patterns": ["(?P<dl>X)"]}}, "dateline.patterns: bad dateline pattern"),
        ({"article_url_pattern": "^/(read"}, "bad pattern"),
        ({"timezone": "Asia/Jakartaa"}, "unknown timezone"),
        ({"base_url": "jagatbisnis.com"}, "base_url must be an http(s) URL"),
        # a port typo loaded and raised ValueError on the first same-site test, mid-crawl
        ({"base_url": "https://jagatbisnis.com:443:"}, "base_url must be an http(s) URL"),
        ({"base_url": "https://jagatbisnis.com:99999"}, "base_url must be an http(s) URL"),
        ({"base_url": "http://[::1"}, "base_url must be an http(s) URL"),  # ValueError from urlsplit
        ({"check_url": "//[::1/2022/03/15/a/"}, "check_url must be a path on base_url"),
        # a domain given as a URL or with a port matched no page: the crawl found nothing on its site
        ({"domains": ["https://x.example"]}, "domains entries must be host names"),
        ({"domains": ["x.example:443"]}, "domains entries must be host names"),
        # discovery entries no request can be made for raised ValueError when the spider started
        ({"discovery": {"feeds": ["mailto:redaksi@x.example"]}}, "discovery.feeds: expected a path on"),
        ({"discovery": {"sitemaps": ["https://x.example:99999/s.xml"]}}, "discovery.sitemaps: expected"),
        ({"discovery": {"listings": ["http://[::1/indeks"]}}, "discovery.listings: expected"),
        ({"discovery": {"news_sitemaps": [""]}}, "discovery.news_sitemaps: expected"),
        ({"selektors": {"body": ["p"]}}, "unknown keys ['selektors']"),
        ({"discovery": {"sitemap": ["/s.xml"]}}, "unknown keys in [discovery]: ['sitemap']"),
        ({"noise": ["x"]}, "[noise] must be a table"),
        ({"title": 3}, "title: expected a string"),
        ({"discovery": {"advertised_feeds": "yes"}}, "discovery.advertised_feeds: expected true or false"),
        # a paging regex with no group for the page number raised IndexError on every listing page
        (
            {"discovery": {"listing_paging": [r"[?&]page=\d+"]}},
            "discovery.listing_paging '[?&]page=\\\\d+' has no group",
        ),
    ],
)
def test_a_broken_profile_is_refused_at_load_with_its_problem(changes: dict, names: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({**MINIMAL, **changes}, source="portals/x.toml")
    message = str(caught.value)
    assert message.startswith("portals/x.toml: ") and names in message
    assert "\n" not in message


def test_every_problem_is_named_at_once() -> None:
    data = {**MINIMAL, "selectors": {"body": ["a >> b"], "tags": ["c >> d"]}}
    with pytest.raises(ProfileError, match=r"selectors\.body.*selectors\.tags"):
        parse_profile(data)


def test_a_profile_may_read_the_feeds_its_listings_name() -> None:
    assert parse_profile({**MINIMAL, "discovery": {"advertised_feeds": True}}).discovery.advertised_feeds
    assert not parse_profile(MINIMAL).discovery.advertised_feeds


def test_selectors_the_extractor_runs_are_accepted() -> None:
    selectors = {"body": [".a > .b", "div.x p", "[itemprop='articleBody']", "p:nth-child(2)", "a, b"]}
    assert parse_profile({**MINIMAL, "selectors": selectors}).selectors["body"][0] == ".a > .b"


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped profiles in which kompas has a bad selector and detik is not TOML."""
    folder = tmp_path / "portals"
    shutil.copytree(SHIPPED, folder)
    kompas = (folder / "kompas.toml").read_text(encoding="utf-8")
    (folder / "kompas.toml").write_text(
        kompas.replace('body = [".read__content > .clearfix"', 'body = [".read__content >> .clearfix"'),
        encoding="utf-8",
    )
    detik = (folder / "detik.toml").read_text(encoding="utf-8")
    (folder / "detik.toml").write_text(detik.replace('name = "detik"', 'name = "detik'), encoding="utf-8")
    monkeypatch.setattr(profiles, "PORTALS_DIR", folder)
    monkeypatch.setattr(profiles, "_reported", set())
    profiles._load.cache_clear()
    yield folder
    profiles._load.cache_clear()


def test_one_broken_profile_breaks_only_itself(profile_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.profiles"):
        loaded = {p.name for p in profiles.all_profiles()}
    assert "kompas" not in loaded and "detik" not in loaded and {"tempo", "jagatbisnis"} <= loaded
    assert sum("left out" in r.getMessage() for r in caplog.records) == 2
    broken = profiles.broken_profiles()
    assert sorted(broken) == ["detik", "kompas"]
    assert str(profile_dir / "kompas.toml") in broken["kompas"] and "selectors.body" in broken["kompas"]
    assert str(profile_dir / "detik.toml") in broken["detik"]
    with pytest.raises(ProfileError, match=r"kompas\.toml: selectors\.body: bad CSS selector"):
        profiles.load_profile("kompas")
    # other portals, and extract_article choosing a profile by URL, still work
    assert profiles.profile_for_url("https://www.tempo.co/politik/x-1").name == "tempo"
    item = extract_article("<html><body><h1>Judul</h1><p>Isi berita.</p></body></html>", "https://x.test/a")
    assert item["headline"] == "Judul"


def test_a_profile_nested_past_what_the_readers_follow_breaks_only_itself(profile_dir: Path) -> None:
    """tomllib and cssselect read by recursion: a file of arrays nested a thousand deep, or a selector of
    hundreds of combinators, raised RecursionError, which no caller catches, so every spider, and
    extract_article for every host, failed with it."""
    (profile_dir / "kontan.toml").write_text(
        'name = "kontan"\nbase_url = "https://www.kontan.co.id"\ntitle = ' + "[" * 1000 + "]" * 1000,
        encoding="utf-8",
    )
    tempo = (profile_dir / "tempo.toml").read_text(encoding="utf-8")
    (profile_dir / "tempo.toml").write_text(
        tempo.replace("[selectors]\n", "[selectors]\ngallery = ['" + "div " * 600 + "a']\n", 1),
        encoding="utf-8",
    )
    broken = profiles.broken_profiles()
    assert {"kontan", "tempo"} <= set(broken)
    assert "nested too deeply" in broken["kontan"] and "selectors.gallery" in broken["tempo"]
    assert profiles.profile_for_url("https://www.liputan6.com/news/read/1/x").name == "liputan6"


def test_the_shipped_profiles_all_load() -> None:
    assert profiles.broken_profiles() == {}
