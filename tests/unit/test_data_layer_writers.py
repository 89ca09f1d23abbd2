"""The writer an Indonesian CMS names only in its analytics data layer. Media Indonesia's and Tribun's
pages write the editor's account as JSON-LD's ``author`` and show only an ``Editor :`` credit, while the
story's writer is in Google Tag Manager's ``dataLayer`` (``'author'`` or ``'penulis'``, beside
``'editor'``): the writer is read from there rather than the editor given as the author too."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.document import parse
from crawler.extract.people import data_layer_writers

URL = "https://www.kabarnasional.com/ekonomi/851796/wisuda-sekolah-ekonomi-jakarta-2025"

PUSHED = """<script type='text/javascript'>
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push({
        'type': 'post',
        'user_class': 'writer',
        'published_date': '2026-01-20 18:30:00',
        'author': 'Naufal Zuhdi',
        'editor': 'Heryadi',
        'author_id': '',
        'editor_id': '112',
    });
</script>"""
ASSIGNED = """<script type="text/javascript">
    dataLayer = [{
      'editor': 'Heryadi',
      'penulis': 'Naufal Zuhdi',
      'publish_date': '2026-01-20 18:30:00',
      'kanal': 'ekonomi'
    }];
</script>"""


def page(data_layer: str, byline: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Wisuda Sekolah Ekonomi Jakarta 2025 - Kabar Nasional</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Wisuda Sekolah Ekonomi Jakarta 2025", "datePublished": "2026-01-20T18:30:00+07:00",
 "author": {{"@type": "Person", "name": "Heryadi", "url": "https://www.kabarnasional.com/author/112/heryadi",
 "jobTitle": "Jurnalis"}}}}</script>
{data_layer}</head><body>
<article><h1>Wisuda Sekolah Ekonomi Jakarta 2025</h1>{byline}
<div class="info-author">Editor : <a href="https://www.kabarnasional.com/author/112/heryadi"
 class="author" title="Heryadi">Heryadi</a></div>
<div class="article-content">
<p>SEKOLAH Tinggi Ekonomi Jakarta kembali menggelar wisuda magister dan sarjana di Jakarta, Selasa (20/1),
dengan lebih dari tiga ratus lulusan dari berbagai daerah.</p>
<p>Ketua yayasan menyampaikan bahwa wisuda bukanlah akhir dari perjalanan, melainkan awal dari tanggung
jawab yang lebih besar bagi para lulusan di tengah masyarakat.</p>
<p>Para lulusan didorong menjunjung integritas, inovasi dan semangat belajar sepanjang hayat di tengah
persaingan global yang kian ketat. (E-2)</p>
</div></article></body></html>"""


@pytest.mark.parametrize("data_layer", [PUSHED, ASSIGNED])
def test_the_writer_named_only_in_the_data_layer_is_the_author(data_layer: str) -> None:
    item = extract_article(page(data_layer), URL)
    assert item["authors"] == ["Naufal Zuhdi"]
    assert item["editors"] == ["Heryadi"]


def test_a_byline_shown_on_the_page_still_wins() -> None:
    shown = '<div class="byline">Penulis: <a href="/penulis/rina-marlina">Rina Marlina</a></div>'
    item = extract_article(page(PUSHED, shown), URL)
    assert item["authors"] == ["Rina Marlina"]


def test_an_empty_writer_in_the_data_layer_leaves_the_credit_to_the_editor() -> None:
    """Tribun leaves 'penulis' empty when the editor wrote the story: one person may write and edit."""
    item = extract_article(page(ASSIGNED.replace("'Naufal Zuhdi'", "''")), URL)
    assert item["authors"] == ["Heryadi"]
    assert item["editors"] == ["Heryadi"]


def test_a_data_layer_is_read_in_bounds() -> None:
    """Only the first objects of the first scripts, each within its character bound; a script that names
    dataLayer without an object, or holds one chompjs cannot read, gives nothing."""
    noise = "<script>var dataLayer; dataLayer = [ function() {</script>" * 5
    root = parse(f"<html><head>{noise}{PUSHED}</head><body><p>x</p></body></html>")
    assert data_layer_writers(root) == []  # the writer's script comes after the three scripts read
    root = parse(f"<html><head>{PUSHED}{noise}</head><body><p>x</p></body></html>")
    assert data_layer_writers(root) == ["Naufal Zuhdi"]
