"""Canonical poisoning (issue 12, item 15): a page whose ``rel=canonical`` names another, known article
must neither replace it (a new version with the attacker's body) nor suppress it (dropped as its copy)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.extract.article import fingerprint as fingerprint_of
from pipelines.dedup import DedupPipeline
from spiders.portals import JagatbisnisSpider

VICTIM = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga/"
ATTACKER = "https://jagatbisnis.com/2023/03/16/promo-hebat/"
AMP = "https://jagatbisnis.com/2023/03/16/bi-naikkan-bunga-amp-view/"
STORY = (
    "Bank Indonesia menaikkan suku bunga acuan sebesar 25 basis poin menjadi 5,75 persen dalam rapat dewan "
    "gubernur yang berakhir Kamis sore. Gubernur Bank Indonesia mengatakan kenaikan itu untuk menjaga "
    "stabilitas nilai tukar rupiah di tengah ketidakpastian pasar keuangan global yang masih tinggi."
)
POISON = (
    "Dapatkan hadiah jutaan rupiah hari ini juga dengan mengunjungi situs kami dan mendaftar sekarang. "
    "Penawaran terbatas hanya untuk seratus pendaftar pertama, jangan sampai ketinggalan kesempatan emas "
    "ini karena tidak akan datang dua kali dalam hidup anda yang singkat dan berharga."
)


def _item(url: str, body: str, canonical: str | None = None) -> dict:
    return {
        "canonicalUrl": canonical or url,
        "url": url,
        "portal": "jagatbisnis",
        "articleBody": body,
        "fingerprint": fingerprint_of(body),
        "dateModified": None,
        "datePublished": "2023-03-16T10:00:00+07:00",
    }


def _pipeline(data_dir) -> DedupPipeline:
    crawler = get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(data_dir)})
    crawler.spider = crawler._create_spider()
    pipe = DedupPipeline.from_crawler(crawler)
    pipe.open_spider()
    return pipe


def _close(pipe: DedupPipeline) -> None:
    pipe.close_spider()
    pipe.state.close()


@pytest.fixture
def pipeline(tmp_path):
    pipe = _pipeline(tmp_path)
    yield pipe
    _close(pipe)


def _export(pipe: DedupPipeline, item: dict) -> dict:
    out = pipe.process_item(item)
    pipe.item_delivered(out, response=None)
    return out


def _conflicts(pipe: DedupPipeline) -> int:
    return pipe.stats.get_value("warta/items/canonical_conflict", 0)


def test_a_claim_on_an_article_exported_earlier_in_the_run_keeps_both(pipeline):
    _export(pipeline, _item(VICTIM, STORY))
    poisoned = _export(pipeline, _item(ATTACKER, POISON, canonical=VICTIM))
    assert poisoned["canonicalUrl"] == ATTACKER  # its own URL, never the victim's
    assert poisoned["version"] == 1
    assert _conflicts(pipeline) == 1
    assert pipeline.store.get(VICTIM).fingerprint == fingerprint_of(STORY)


def test_the_claimed_article_fetched_after_the_claimer_is_not_dropped(pipeline):
    """The attacker's page came first: it keeps its own URL, and the victim is exported as itself."""
    attacker = _export(pipeline, _item(ATTACKER, POISON, canonical=VICTIM))
    assert attacker["canonicalUrl"] == ATTACKER
    victim = _export(pipeline, _item(VICTIM, STORY))
    assert victim["canonicalUrl"] == VICTIM
    assert victim["version"] == 1
    assert _conflicts(pipeline) == 1
    assert pipeline.store.get(VICTIM).fingerprint == fingerprint_of(STORY)
    with pytest.raises(DropItem, match="duplicate_url"):  # a second copy of the victim is still a copy
        pipeline.process_item(_item(VICTIM, STORY))


def test_across_runs_the_victim_never_gets_the_attackers_body(tmp_path):
    first = _pipeline(tmp_path)
    _export(first, _item(VICTIM, STORY))
    _close(first)
    second = _pipeline(tmp_path)
    try:
        poisoned = _export(second, _item(ATTACKER, POISON, canonical=VICTIM))
        assert poisoned["canonicalUrl"] == ATTACKER and poisoned["version"] == 1
        known = second.store.get(VICTIM)
        assert (known.version, known.fingerprint) == (1, fingerprint_of(STORY))
        assert _conflicts(second) == 1
    finally:
        _close(second)


def test_a_claim_whose_body_agrees_is_the_same_article(pipeline):
    """An alias (AMP view, old slug) of an article with the same body is that article: no conflict."""
    _export(pipeline, _item(VICTIM, STORY))
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(_item(AMP, STORY, canonical=VICTIM))
    assert _conflicts(pipeline) == 0


def test_a_claim_on_a_view_of_the_page_itself_stands(pipeline):
    """``?page=all`` naming the article's own path: the same page, whatever the state knows."""
    alias = _export(pipeline, _item(VICTIM + "?page=all", STORY, canonical=VICTIM))
    assert alias["canonicalUrl"] == VICTIM
    with pytest.raises(DropItem, match="duplicate_url"):  # the article itself, same body: a copy
        pipeline.process_item(_item(VICTIM, STORY))
    assert _conflicts(pipeline) == 0


def test_a_claim_on_another_path_never_read_is_refused_and_the_pages_stay_apart(pipeline):
    """Nothing says the page and the URL it names are one article until that URL is read: the claimer
    keeps its own URL. An alias with the same body is then a copy of it; a hostile claim loses nothing."""
    alias = _export(pipeline, _item(AMP, STORY, canonical=VICTIM))
    assert alias["canonicalUrl"] == AMP and _conflicts(pipeline) == 1
    with pytest.raises(DropItem, match="duplicate_body"):
        pipeline.process_item(_item(VICTIM, STORY))
    ad = "Promo hebat: beli sekarang juga. " * 20
    attacker = _export(pipeline, _item(ATTACKER, ad, canonical=VICTIM + "x/"))
    assert attacker["canonicalUrl"] == ATTACKER


def test_a_claimed_url_is_not_marked_fetched_so_its_own_page_is_still_read(pipeline):
    """A page claiming an article the state never read must not hide it: the state marks the page's own
    URL as fetched, not the claimed one, so discovery still fetches the claimed article's page."""
    claim = _export(pipeline, _item(ATTACKER, "Promo hebat: beli sekarang juga. " * 20, canonical=VICTIM))
    assert claim["canonicalUrl"] == ATTACKER
    assert pipeline.store.fetched_signal(VICTIM)[0] is False
    assert pipeline.store.fetched_signal(ATTACKER)[0] is True
    victim = _export(pipeline, _item(VICTIM, STORY))  # the real article, read later in the same run
    assert victim["canonicalUrl"] == VICTIM and victim["articleBody"] == STORY and victim["version"] == 1
    assert _conflicts(pipeline) == 1
