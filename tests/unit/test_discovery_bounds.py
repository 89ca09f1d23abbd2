"""The discovery bounds alone: sitemap depth and count, listing page limit, stale-page streaks."""

from __future__ import annotations

import pytest

from crawler.discovery import Cut, DiscoveryBounds, Limits

LIMITS = Limits(sitemap_depth=2, sitemaps=5, listing_pages=50, stale_pages=3)
HOME = "https://jagatbisnis.com/"


def _links(page: int, count: int = 4) -> list[str]:
    return [f"https://jagatbisnis.com/2023/02/01/berita-{page}-{n}/" for n in range(count)]


def test_sitemaps_are_cut_below_the_depth_limit_and_past_the_count() -> None:
    bounds = DiscoveryBounds(LIMITS)
    assert [bounds.sitemap(depth) for depth in (0, 1, 2)] == [None, None, None]
    assert bounds.sitemap(3) is Cut.SITEMAP_DEPTH
    assert [bounds.sitemap(1), bounds.sitemap(1)] == [None, None]
    assert bounds.sitemap(1) is Cut.SITEMAP_COUNT
    assert bounds.sitemaps_read == 5


def test_zero_means_no_count_limit() -> None:
    bounds = DiscoveryBounds(Limits(sitemap_depth=1, sitemaps=0, listing_pages=0, stale_pages=0))
    assert all(bounds.sitemap(1) is None for _ in range(10_000))
    assert bounds.next_page(HOME, 10_000) is None


def test_a_listing_is_cut_at_its_page_limit() -> None:
    bounds = DiscoveryBounds(LIMITS)
    bounds.listing_page(HOME, 50, _links(50))
    assert bounds.next_page(HOME, 49) is None
    assert bounds.next_page(HOME, 50) is Cut.LISTING_PAGES


def test_pages_showing_nothing_new_stop_the_paging_after_the_streak() -> None:
    bounds = DiscoveryBounds(LIMITS)
    bounds.listing_page(HOME, 1, _links(1))
    for link in _links(1):
        bounds.first_request(link)
        bounds.asked(HOME, 1)
        bounds.answered(HOME, 1, alive=True)
    assert bounds.next_page(HOME, 1) is None
    for page in (2, 3):
        bounds.listing_page(HOME, page, _links(1))  # the same links again
        assert bounds.next_page(HOME, page) is None
    bounds.listing_page(HOME, 4, [])
    assert bounds.next_page(HOME, 4) is Cut.LISTING_STALE


def test_pages_of_dead_links_count_as_stale_once_answered() -> None:
    bounds = DiscoveryBounds(LIMITS)
    for page in (1, 2, 3):
        bounds.listing_page(HOME, page, _links(page))
        for _ in range(4):
            bounds.asked(HOME, page)
    assert bounds.next_page(HOME, 3) is None  # nothing answered yet: not judged
    for page in (1, 2, 3):
        for _ in range(4):
            bounds.answered(HOME, page, alive=False)
    assert bounds.next_page(HOME, 3) is Cut.LISTING_STALE


def test_the_newest_pages_still_answering_are_skipped_not_counted() -> None:
    bounds = DiscoveryBounds(LIMITS)
    for page in range(1, 6):
        bounds.listing_page(HOME, page, _links(page))
        for _ in range(4):
            bounds.asked(HOME, page)
        if page <= 3:
            for _ in range(4):
                bounds.answered(HOME, page, alive=False)
    assert bounds.next_page(HOME, 5) is Cut.LISTING_STALE


def test_one_live_article_breaks_the_streak() -> None:
    bounds = DiscoveryBounds(LIMITS)
    for page in (1, 2, 3):
        bounds.listing_page(HOME, page, _links(page))
        for n in range(4):
            bounds.asked(HOME, page)
            bounds.answered(HOME, page, alive=(page == 2 and n == 0))
    assert bounds.next_page(HOME, 3) is None


def test_known_articles_in_a_backfill_do_not_make_a_page_stale() -> None:
    """New to this crawl's listings but known from earlier runs: nothing asked, paging goes on."""
    bounds = DiscoveryBounds(LIMITS)
    for page in range(1, 6):
        bounds.listing_page(HOME, page, _links(page))
    assert bounds.next_page(HOME, 5) is None


def test_each_article_url_is_a_first_request_once() -> None:
    bounds = DiscoveryBounds(LIMITS)
    assert bounds.first_request("https://jagatbisnis.com/2023/02/01/a/")
    assert not bounds.first_request("https://jagatbisnis.com/2023/02/01/a/")


def test_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        Limits(sitemap_depth=-1, sitemaps=1, listing_pages=1, stale_pages=1)
