"""Monitors: the pure checks on realistic bodies and stats (real crawls: tests/e2e/test_monitors_crawl.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.monitoring.checks import Thresholds, failed, run_checks
from crawler.monitoring.tally import ItemTally
from crawler.vocabulary import leak_in


# ----- leak markers (inserts and non-article lines) ---------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "Pemerintah menaikkan tarif.\n\nBaca Juga :   IHSG Menguat di Awal Pekan\n\nKebijakan berlaku besok.",
        "Harga minyak naik.\n\nBaca juga:Rupiah Melemah",
        "… indeks 6.186,87. Baca Juga: IHSG menguat 2,91% sepekan …",
        "Pertemuan digelar Senin.\n\n(Baca juga: Menlu Bertemu Dubes Jepang)",
        "Paragraf pertama.\n\nLihat Juga: Harga Emas Hari Ini",
        "Paragraf pertama.\n\n• Gempa Guncang Cianjur",
        "Paragraf pertama.\n\nSelanjutnya: Harga Cabai Turun",
        "Paragraf pertama.\n\nPilihan Editor: Jokowi Resmikan Tol",
        "Paragraf pertama.\n\nBERITA TERKAIT",
        "Paragraf pertama.\n\nADVERTISEMENT\n\nSCROLL TO CONTINUE WITH CONTENT\n\nParagraf kedua.",
        "Paragraf pertama.\n\nMIXADVERT JASAPRO",
        "Paragraf pertama.\n\nSimak juga Video: Banjir di Kemang",
        "Paragraf pertama.\n\n[Gambas:Video 20detik]",
        "Paragraf pertama.\n\nCek Berita dan Artikel yang lain di Google News",
        "Paragraf pertama.\n\nIkuti Whatsapp Channel Republika",
        "Paragraf pertama.\n\nBaca berita tanpa iklan. Gabung Kompas.com+",
        "Paragraf pertama.\n\nBaca berita dengan sedikit iklan, klik di sini",
        'Paragraf pertama.\n\nArtikel ini telah tayang di Kompas.com dengan judul "Banjir"',
        "Paragraf pertama.\n\nsumber : Antara",
        "Paragraf pertama.\n\nloading...",
        "Paragraf pertama.\n\nzoom-in-whitePerbesar",
        "Paragraf pertama.\n\nA\nA\nA\n\nParagraf kedua.",
    ],
)
def test_every_insert_or_ad_marker_is_a_leak(body):
    assert leak_in(body) is not None


@pytest.mark.parametrize(
    "body",
    [
        "Pembahasan selanjutnya akan dilakukan pekan depan, kata Menteri.",
        "Simak informasi lengkapnya berikut ini.",
        "WhatsApp meluncurkan fitur baru untuk pengguna di Indonesia, Selasa (14/3).",
        "Sumber dana proyek berasal dari APBN, ujarnya.",
        "JagatBisnis.com – China mengatakan Rusia bersedia mengadakan pembicaraan perdamaian.",
    ],
)
def test_article_text_that_merely_resembles_a_marker_is_not_a_leak(body):
    assert leak_in(body) is None


_PIECES = [
    "Baca Juga",
    "baca  juga",
    "(Selanjutnya:",
    "selanjutnya :",
    "Lihat juga video",
    "berita lainnya",
    "• ",
    "advertisement",
    "Scroll to continue",
    "simak video",
    "[Gambas:",
    "sumber :",
    "Sumber dana",
    "A\nA\nA",
    "a\na",
    "zoom-in-white",
    "loading...",
    "WhatsApp Channel Kompas.com",
    "ikuti whatsapp channel",
    "artikel ini telah tayang di",
    "membaca",
    "berita",
    " ",
    "\n",
    "\n\n",
    "Paragraf pertama.",
    "(",
    ":",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_fast_leak_search_finds_what_the_whole_pattern_finds(pieces):
    from crawler.vocabulary import LEAK_MARKERS

    body = "".join(pieces)
    expected = LEAK_MARKERS.search(body.lower())
    assert leak_in(body) == (expected.group(0) if expected else None)


# ----- the checks over stats and items ----------------------------------------------------------------
def _article(n: int, *, published: str | None = "2022-03-15T08:12:40+07:00", by: str = "profile") -> dict:
    return {
        "canonicalUrl": f"https://jagatbisnis.com/2022/03/15/berita-{n}/",
        "portal": "jagatbisnis",
        "headline": f"Berita nomor {n}",
        "articleBody": "JagatBisnis.com – Pemerintah menaikkan tarif listrik mulai April.",
        "datePublished": published,
        "extractedBy": by,
    }


def _healthy_stats(**extra: object) -> dict:
    return {
        "downloader/request_count": 400,
        "downloader/response_count": 400,
        "downloader/response_status_count/200": 398,
        "downloader/response_status_count/404": 1,
        "downloader/response_status_count/500": 1,
        "finish_reason": "finished",
        **extra,
    }


def project_settings_with(**values: object) -> Settings:
    """The project's settings, as a run reads them, with ``values`` given on the command line."""
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


