"""Sitemaps that answered 404 are remembered in the article state and skipped until the gone TTL passes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.discovery import FetchPolicy
from crawler.state.articles import SqliteArticleStore

SITEMAP = "https://jagatbisnis.com/sitemap-2019-01.xml"


def test_the_sqlite_store_remembers_a_gone_sitemap_until_it_is_read_again(tmp_path: Path) -> None:
    store = SqliteArticleStore(tmp_path / "jagatbisnis.sqlite")
    assert store.gone_age(SITEMAP) is None
    store.mark_gone(SITEMAP)
    store.close()
    store = SqliteArticleStore(tmp_path / "jagatbisnis.sqlite")  # across runs
    assert 0 <= store.gone_age(SITEMAP) < 60
    store.mark_page(SITEMAP)  # it answered again
    assert store.gone_age(SITEMAP) is None
    store.close()


def test_the_policy_skips_a_gone_sitemap_within_the_ttl_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteArticleStore(tmp_path / "jagatbisnis.sqlite")
    marked = time.time()
    monkeypatch.setattr(time, "time", lambda: marked)
    store.mark_gone(SITEMAP)
    assert FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=3600).gone(SITEMAP)
    assert not FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=0).gone(SITEMAP)
    monkeypatch.setattr(time, "time", lambda: marked + 3601)  # the TTL has passed
    assert not FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=3600).gone(SITEMAP)
    assert FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=7200).gone(SITEMAP)
    assert not FetchPolicy(store, incremental=True, listing_ttl=0, gone_ttl=3600).gone(SITEMAP + "x")
    store.close()
