"""Canonical URLs of Indonesian portals: one article, one URL, whatever link led to it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.urls import canonicalize, pick_canonical, same_site

JB = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
KOMPAS = "https://nasional.kompas.com/read/2022/03/15/08124071/jokowi-minta-harga-minyak-goreng-turun"
TRIBUN = "https://www.tribunnews.com/nasional/2024/01/02/kpu-tetapkan-jadwal-debat-capres"
DETIK = "https://news.detik.com/berita/d-7012345/polisi-selidiki-kebakaran-pasar-senen"

RULES = [
    # WordPress permalink: kept with its slash; tracking and fragments go
    (JB, JB),
    (JB + "?utm_source=facebook&utm_medium=social&utm_campaign=mar22", JB),
    (JB + "?fbclid=IwAR2xYz_abc#comments", JB),
    (JB + "#respond", JB),
    (JB.replace("https://jagatbisnis.com/", "https://jagatbisnis.com:443/"), JB),
    (JB.replace("https://jagatbisnis.com/", "HTTPS://JagatBisnis.COM/"), JB),
    # WordPress AMP plugin: /amp/ suffix and ?amp=1 / ?amp
    (JB + "amp/", JB),
    (JB + "?amp=1", JB),
    (JB + "?amp", JB),
    # kompas: ?page=all is the whole article, ?page=1 its first page; ?page=2 is another page
    (KOMPAS + "?page=all", KOMPAS),
    (KOMPAS + "?page=1", KOMPAS),
    (KOMPAS + "?page=all&utm_source=Whatsapp&utm_medium=Refferal", KOMPAS),
    (KOMPAS + "?page=2", KOMPAS + "?page=2"),
    # tribunnews: mobile host, /amp/ prefix, both at once, ?page=all
    (TRIBUN.replace("www.", "m."), TRIBUN),
    (TRIBUN.replace(".com/", ".com/amp/"), TRIBUN),
    (TRIBUN.replace("www.", "m.").replace(".com/", ".com/amp/"), TRIBUN),
    (TRIBUN + "?page=all&_ga=2.1234.5678", TRIBUN),
    ("https://amp.tribunnews.com/nasional/2024/01/02/kpu-tetapkan-jadwal-debat-capres", TRIBUN),
    # detik: mobile host to www, path kept (rel=canonical decides after the fetch); tag_from and single=1
    (
        "https://m.detik.com/news/berita/d-7012345/polisi-selidiki-kebakaran-pasar-senen",
        "https://www.detik.com/news/berita/d-7012345/polisi-selidiki-kebakaran-pasar-senen",
    ),
    (
        "https://m.detik.com/jateng/berita/d-7012346/judul",
        "https://www.detik.com/jateng/berita/d-7012346/judul",
    ),
    # tribunnews regional sites: /amp/ prefix too
    (
        "https://jogja.tribunnews.com/amp/2020/11/13/ini-rencana-pembangunan-tol",
        "https://jogja.tribunnews.com/2020/11/13/ini-rencana-pembangunan-tol",
    ),
    (DETIK + "?tag_from=wp_nhl_judul_2&single=1", DETIK),
    (DETIK + "/amp", DETIK),
    # single=1 is detik's; elsewhere it is kept
    ("https://www.example.id/arsip/berita?single=1", "https://www.example.id/arsip/berita?single=1"),
    # default port, doubled slashes, query order
    ("http://news.detik.com:80//berita//d-7012345/polisi-selidiki-kebakaran-pasar-senen", "http" + DETIK[5:]),
    (
        "https://www.cnnindonesia.com/search/?query=banjir&page=3&gclid=Cj0K",
        "https://www.cnnindonesia.com/search/?page=3&query=banjir",
    ),
    (
        "https://www.antaranews.com/berita/4012345/judul?b=2&a=1",
        "https://www.antaranews.com/berita/4012345/judul?a=1&b=2",
    ),
    # other ports are part of the site (the demo portal runs on one)
    ("http://127.0.0.1:8765/2022/03/15/judul/?utm_source=x", "http://127.0.0.1:8765/2022/03/15/judul/"),
    ("https://jagatbisnis.com", "https://jagatbisnis.com/"),
]


@pytest.mark.parametrize(("url", "expected"), RULES)
def test_canonical_rules(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(("url", "expected"), RULES)
def test_canonicalize_is_idempotent(url: str, expected: str) -> None:
    assert canonicalize(canonicalize(url)) == canonicalize(url)


def test_trailing_slash_is_kept_as_written() -> None:
    # each server redirects the other form to its own: the two are not merged
    assert canonicalize(KOMPAS).endswith("turun")
    assert canonicalize(JB).endswith("perdamaian/")


def test_percent_encoding_is_normalised() -> None:
    assert canonicalize("https://www.suara.com/tag/jawa%20barat") == canonicalize(
        "https://www.suara.com/tag/jawa barat"
    )


@pytest.mark.parametrize(
    "bad",
    ["javascript:void(0)", "mailto:redaksi@jagatbisnis.com", "file:///etc/passwd", "/2022/03/15/judul/", ""],
)
def test_non_web_urls_are_refused_clearly(bad: str) -> None:
    with pytest.raises(ValueError):
        canonicalize(bad)


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        canonicalize(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "domains", "expected"),
    [
        (DETIK, ["detik.com"], True),
        ("https://detik.com/", ["detik.com"], True),
        ("https://20.detik.com/detikupdate/20240102-240102001/video", ["detik.com"], True),
        ("https://NEWS.DETIK.COM./berita/d-1/x", ["detik.com"], True),
        ("https://notdetik.com/berita", ["detik.com"], False),
        ("https://detik.com.evil.example/berita", ["detik.com"], False),
        (KOMPAS, ["detik.com", "kompas.com"], True),
        ("https://www.kompas.id/baca/1", ["kompas.com"], False),
        ("javascript:void(0)", ["detik.com"], False),
        ("mailto:redaksi@detik.com", ["detik.com"], False),
        ("file://detik.com/etc/passwd", ["detik.com"], False),
        ("ftp://news.detik.com/file", ["detik.com"], False),
        ("/berita/d-1/x", ["detik.com"], False),
        ("https://[::1/broken", ["detik.com"], False),
        (DETIK, [], False),
        ("http://127.0.0.1:8765/2022/03/15/judul/", ["127.0.0.1"], True),
    ],
)
def test_same_site(url: str, domains: list[str], expected: bool) -> None:
    assert same_site(url, domains) is expected


def test_a_single_domain_string_is_one_domain() -> None:
    assert same_site(DETIK, "detik.com")
    assert not same_site("https://m.example.com/", "detik.com")


def test_pick_canonical_prefers_rel_canonical_on_the_site() -> None:
    amp_page = (
        "https://amp.kompas.com/nasional/read/2022/03/15/08124071/jokowi-minta-harga-minyak-goreng-turun"
    )
    assert pick_canonical(amp_page, KOMPAS + "?page=all", ["kompas.com"]) == KOMPAS


def test_pick_canonical_resolves_a_relative_href() -> None:
    page = JB + "?utm_source=twitter"
    assert (
        pick_canonical(
            page, "/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/", ["jagatbisnis.com"]
        )
        == JB
    )


@pytest.mark.parametrize(
    "href",
    [
        None,
        "",
        "   ",
        "https://www.theguardian.com/world/2022/mar/14/china-russia",  # another site
        "javascript:void(0)",
        "https://jagatbisnis.com/",  # every page pointing at the home page: a theme bug
        "http://[::1",
    ],
)
def test_pick_canonical_falls_back_to_the_page_url(href: str | None) -> None:
    assert pick_canonical(JB + "amp/?utm_medium=social", href, ["jagatbisnis.com"]) == JB


def test_pick_canonical_keeps_a_home_canonical_for_the_home_page() -> None:
    assert pick_canonical(
        "https://jagatbisnis.com/?amp=1", "https://jagatbisnis.com/", ["jagatbisnis.com"]
    ) == ("https://jagatbisnis.com/")


PORTAL_HOSTS = [
    "jagatbisnis.com",
    "news.detik.com",
    "m.tribunnews.com",
    "amp.kompas.com",
    "www.antaranews.com",
]
SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30)
PARAM = st.sampled_from(
    ["id", "q", "page", "utm_source", "utm_campaign", "fbclid", "gclid", "amp", "ref", "tag"]
)


@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.sampled_from(PORTAL_HOSTS),
    segments=st.lists(SLUG, min_size=0, max_size=5),
    slash=st.booleans(),
    params=st.lists(st.tuples(PARAM, st.sampled_from(["1", "all", "x y", "Kompas", ""])), max_size=5),
    fragment=st.sampled_from(["", "#comments", "#respond"]),
)
def test_any_portal_url_canonicalizes_once_and_for_all(
    scheme: str, host: str, segments: list[str], slash: bool, params: list[tuple[str, str]], fragment: str
) -> None:
    path = "/" + "/".join(segments) + ("/" if slash and segments else "")
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"{scheme}://{host}{path}" + (f"?{query}" if query else "") + fragment
    once = canonicalize(url)
    assert canonicalize(once) == once
    parts = urlsplit(once)
    assert not parts.fragment
    assert not parts.hostname.startswith(("m.", "amp."))
    names = [name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    assert not any(name.startswith("utm_") or name in {"fbclid", "gclid", "amp", "ref"} for name in names)
    assert names == sorted(names)
    assert same_site(once, [host.split(".", 1)[1] if host.count(".") > 1 else host])


PLAIN_SEGMENT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$'()*+,=:@", max_size=12
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=st.sampled_from([*PORTAL_HOSTS, "JagatBisnis.com.", "127.0.0.1:8081", "www.kompas.com:443"]),
    segments=st.lists(PLAIN_SEGMENT, max_size=5),
    slash=st.booleans(),
)
def test_a_plain_url_skips_w3lib_and_gets_what_w3lib_would_give(
    scheme: str, host: str, segments: list[str], slash: bool
) -> None:
    """URLs of plain characters take a short cut past w3lib: its result must be one w3lib leaves alone."""
    from w3lib.url import canonicalize_url, safe_url_string

    url = f"{scheme}://{host}/" + "/".join(segments) + ("/" if slash else "")
    once = canonicalize(url)
    assert canonicalize_url(once, keep_fragments=False) == once
    assert canonicalize(safe_url_string(url)) == once


# ---- the one same-site rule --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "domain", "expected"),
    [
        ("detik.com", "detik.com", True),
        ("news.detik.com", "detik.com", True),
        ("a.b.detik.com", "detik.com", True),
        ("notdetik.com", "detik.com", False),
        ("detik.com.evil.example", "detik.com", False),
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.2", "127.0.0.1", False),
    ],
)
def test_host_on_site(host, domain, expected):
    from crawler.urls import host_on_site

    assert host_on_site(host, domain) is expected
    # same_site reads the host from a URL (port and case aside) and applies the same rule
    assert same_site(f"http://{host.upper()}:8080/x", [domain]) is expected
