"""The compact sets a crawl keeps of what it has seen (crawler/state/seen.py) and the request dupefilter
built on them (crawler/scheduler.py): the same answers as a Python set, in a fraction of its memory."""

from __future__ import annotations

import random
import sys

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter

from crawler.scheduler import CompactDupeFilter
from crawler.state.seen import MERGE_EVERY, SeenKeys, bytes_key, text_key


def test_seen_keys_answer_as_a_set_does_through_every_merge():
    rng = random.Random(15)
    keys = [rng.getrandbits(64) for _ in range(20_000)] + [0, 1, 2**63 - 1, 2**63, 2**63 + 1, 2**64 - 1]
    keys += rng.sample(keys, 5_000)  # repeats, some still recent, most merged
    seen, reference = SeenKeys(), set()
    for key in keys:
        assert seen.add(key) == (key not in reference)
        reference.add(key)
        assert key in seen
    assert len(seen) == len(reference)
    assert all(key in seen for key in reference)
    assert sum(rng.getrandbits(64) in seen for _ in range(1000)) == 0
    # keys a float64 comparison could not tell apart (2**63 and 2**63 + 1 are one float)
    near = SeenKeys([2**63 + 2048, 2**64 - 4096, *range(MERGE_EVERY)])
    assert 2**63 + 2048 in near and 2**63 + 2047 not in near and 2**63 + 2049 not in near
    assert 2**64 - 4096 in near and 2**64 - 4095 not in near and 2**64 - 4097 not in near
    assert len(SeenKeys(keys)) == len(reference)


def test_a_url_costs_a_fraction_of_what_a_set_of_strings_does():
    urls = [
        f"https://jagatbisnis.com/2025/05/{n % 28 + 1:02d}/berita-ekonomi-hari-ini-{n}/"
        for n in range(50_000)
    ]
    seen = SeenKeys(text_key(url) for url in urls)
    strings = set(urls)
    as_strings = sys.getsizeof(strings) + sum(sys.getsizeof(url) for url in urls)
    assert len(seen) == len(urls)
    assert seen.nbytes() / len(urls) <= 10  # 8 bytes a key, and the few not merged yet
    assert seen.nbytes() * 4 < as_strings


def test_the_dupefilter_filters_as_scrapys_and_resumes_from_its_jobdir_file(tmp_path):
    requests = [Request(f"https://jagatbisnis.com/{n}/") for n in range(300)]
    ours, scrapys = CompactDupeFilter(str(tmp_path)), RFPDupeFilter()
    for request in requests + requests[:50] + [Request("https://jagatbisnis.com/7/?")]:
        assert ours.request_seen(request) == scrapys.request_seen(request)
    ours.close("shutdown")
    resumed_ours, resumed_scrapys = CompactDupeFilter(str(tmp_path)), RFPDupeFilter(str(tmp_path))
    for request in [*requests[:10], Request("https://jagatbisnis.com/new/")]:
        assert resumed_ours.request_seen(request) == resumed_scrapys.request_seen(request)
    assert bytes_key(b"\x01" + bytes(19)) == 1
