"""Fuzzing the pure parsers with hypothesis: no exception escapes on arbitrary input.

Inputs mix plain random text and bytes with fragments real pages carry (tags and classes of WordPress
themes, Indonesian dates, entities, broken markup), so the search reaches the parsers' deeper paths rather
than stopping at the first "not HTML" check. Example counts are modest to keep the suite fast; raise them
locally with ``--hypothesis-profile`` or ``HYPOTHESIS_MAX_EXAMPLES`` style settings when hunting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.dates import find_dates, parse_date
from crawler.extract import extract_article
from crawler.items import ArticleItem
from crawler.profiles import load_profile
from crawler.urls import canonicalize, same_site

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATE_PIECES = [
    "Senin",
    "Selasa, 15 Maret 2022",
    "Rabu (18/6/2025)",
    "Kamis (29/5/25)",
    "Jumat lalu (14/3)",
    "pukul 16.05 WIB",
    "08:12:40 WITA",
    "2022-03-15T08:12:40+07:00",
    "15/03/2022",
    "31 Juni",
    "(18/6/225)",
    "Diperbarui 3 jam yang lalu",
    "kemarin",
    "Mar 15, 2022",
    "GMT+7",
    "Z",
    "-",
    "/",
    ":",
    "\u200b",
    "٣",
    "2022",
    "99999999999999999999",
]
HTML_PIECES = [
    "<html>",
    "</html>",
    "<head>",
    "<title>Judul Berita – JagatBisnis</title>",
    '<meta property="og:title" content="Judul">',
    '<meta property="article:published_time" content="2022-03-15T08:12:40+07:00">',
    '<link rel="canonical" href="https://jagatbisnis.com/2022/03/15/judul/">',
    '<link rel="canonical" href="javascript:alert(1)">',
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":',
    '["2022", 5, {"x": null}]}</script>',
    "<body>",
    '<article class="post">',
    '<h1 class="entry-title">',
    "</h1>",
    '<div class="entry-content">',
    "</div>",
    "<p>",
    "</p>",
    "<strong>Baca Juga:</strong>",
    '<a href="/2022/03/14/lain/">',
    '<a href="mailto:x@y">',
    "</a>",
    '<img src="/wp-content/uploads/a.jpg" alt="">',
    "<figcaption>Foto: Antara</figcaption>",
    "JagatBisnis.com -",
    "JAKARTA, KOMPAS.com -",
    "(pia)",
    "[ian]",
    "Penulis: Yohanes Tarigan",
    "sumber : Antara",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&bogus;",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml?>",
    "<!DOCTYPE html>",
    "\x00",
    "\ufffd",
    "<",
    ">",
    '"',
    "'",
]
date_text = st.lists(st.sampled_from(DATE_PIECES) | st.text(max_size=12), max_size=10).map(" ".join)
html_text = st.lists(
    st.sampled_from(HTML_PIECES) | st.sampled_from(DATE_PIECES) | st.text(max_size=20), max_size=40
).map("".join)
references = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
) | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
url_hosts = st.sampled_from(
    ["jagatbisnis.com", "m.detik.com", "amp.kompas.com", "127.0.0.1:8080", "xn--ls8h.la"]
)
url_paths = st.lists(
    st.text(min_size=1, max_size=8) | st.sampled_from(["amp", "2022", "..", "%2F", ""]), max_size=5
)
url_queries = st.lists(
    st.tuples(
        st.sampled_from(["utm_source", "page", "amp", "fbclid", "id", "single", ""]), st.text(max_size=6)
    ),
    max_size=4,
)


@FUZZ
@given(html=html_text, profiled=st.booleans())
def test_extract_article_never_raises_on_page_soup(html, profiled):
    profile = load_profile("jagatbisnis") if profiled else None
    item = extract_article(html, "https://jagatbisnis.com/2022/03/15/judul/", profile)
    assert isinstance(item, ArticleItem)
    assert isinstance(item.articleBody, str)


@FUZZ
@given(body=st.binary(max_size=2000), path=st.text(max_size=30))
def test_extract_article_never_raises_on_bytes(body, path):
    from urllib.parse import quote

    assert isinstance(extract_article(body, "https://jagatbisnis.com/" + quote(path)), ArticleItem)


@FUZZ
@given(url=st.text(max_size=60))
def test_extract_article_refuses_a_non_web_page_url_clearly(url):
    """The page URL comes from the crawler; anything else is a clear error about the URL, nothing else."""
    try:
        extract_article("<html><body><p>Isi</p></body></html>", url)
    except (ValueError, TypeError) as exc:
        assert "url" in str(exc).lower()


@FUZZ
@given(text=date_text, reference=references, tz=st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "UTC"]))
def test_parse_date_never_raises(text, reference, tz):
    reference = reference if isinstance(reference, datetime) else None
    result = parse_date(text, reference=reference, tz=tz)
    assert result is None or result.tzinfo is not None


@FUZZ
@given(text=date_text | st.text(max_size=200), reference=references)
def test_find_dates_never_raises(text, reference):
    for mention in find_dates(text, reference=reference):
        assert mention.text and mention.text in text


@FUZZ
@given(url=st.text(max_size=80))
def test_canonicalize_returns_a_url_or_a_clear_error(url):
    try:
        result = canonicalize(url)
    except ValueError:
        return  # documented: not an absolute http(s) URL
    assert result.startswith(("http://", "https://"))
    assert same_site(result, ["jagatbisnis.com"]) in (True, False)


@FUZZ
@given(scheme=st.sampled_from(["http", "https", "HTTP"]), host=url_hosts, path=url_paths, query=url_queries)
def test_canonicalize_accepts_every_web_url_and_is_idempotent(scheme, host, path, query):
    from urllib.parse import quote, urlencode

    url = (
        f"{scheme}://{host}/"
        + "/".join(quote(p, safe="") for p in path)
        + ("?" + urlencode(query) if query else "")
    )
    once = canonicalize(url)
    assert canonicalize(once) == once


@pytest.mark.parametrize(
    "url",
    [
        "http://jagatbisnis.com/0/amp/amp",
        "http://jagatbisnis.com/./amp/0",
        "http://jagatbisnis.com/a/../amp/b/",
    ],
)
def test_canonicalize_is_idempotent_around_amp_segments(url):
    once = canonicalize(url)
    assert canonicalize(once) == once
