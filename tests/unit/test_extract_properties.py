"""Properties: article paragraphs survive any mix of inserts and boilerplate around them, and no input
makes ``extract_article`` crash or break the item contract."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import extract_article
from crawler.profiles import load_profile

URL = "https://jagatbisnis.com/2025/06/18/contoh/"
PROFILE = load_profile("jagatbisnis")

SENTENCES = [
    "Pemerintah menyiapkan anggaran tambahan untuk program perumahan rakyat tahun depan.",
    "Menteri Keuangan mengatakan dana itu diambil dari sisa anggaran tahun berjalan.",
    "Program tersebut ditargetkan menjangkau satu juta keluarga di seluruh Indonesia.",
    "Kerja sama itu melibatkan PT Pertamina (Persero) dan sejumlah bank daerah.",
    "Pembahasan selanjutnya akan dilakukan pekan depan bersama DPR.",
    "Pusat Pelaporan dan Analisis Transaksi Keuangan (PPATK) ikut memantau aliran dana.",
    "Warga <a href='/tag/bekasi/'>Bekasi</a> menyambut baik rencana itu, kata <strong>Ani</strong> (37).",
    "Simak informasi lengkapnya berikut ini.",
]
INSERTS = [
    '<p>Baca Juga :&nbsp;&nbsp; <a href="/a/">Harga Emas Antam Turun</a></p>',
    '<p><strong>Baca juga: <a class="inner-link-baca-juga" href="/b/">BI Tahan Suku Bunga</a></strong></p>',
    '<table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga: </strong>'
    '<a href="/c/">Harga Cabai Melonjak</a></div></td></tr></table>',
    '<h3>Baca Juga</h3><ul><li><a href="/d/">Judul Satu</a></li><li><a href="/e/">Judul Dua</a></li></ul>',
    "<p>ADVERTISEMENT</p>",
    "<p>SCROLL TO CONTINUE WITH CONTENT</p>",
    "<p>- Advertisement -</p>",
    "<p>[Gambas:Video CNN]</p>",
    "<p>Simak juga Video: Banjir Rob di Pesisir Jakarta</p>",
    "<p>Baca berita dengan sedikit iklan, klik di sini</p>",
    '<div class="sharedaddy"><a href="#">Bagikan</a></div>',
    '<ins class="adsbygoogle"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script>',
    '<div id="MIXADV_9" class="MIXADVERT_NET"></div>',
    "<!--BACA JUGA START--><p><a href='/f/'>Judul dalam rentang</a></p><!--BACA JUGA END -->",
    "<p>(Baca juga: <a href='/g/'>Inflasi Terkendali</a>)</p>",
]


def page(content: str) -> str:
    return (
        '<html><head><title>Contoh</title></head><body class="single"><h1 class="entry-title">Contoh</h1>'
        f'<div class="entry-content">{content}</div></body></html>'
    )


def plain(sentence: str) -> str:
    return (
        sentence.replace("<a href='/tag/bekasi/'>", "")
        .replace("</a>", "")
        .replace("<strong>", "")
        .replace("</strong>", "")
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    st.lists(st.lists(st.sampled_from(INSERTS), max_size=3), min_size=7, max_size=7),
)
def test_article_paragraphs_survive_any_inserts_between_them(
    paragraphs: list[str], noise: list[list[str]]
) -> None:
    content = "".join("".join(noise[i]) + f"<p>{p}</p>" for i, p in enumerate(paragraphs)) + "".join(
        noise[-1]
    )
    item = extract_article(page(content), URL, PROFILE)
    assert item["articleBody"] == "\n\n".join(plain(p) for p in paragraphs)
    assert item["reporterCodes"] == []
    assert item["dateline"] is None


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
def test_no_input_crashes_or_breaks_the_contract(html: str | bytes) -> None:
    item = extract_article(html, URL)
    assert isinstance(item["articleBody"], str)
    assert item["pageType"] in {"article", "listing", "other"}
    assert item["extractedBy"] in {"profile", "generic"}
    assert len(item["fingerprint"]) == 40


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div>",
                "</div>",
                "<a href='/x/'>",
                "</a>",
                "<br>",
                "<!--BACA JUGA START-->",
                "<!--BACA JUGA END-->",
                "Baca Juga: ",
                "(pia)",
                "JagatBisnis.com – ",
                "teks ",
                "&nbsp;",
                "<script>x</script>",
            ]
        ),
        max_size=40,
    )
)
def test_tag_soup_never_crashes(parts: list[str]) -> None:
    item = extract_article(page("".join(parts)), URL, PROFILE)
    assert "Baca Juga:" not in item["articleBody"].split("\n")