# The limits of a run with the project's defaults (crawler/settings.py).
LIMITS = Thresholds.from_settings(project_settings_with())


def _tally(items: list[dict]) -> ItemTally:
    tally = ItemTally()
    for item in items:
        tally.add(item)
    return tally


def test_a_healthy_run_passes_every_monitor():
    checks = run_checks(_healthy_stats(), _tally([_article(n) for n in range(100)]), LIMITS)
    assert failed(checks) == []
    assert {c.name for c in checks} >= {
        "items_exported",
        "coverage_headline",
        "coverage_articleBody",
        "coverage_datePublished",
        "body_leaks",
        "generic_fallback_jagatbisnis",
        "http_403_rate",
        "http_429_rate",
        "http_5xx_rate",
        "timeout_rate",
        "finish_reason",
    }


def test_date_coverage_below_95_percent_fails():
    items = [_article(n, published=None if n < 6 else "2022-03-15T08:12:40+07:00") for n in range(100)]
    bad = failed(run_checks(_healthy_stats(), _tally(items), LIMITS))
    assert [(c.name, c.value) for c in bad] == [("coverage_datePublished", 0.94)]


def test_generic_fallback_rate_is_judged_per_portal_and_only_for_profiles():
    items = [_article(n, by="generic" if n < 20 else "profile") for n in range(100)]
    bad = failed(run_checks(_healthy_stats(), _tally(items), LIMITS))
    assert [(c.name, c.value) for c in bad] == [("generic_fallback_jagatbisnis", 0.2)]
    assert failed(run_checks(_healthy_stats(), _tally(items), LIMITS, has_profile=False)) == []


def test_error_rates_and_finish_reason_fail_a_run():
    stats = _healthy_stats(
        **{
            "downloader/response_status_count/403": 30,
            "downloader/response_status_count/429": 1,
            "downloader/response_status_count/503": 25,
            "downloader/exception_type_count/twisted.internet.error.TimeoutError": 30,
            "finish_reason": "shutdown",
        }
    )
    bad = {c.name: c.value for c in failed(run_checks(stats, _tally([_article(1)]), LIMITS))}
    assert bad == {
        "http_403_rate": 0.075,
        "http_5xx_rate": 0.065,
        "timeout_rate": 0.075,
        "finish_reason": "shutdown",
    }


def test_a_scheduled_run_with_nothing_new_is_not_an_empty_run():
    unchanged = _healthy_stats(**{"warta/dropped/unchanged": 324, "warta/dropped": 324})
    assert failed(run_checks(unchanged, ItemTally(), LIMITS)) == []
    bad = failed(run_checks(_healthy_stats(), ItemTally(), LIMITS))
    assert [c.name for c in bad] == ["items_exported"]


def test_thresholds_are_settings():
    values = {
        "WARTA_MONITOR_MIN_COVERAGE": "0.5",
        "WARTA_MONITOR_MAX_403_RATE": "0.5",
        "WARTA_MONITOR_FINISH_REASONS": "finished,closespider_itemcount",
    }
    limits = Thresholds.from_settings(project_settings_with(**values))
    assert (limits.min_coverage, limits.max_403_rate) == (0.5, 0.5)
    assert limits.finish_reasons == ("finished", "closespider_itemcount")
    assert limits.min_items == 1


