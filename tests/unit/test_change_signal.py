"""The change signal an article is remembered under: one sortable UTC string, whatever form the date had."""

from __future__ import annotations

import pytest

from crawler.state.articles import change_signal, item_signal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-03-15T08:12:40+07:00", "2022-03-15T01:12:40Z"),  # the item's own ISO dates
        ("2022-03-15T10:12:40+09:00", "2022-03-15T01:12:40Z"),  # WIT
        ("2022-03-15T01:12:40Z", "2022-03-15T01:12:40Z"),  # a sitemap's UTC lastmod
        ("2022-03-15T08:12:40", "2022-03-15T01:12:40Z"),  # no offset: the engine's zone (WIB)
        ("Selasa, 15 Maret 2022 08:12 WIB", "2022-03-15T01:12:00Z"),  # a feed or page in words
        ("Tue, 15 Mar 2022 01:12:40 +0000", "2022-03-15T01:12:40Z"),  # RSS pubDate
        ("", None),
        (None, None),
        ("bukan tanggal", None),
    ],
)
def test_every_date_form_becomes_one_sortable_utc_string(raw, expected):
    assert change_signal(raw) == expected


def test_an_article_is_remembered_under_its_latest_date():
    item = {"datePublished": "2022-03-15T08:12:40+07:00", "dateModified": "2022-03-16T09:00:00+07:00"}
    assert item_signal(item) == "2022-03-16T02:00:00Z"
    assert item_signal(item, fetched_under="2022-03-17T00:00:00Z") == "2022-03-17T00:00:00Z"
    assert item_signal({}) is None


def test_an_export_is_recorded_as_fetched_under_its_signal(tmp_path):
    from crawler.state.articles import SqliteArticleStore as ArticleStore

    store = ArticleStore(tmp_path / "jagatbisnis.sqlite")
    url = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia/"
    store.record(url, "f" * 40, 1, "jagatbisnis", None, "2022-03-15T01:12:40Z")
    assert store.fetched_signal(url) == (True, "2022-03-15T01:12:40Z")
    store.record(url, "e" * 40, 2, "jagatbisnis", None, "2022-03-14T00:00:00Z")  # an older signal never wins
    assert store.fetched_signal(url) == (True, "2022-03-15T01:12:40Z")
    assert store.get(url).version == 2
