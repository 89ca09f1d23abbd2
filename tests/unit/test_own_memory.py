"""The crawl's memory figures are its own (crawler/runtime.py, OwnMemoryUsage): Scrapy's memory-usage
extension reads ``ru_maxrss``, which Linux carries over from the process that launched the crawl (a crawl
launched by a large process: tests/e2e/test_memory_per_page.py)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from crawler.defaults import OWN_MEMORY_USAGE, SCRAPY_MEMORY_USAGE
from crawler.peak_memory import own_peak_rss


def test_the_portal_spiders_measure_with_warta_s_extension_whatever_extensions_are_given():
    from spiders.portals import JagatbisnisSpider

    crawler = get_crawler(JagatbisnisSpider, {"EXTENSIONS": {"crawler.runtime.HeapTrim": None}})
    base = crawler.settings.getdict("EXTENSIONS_BASE")
    assert OWN_MEMORY_USAGE in base and SCRAPY_MEMORY_USAGE not in base


def test_without_the_kernel_s_figure_the_peak_is_unknown(tmp_path):
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmRSS:\t  1024 kB\n")
    assert own_peak_rss(status) is None
    status.write_text("Name:\tpython\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n")
    assert own_peak_rss(status) == 2048 * 1024
    assert own_peak_rss(tmp_path / "absent") is None