def test_an_article_page_that_failed_after_retries_fails_the_run():
    """503s or timeouts on articles after the retries: those articles were not delivered this run, and by
    default one is enough to fail it; the first is named. A team that accepts a share raises the rate."""
    one = _healthy_stats(**{"warta/articles/failed": 1, "warta/articles/first_failed": "https://x.test/a/"})
    bad = failed(run_checks(one, _tally([_article(n) for n in range(100)]), LIMITS))
    assert [(c.name, c.value) for c in bad] == [("unfetched_articles", 0.0025)]
    assert "1 article pages failed after retries" in bad[0].detail and "https://x.test/a/" in bad[0].detail
    followup = _healthy_stats(**{"warta/pagination/followup_failed": 1})  # an article's second page
    assert [c.name for c in failed(run_checks(followup, _tally([_article(1)]), LIMITS))] == [
        "unfetched_articles"
    ]
    gone = _healthy_stats(**{"warta/articles/gone": 50})  # 404 and 410: nothing there to deliver
    assert failed(run_checks(gone, _tally([_article(n) for n in range(100)]), LIMITS)) == []
    tolerant = Thresholds.from_settings(project_settings_with(WARTA_MONITOR_MAX_UNFETCHED_RATE="0.05"))
    many = _healthy_stats(**{"warta/articles/failed": 20, "warta/pagination/followup_failed": 1})
    assert [(c.name, c.value) for c in failed(run_checks(many, _tally([_article(1)]), tolerant))] == [
        ("unfetched_articles", 0.0525)
    ]
    few = _healthy_stats(**{"warta/articles/failed": 3})
    assert failed(run_checks(few, _tally([_article(1)]), tolerant)) == []


def test_a_worker_the_shared_crawl_left_nothing_to_do_is_judged_by_the_crawl():
    """Two Redis workers: the other one took every request. This worker exported nothing itself, but the
    crawl it belongs to delivered 120 articles: not an empty run. Without them it is one."""
    stats = _healthy_stats(**{"warta/distributed/crawl_exported": 120})
    assert failed(run_checks(stats, ItemTally(), LIMITS)) == []
    assert [c.name for c in failed(run_checks(_healthy_stats(), ItemTally(), LIMITS))] == ["items_exported"]


def test_an_empty_run_says_when_the_portal_never_gave_a_page():
    """The last line names the root cause an operator acts on, not only the symptom (0 exported)."""
    unresolved = {
        "downloader/request_count": 15,
        "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError": 15,
        "warta/bad_response/exception/CannotResolveHostError": 5,  # after retries
        "finish_reason": "finished",
    }
    check = _items_exported(run_checks(unresolved, ItemTally(), LIMITS))
    assert check.detail == (
        "0 exported, 0 known and unchanged: no request got an answer (CannotResolveHostError 5)"
    )
    scrapy_counts_only = {k: v for k, v in unresolved.items() if not k.startswith("warta/")}
    check = _items_exported(run_checks(scrapy_counts_only, ItemTally(), LIMITS))
    assert check.detail.endswith(": no request got an answer (CannotResolveHostError 15)")
    blocked = {
        "downloader/response_count": 13,
        "downloader/response_status_count/403": 12,
        "downloader/response_status_count/301": 1,
        "finish_reason": "finished",
    }
    check = _items_exported(run_checks(blocked, ItemTally(), LIMITS))
    assert check.detail.endswith(": no request got a page (HTTP 301 1, HTTP 403 12)")
    silent = {  # robots.txt answered 404, every other request timed out
        "downloader/response_status_count/404": 1,
        "warta/bad_response/exception/TimeoutError": 5,
        "finish_reason": "finished",
    }
    check = _items_exported(run_checks(silent, ItemTally(), LIMITS))
    assert check.detail.endswith(": no request got a page (HTTP 404 1, TimeoutError 5)")
    moved = _healthy_stats(
        **{
            "warta/discovery/article_urls": 0,
            "warta/discovery/sitemap_gone": 2,
            "warta/discovery/feed_failed": 1,
        }
    )
    check = _items_exported(run_checks(moved, ItemTally(), LIMITS))
    assert check.detail.endswith(": discovery found no article URL (sitemap_gone 2, feed_failed 1)")
    walled = _healthy_stats(**{"warta/discovery/article_urls": 6, "warta/dropped/empty_body": 6})
    check = _items_exported(run_checks(walled, ItemTally(), LIMITS))
    assert check.detail.endswith(": every article read was dropped (empty_body 6)")
    mistyped = _healthy_stats(**{"warta/articles/gone": 1})  # -a url= a page that is not there
    check = _items_exported(run_checks(mistyped, ItemTally(), LIMITS))
    assert check.detail.endswith(": the article pages asked for are gone (404 or 410: 1)")
    # articles were found and pages came: the monitors on fetching say the rest, the detail stays the count
    found = _healthy_stats(**{"warta/discovery/article_urls": 40})
    assert (
        _items_exported(run_checks(found, ItemTally(), LIMITS)).detail == "0 exported, 0 known and unchanged"
    )
    # one page asked for with -a url=: no discovery ran, so none is blamed
    check = _items_exported(run_checks(_healthy_stats(), ItemTally(), LIMITS))
    assert check.detail == "0 exported, 0 known and unchanged"


def _items_exported(checks: list) -> object:
    (check,) = [c for c in checks if c.name == "items_exported"]
    assert not check.ok
    return check
