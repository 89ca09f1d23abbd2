"""The generic body finder on realistic pages: the article comes out, the page furniture does not."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract.generic import find_body_paragraphs


def body_of(page: str, **kwargs) -> list[str]:
    return find_body_paragraphs(lxml_html.document_fromstring(page), **kwargs)


NEWS_PAGE = """<!doctype html>
<html lang="en"><head>
<title>City council approves new tram line | Daily Courier</title>
<meta property="og:title" content="City council approves new tram line">
</head><body class="single has-sidebar">
<header class="site-header">
  <div class="logo"><a href="/">Daily Courier</a></div>
  <nav class="main-menu"><ul>
    <li><a href="/news/">News</a></li><li><a href="/business/">Business</a></li>
    <li><a href="/sport/">Sport</a></li><li><a href="/opinion/">Opinion</a></li>
  </ul></nav>
</header>
<div id="page" class="site-content">
 <main>
  <article class="post">
   <div class="breadcrumbs"><a href="/">Home</a> / <a href="/news/">News</a></div>
   <h1 class="entry-title">City council approves new tram line</h1>
   <div class="entry-meta">By <a href="/author/rina/">Rina Hartono</a> | 12 March 2024</div>
   <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
   <div class="entry-content">
    <p>The city council voted on Tuesday to build a <a href="/tag/tram/">tram line</a> linking the
       harbour with the university, ending a debate that has lasted for more than a decade.</p>
    <p>Construction is expected to start next spring, and the first trams should run in 2027,
       according to the transport department.</p>
    <div class="related-posts"><h3>Related</h3><ul>
      <li><a href="/a">Bus fares rise again for the third time this year, operators say</a></li>
      <li><a href="/b">Harbour bridge to close for repairs during the summer holidays</a></li>
    </ul></div>
    <h2>Costs and funding</h2>
    <p>The project will cost an estimated 450 million, of which the national government has
       promised to pay <strong>two thirds</strong>, the mayor told reporters after the vote.</p>
    <ul>
      <li>Twelve new stops between the harbour and the campus</li>
      <li>A depot on the site of the former gasworks</li>
    </ul>
    <p>Opposition members said the estimate was too optimistic and asked for an independent review
       of the budget before any contract is signed.</p>
   </div>
   <div class="post-tags"><a href="/tag/tram/">tram</a> <a href="/tag/council/">council</a></div>
  </article>
  <section id="comments" class="comments-area">
   <h2>3 comments</h2>
   <div class="comment-body"><p>Finally! I have been waiting for this tram line for years, and I am
      really glad the council has decided to go ahead with the plan despite all the delays.</p></div>
   <div class="comment-body"><p>Another waste of taxpayers' money. The buses work fine and nobody
      asked for a tram, this will only make the traffic in the city centre even worse than now.</p></div>
  </section>
 </main>
 <aside class="sidebar">
  <div class="widget popular-posts"><h3>Most read</h3>
   <p>Local bakery wins national award for the best sourdough bread in the whole country this year.</p>
   <p>Police warn residents about a wave of phone scams targeting pensioners in the northern district.</p>
  </div>
 </aside>
</div>
<footer class="site-footer"><p>Copyright 2024 Daily Courier. All rights reserved. Contact us at
 newsroom@example.com for corrections and tips.</p></footer>
</body></html>
"""


def test_news_page_body_without_furniture() -> None:
    body = body_of(NEWS_PAGE)
    assert body == [
        "The city council voted on Tuesday to build a tram line linking the harbour with the university, "
        "ending a debate that has lasted for more than a decade.",
        "Construction is expected to start next spring, and the first trams should run in 2027, "
        "according to the transport department.",
        "Costs and funding",
        "The project will cost an estimated 450 million, of which the national government has promised "
        "to pay two thirds, the mayor told reporters after the vote.",
        "Twelve new stops between the harbour and the campus",
        "A depot on the site of the former gasworks",
        "Opposition members said the estimate was too optimistic and asked for an independent review of "
        "the budget before any contract is signed.",
    ]


@pytest.mark.parametrize(
    "furniture",
    ["Share on Facebook", "Bus fares rise", "Most read", "Local bakery", "Finally!", "Copyright", "News"],
)
def test_news_page_furniture_left_out(furniture: str) -> None:
    assert not any(furniture in paragraph for paragraph in body_of(NEWS_PAGE))


INDONESIAN_BR_PAGE = """<html lang="id"><head><title>Harga Cabai Melonjak Jelang Ramadan - Kabar Pasar</title>
</head><body>
<div class="header"><a href="/">Kabar Pasar</a>
 <ul class="menu"><li><a href="/ekonomi">Ekonomi</a></li><li><a href="/daerah">Daerah</a></li>
 <li><a href="/olahraga">Olahraga</a></li><li><a href="/indeks">Indeks Berita</a></li></ul></div>
<div class="wrap">
 <div class="kiri">
  <div class="judul">Harga Cabai Melonjak Jelang Ramadan</div>
  <div class="tanggal">Senin, 14 Maret 2022 | 10:15 WIB</div>
  <div class="isi">
   <b>SURABAYA, KABARPASAR.com</b> - Harga cabai rawit di sejumlah pasar tradisional di Surabaya
   melonjak hingga Rp 90.000 per kilogram menjelang bulan Ramadan, Senin (14/3).<br><br>
   Pedagang di Pasar Keputran mengatakan pasokan dari Kediri dan Malang berkurang karena hujan
   deras yang merusak tanaman petani dalam dua pekan terakhir.<br><br>
   Baca Juga: <a href="/2022/03/13/harga-minyak-goreng">Harga Minyak Goreng Kembali Naik di Jawa Timur</a>
   <br><br>
   "Biasanya saya jual Rp 60.000, sekarang tidak bisa lagi karena modalnya juga naik," kata Siti,
   seorang pedagang, kepada wartawan.<br><br>
   Dinas Perdagangan Jawa Timur berjanji menggelar operasi pasar mulai pekan depan untuk menekan
   harga di tingkat konsumen. (ian)
  </div>
 </div>
 <div class="kanan">
  <div class="terpopuler"><h4>Terpopuler</h4>
   <a href="/1">Persebaya menang tipis atas Arema dalam laga derbi Jawa Timur yang berlangsung panas</a>
   <a href="/2">Banjir rendam ratusan rumah warga di Sidoarjo setelah hujan deras semalaman</a>
  </div>
 </div>
</div>
<div class="footer">Kabar Pasar &copy; 2022 - Redaksi - Pedoman Media Siber - Kontak</div>
</body></html>
"""


def test_indonesian_body_in_div_with_br() -> None:
    body = body_of(INDONESIAN_BR_PAGE)
    assert body[0].startswith("SURABAYA, KABARPASAR.com - Harga cabai rawit")
    assert body[0].endswith("menjelang bulan Ramadan, Senin (14/3).")
    assert body[1].startswith("Pedagang di Pasar Keputran")
    assert body[-2].startswith('"Biasanya saya jual Rp 60.000')
    assert body[-1] == (
        "Dinas Perdagangan Jawa Timur berjanji menggelar operasi pasar mulai pekan depan untuk menekan "
        "harga di tingkat konsumen. (ian)"
    )
    assert len(body) == 4  # the linked "Baca Juga" insert is mostly link text and is left out
    joined = " ".join(body)
    for furniture in ("Persebaya", "Terpopuler", "Indeks Berita", "Redaksi", "10:15 WIB"):
        assert furniture not in joined


SHORT_PAGE = """<html><head><title>Road closed after landslide</title></head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/world">World</a>
 <a href="/weather">Weather</a></nav>
<div class="layout">
 <div class="story">
  <h1>Road closed after landslide</h1>
  <p>The coastal road near Cipanas is closed after a landslide on Sunday night, police said.</p>
 </div>
 <div class="more-news">
  <h2>More news</h2>
  <ul>
   <li><a href="/1">Farmers protest against new fertiliser rules in front of the ministry</a></li>
   <li><a href="/2">Train tickets for the holiday season sold out within two hours</a></li>
   <li><a href="/3">Heavy rain expected across the western provinces this week</a></li>
  </ul>
 </div>
</div>
</body></html>
"""


def test_short_body_is_found_alone() -> None:
    assert body_of(SHORT_PAGE) == [
        "The coastal road near Cipanas is closed after a landslide on Sunday night, police said."
    ]


TEASERS_ABOVE_HEADLINE = """<html><head><title>x</title></head><body>
<div class="main-left">
 <div class="breaking">Breaking News</div>
 <ul>
  <li><a href="/1">Ministers meet in Jakarta</a> Ministers of ten countries met on Monday on trade.</li>
  <li><a href="/2">Floods in the north</a> Thousands of people left their homes as rivers rose on Sunday.</li>
 </ul>
 <h2>Deportees return home</h2>
 <p>Nearly 150 people returned home on Wednesday after being deported, officials said at the airport.</p>
 <p>Many of them said they had spent their savings on the journey and now had nothing left at all.</p>
</div>
</body></html>
"""


def test_teaser_list_above_the_headline_is_cut_when_title_is_given() -> None:
    body = body_of(TEASERS_ABOVE_HEADLINE, title="Deportees return home")
    assert body == [
        "Nearly 150 people returned home on Wednesday after being deported, officials said at the airport.",
        "Many of them said they had spent their savings on the journey and now had nothing left at all.",
    ]


def test_inline_tags_keep_their_text_and_spacing() -> None:
    page = """<html><body><div class="content">
    <p>Pemerintah <a href="/tag/china">China</a> memastikan mendukung upaya damai antara
    <a href="/tag/rusia">Rusia</a> dan <em>Ukraina</em>, kata <strong>Yang&nbsp;Jiechi</strong> di Roma.</p>
    <p>Pertemuan itu membahas krisis kemanusiaan di <a href="/tag/ukraina">Ukraina</a> dan bantuan.</p>
    </div></body></html>"""
    assert body_of(page) == [
        "Pemerintah China memastikan mendukung upaya damai antara Rusia dan Ukraina, "
        "kata Yang Jiechi di Roma.",
        "Pertemuan itu membahas krisis kemanusiaan di Ukraina dan bantuan.",
    ]


def test_asp_net_page_wrapped_in_a_form_still_has_a_body() -> None:
    page = """<html><body><form id="aspnetForm" action="/x"><div class="article">
    <p>The first paragraph of the story is long enough to count as running text for the finder.</p>
    <p>The second paragraph of the story is also long enough to count as running text here.</p>
    <input type="hidden" name="__VIEWSTATE" value="abc">
    </div></form></body></html>"""
    assert len(body_of(page)) == 2


def test_hidden_elements_are_ignored() -> None:
    page = """<html><body><div class="content">
    <p>Visible text of the article that readers see on the page and that should be extracted.</p>
    <p style="display: none">Hidden text that readers never see and that must not be extracted.</p>
    <p hidden>Another hidden paragraph that a template left behind for a script to reveal.</p>
    </div></body></html>"""
    assert body_of(page) == [
        "Visible text of the article that readers see on the page and that should be extracted."
    ]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>",
        "<html><body><div>Short.</div></body></html>",
    ],
)
def test_page_without_prose_gives_empty_list(page: str) -> None:
    assert body_of(page) == []


def test_table_rows_read_as_lines() -> None:
    page = """<html><body><div class="entry-content">
    <p>Final standings of the season after all thirty six races were run, with points per driver.</p>
    <table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>
    <tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr></table>
    </div></body></html>"""
    assert body_of(page)[1:] == ["Pos. Driver Points", "1 Kyle Busch 5040"]


@pytest.mark.parametrize("bad", [None, "<html><body><p>text</p></body></html>", b"<p>x</p>"])
def test_unparsed_input_is_a_clear_error(bad: object) -> None:
    with pytest.raises(TypeError, match="parsed lxml element"):
        find_body_paragraphs(bad)  # type: ignore[arg-type]


def test_body_element_alone_works_like_the_page() -> None:
    root = lxml_html.document_fromstring(NEWS_PAGE)
    assert find_body_paragraphs(root.find("body")) == find_body_paragraphs(root)


def test_article_cut_into_sections_by_figures_is_read_whole() -> None:
    sentence = "{0} This sentence makes the section long enough to be counted as running text. "

    def section(label: str, paragraphs: int) -> str:
        return (
            '<div class="row"><div class="col"><div class="wrap"><div class="inner">'
            '<div class="post__content wysiwyg">'
            + "".join(f"<p>{sentence.format(label) * 3}</p>" for _ in range(paragraphs))
            + "</div></div></div></div></div>"
        )

    page = (
        '<html><body><div class="post">'
        + section("First part.", 6)
        + '<figure><img src="a.jpg"></figure><div class="ad-slot">Advertisement</div>'
        + section("Second part.", 2)
        + "</div></body></html>"
    )
    body = body_of(page)
    assert [p.split(".")[0] for p in body] == ["First part"] * 6 + ["Second part"] * 2


KOMPAS_LIKE_PAGE = """<html lang="id"><head>
<title>Pemerintah Siapkan Insentif Mobil Listrik Tahun Depan Halaman all - Kompas.com</title>
<meta property="og:title" content="Pemerintah Siapkan Insentif Mobil Listrik Tahun Depan">
</head><body>
<div class="nav"><ul><li><a href="/news">News</a></li><li><a href="/money">Money</a></li>
<li><a href="/otomotif">Otomotif</a></li><li><a href="/tekno">Tekno</a></li></ul></div>
<div class="container">
 <div class="col-bs10-7">
  <h1 class="read__title">Pemerintah Siapkan Insentif Mobil Listrik Tahun Depan</h1>
  <div class="read__time">Kompas.com - 28/05/2025, 13:30 WIB</div>
  <div class="read__credit">Penulis <a href="/penulis/ani">Ani Suryani</a> | Editor Budi</div>
  <div class="read__content"><div class="clearfix">
   <p><strong>JAKARTA, KOMPAS.com</strong> - Pemerintah menyiapkan insentif pajak untuk pembelian mobil
      listrik mulai tahun depan, kata Menteri Perindustrian di Jakarta, Rabu (28/5/2025).</p>
   <p>Insentif itu berupa potongan pajak penjualan atas barang mewah hingga 10 persen untuk kendaraan
      dengan kandungan lokal minimal 40 persen.</p>
   <p><strong>Baca juga: <a class="inner-link-baca-juga" href="/read/1">Penjualan Mobil Listrik Naik 60
      Persen pada Kuartal Pertama</a></strong></p>
   <p>"Kami ingin industri dalam negeri tumbuh, bukan hanya impor," ujarnya kepada wartawan.</p>
   <div class="baca-juga-box"><h3>Baca Juga</h3><ul>
     <li><a href="/read/2">Harga Nikel Turun, Produsen Baterai Tahan Ekspansi di Sulawesi</a></li>
     <li><a href="/read/3">Uji Coba Bus Listrik di Surabaya Diperpanjang hingga Akhir Tahun</a></li>
   </ul></div>
   <p>Kebijakan tersebut akan dievaluasi setiap enam bulan bersama Kementerian Keuangan.</p>
  </div></div>
  <div class="read__tagging"><a href="/tag/mobil-listrik">mobil listrik</a>
   <a href="/tag/pajak">pajak</a></div>
  <div class="social-share"><a href="#">Bagikan ke WhatsApp</a> <a href="#">Facebook</a></div>
  <div class="komentar-box"><p>Komentar: Bagus sekali kebijakan ini, semoga harga mobil listrik segera
     turun dan bisa dijangkau masyarakat kecil di daerah.</p></div>
 </div>
 <div class="col-bs10-3">
  <div class="most__wrap terpopuler"><h2>Terpopuler</h2>
   <div class="most__list"><a href="/1">Gempa Magnitudo 5,2 Guncang Maluku, Tidak Berpotensi Tsunami</a></div>
   <div class="most__list"><a href="/2">Jadwal Lengkap Timnas Indonesia di Kualifikasi Piala Dunia</a></div>
  </div>
  <div class="berita-terbaru"><p>Pemerintah daerah diminta menyiapkan lahan untuk stasiun pengisian
     kendaraan listrik umum di setiap kabupaten dan kota.</p></div>
 </div>
</div>
</body></html>
"""


def test_kompas_like_page() -> None:
    body = body_of(KOMPAS_LIKE_PAGE)
    assert body == [
        "JAKARTA, KOMPAS.com - Pemerintah menyiapkan insentif pajak untuk pembelian mobil listrik mulai "
        "tahun depan, kata Menteri Perindustrian di Jakarta, Rabu (28/5/2025).",
        "Insentif itu berupa potongan pajak penjualan atas barang mewah hingga 10 persen untuk kendaraan "
        "dengan kandungan lokal minimal 40 persen.",
        '"Kami ingin industri dalam negeri tumbuh, bukan hanya impor," ujarnya kepada wartawan.',
        "Kebijakan tersebut akan dievaluasi setiap enam bulan bersama Kementerian Keuangan.",
    ]


def test_sentence_with_many_linked_names_is_kept_but_link_insert_is_not() -> None:
    page = """<html><body><div class="story-body">
    <p>The investigation was opened after a complaint and has lasted for almost nine years in total.</p>
    <p>Officials from <a href="/t/a">Sweden</a>, <a href="/t/b">the United Kingdom</a> and
       <a href="/t/c">Ecuador</a> met on <a href="/t/d">Tuesday in Stockholm</a> to discuss the case.</p>
    <p>Baca juga: <a href="/r/1">Prosecutors drop the case after reviewing all of the evidence</a></p>
    <p>The prosecutor said the evidence had weakened because so much time had passed since then.</p>
    </div></body></html>"""
    body = body_of(page)
    assert len(body) == 3
    assert body[1].startswith("Officials from Sweden, the United Kingdom and Ecuador met on Tuesday")
    assert not any(p.startswith("Baca juga") for p in body)


DETIK_LIKE_PAGE = """<html><head><title>Polisi Tangkap Pencuri Motor di Bekasi</title></head><body>
<div class="detail">
 <h1 class="detail__title">Polisi Tangkap Pencuri Motor di Bekasi</h1>
 <div class="detail__author">Rina Hartono - detikNews</div>
 <div class="detail__date">Rabu, 18 Jun 2025 07:30 WIB</div>
 <div class="detail__body-text itp_bodycontent">
  <strong>Jakarta</strong> -
  <p>Polisi menangkap dua pria yang diduga mencuri sepeda motor di kawasan Bekasi Timur,
     Selasa (17/6/2025).</p>
  <table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga: </strong>
   <a href="/x">Kasus Pencurian Motor Meningkat Jelang Lebaran di Jabodetabek</a></div></td></tr></table>
  <p>Kapolsek mengatakan kedua pelaku sudah diincar sejak sebulan terakhir oleh petugas.</p>
 </div>
</div></body></html>
"""


def test_detik_dateline_before_first_paragraph_opens_it() -> None:
    assert body_of(DETIK_LIKE_PAGE) == [
        "Jakarta - Polisi menangkap dua pria yang diduga mencuri sepeda motor di kawasan Bekasi Timur, "
        "Selasa (17/6/2025).",
        "Kapolsek mengatakan kedua pelaku sudah diincar sejak sebulan terakhir oleh petugas.",
    ]


def test_story_followed_by_teaser_articles_keeps_only_the_story() -> None:
    teaser = (
        '<article class="card"><div class="kicker">{0}</div><h2><a href="/{0}">Title {0}</a></h2>'
        "<p>A short summary of another story that the site wants readers to open next, {0}.</p></article>"
    )
    story = "".join(
        f"<p>Paragraph {n} of the story itself, written in full sentences about the events of the day.</p>"
        for n in range(4)
    )
    page = (
        '<html><body><main><div class="stream">'
        f'<article class="story"><h1>The story</h1><div class="text">{story}</div></article>'
        + "".join(teaser.format(word) for word in ["one", "two", "three", "four", "five", "six", "seven"])
        + "</div></main></body></html>"
    )
    body = body_of(page)
    assert [p.split(" of ")[0] for p in body] == [f"Paragraph {n}" for n in range(4)]


def test_teaser_list_above_the_headline_is_cut_with_the_page_title() -> None:
    page = TEASERS_ABOVE_HEADLINE.replace(
        "<title>x</title>", "<title>Deportees return home | India Post</title>"
    )
    assert body_of(page) == body_of(TEASERS_ABOVE_HEADLINE, title="Deportees return home")
    assert body_of(page)[0].startswith("Nearly 150 people returned home")


def test_plain_etree_parse_gives_the_same_body() -> None:
    from lxml import etree

    root = etree.fromstring(KOMPAS_LIKE_PAGE, etree.HTMLParser())
    assert find_body_paragraphs(root) == body_of(KOMPAS_LIKE_PAGE)


def test_very_deep_tree_built_in_code_does_not_overflow() -> None:
    from lxml import etree

    root = etree.Element("html")
    node = etree.SubElement(root, "body")
    for _ in range(1500):  # deeper than Python's recursion limit; parsers stop at 255 levels
        node = etree.SubElement(node, "div")
    node.text = "A paragraph at the bottom of a very deep tree, long enough to count as running text."
    assert find_body_paragraphs(root) == [node.text]


def _sidebar_of_teasers(count: int = 6) -> str:
    teaser = (
        '<div class="item"><h3><a href="/x{0}">Judul berita lain nomor {0} yang menarik</a></h3>'
        "<p>Ringkasan berita lain nomor {0} yang ditampilkan di kolom kanan halaman ini untuk pembaca.</p>"
        "</div>"
    )
    return '<div class="kanan">' + "".join(teaser.format(i) for i in range(count)) + "</div>"


def test_short_story_beats_a_column_of_teaser_summaries() -> None:
    page = (
        '<html><head><title>Banjir di Kudus</title></head><body><div class="wrap"><div class="kiri">'
        '<h1>Banjir di Kudus</h1><div class="tgl">Senin, 14 Maret 2022</div><div class="isi">'
        "<p>Banjir merendam ratusan rumah di Kudus, Jawa Tengah, sejak Minggu malam setelah hujan deras.</p>"
        "<p>Warga mengungsi ke balai desa dan masjid terdekat, kata petugas BPBD setempat kepada wartawan."
        "</p></div></div>" + _sidebar_of_teasers() + "</div></body></html>"
    )
    assert body_of(page) == [
        "Banjir merendam ratusan rumah di Kudus, Jawa Tengah, sejak Minggu malam setelah hujan deras.",
        "Warga mengungsi ke balai desa dan masjid terdekat, kata petugas BPBD setempat kepada wartawan.",
    ]


def test_one_paragraph_story_under_a_linked_headline_is_not_taken_for_a_teaser() -> None:
    page = (
        '<html><head><title>Banjir di Kudus</title></head><body><div class="wrap"><div class="kiri">'
        '<h1><a href="/banjir">Banjir di Kudus</a></h1>'
        "<p>Banjir merendam ratusan rumah di Kudus, Jawa Tengah, sejak Minggu malam setelah hujan deras. "
        "Warga mengungsi ke balai desa dan masjid terdekat, kata petugas BPBD setempat kepada wartawan. "
        "Petugas memperkirakan air baru surut dalam dua hari jika hujan tidak kembali turun, "
        "sementara dapur umum didirikan di halaman kantor kecamatan untuk para pengungsi.</p>"
        '</div><div class="tentang"><p>Kabar Kudus adalah portal berita lokal yang melayani pembaca di '
        "Kudus dan sekitarnya sejak 2010, dengan liputan harian tentang pemerintahan, ekonomi, dan budaya "
        "masyarakat pesisir utara Jawa Tengah.</p></div>" + _sidebar_of_teasers() + "</div></body></html>"
    )
    body = body_of(page)
    assert len(body) == 1 and body[0].startswith("Banjir merendam ratusan rumah")


# antara 2016: the first paragraph typed straight into the article element, the rest in a <div> inside it
BARE_LEAD_REST = [
    '"Dari kasus yang belum lama ini terjadi sebagian pelaku merupakan pelajar atau masih berumur di bawah '
    '18 tahun," kata Kasubdit IV Renakta Ditreskrimum Polda Lampung di Bandarlampung, Selasa.',
    "Menurut dia, para mucikari atau orang yang mempromosikan hingga mengeksploitasi pekerja seks komersial "
    "itu mampu menyediakan wanita dengan berbagai tipe dan usia, termasuk para remaja usia sekolah.",
    '"Indikasi kuat akan masih marak praktik ini, mengingat dari sejumlah korban yang tertangkap tangan '
    'beroperasi di hotel merupakan remaja yang masih muda bahkan ada yang di bawah umur," ujarnya lagi.',
    "Bukan mustahil, ia melanjutkan, apabila praktik itu memang benar terjadi membuat korban akan terus "
    "menjalankan aktivitas yang dilarang tersebut, sehingga pengawasan orangtua sangat dibutuhkan.",
    "Dia menyebutkan, faktor minim pengawasan dari orangtua akan memperburuk kejadian atau semakin tinggi "
    "praktik prostitusi di kalangan remaja maupun pelajar di provinsi itu pada tahun ini.",
    "Polda Lampung, kata dia, akan bekerja sama dengan dinas pendidikan dan sekolah-sekolah untuk memberi "
    "penyuluhan kepada para siswa tentang bahaya praktik prostitusi dan cara menghindarinya.",
    "Selain itu, petugas juga akan meningkatkan razia di hotel, wisma dan tempat hiburan malam yang diduga "
    "menjadi lokasi transaksi, terutama pada akhir pekan dan hari libur sekolah.",
    '"Kami minta orangtua lebih memperhatikan pergaulan anak-anaknya, termasuk penggunaan telepon genggam '
    'dan media sosial yang kerap dipakai para mucikari untuk menjaring korban," katanya.',
    "Dinas Sosial Provinsi Lampung menyatakan siap mendampingi para korban yang masih di bawah umur agar "
    "mereka dapat kembali bersekolah dan tidak terjerumus lagi ke dunia yang sama.",
]
BARE_LEAD = (
    "Bandarlampung (ANTARA News) - Petugas Polda Lampung menenggarai pelajar sudah mengenal prostitusi."
)


def bare_lead_page(lead: str) -> str:
    rest = "<br><br>".join(BARE_LEAD_REST)
    return f"""<html><head><title>Prostitusi merambah pelajar</title></head><body>
<div class="main"><div class="bjbrt">
 <h1 class="title">Prostitusi merambah pelajar</h1>
 <div class="date">Selasa, 23 Februari 2016 14:49 WIB</div>
 <div id="content_news">{lead}<div><br>{rest}<br><br></div></div>
</div>
<div class="sidebar"><h3>Terpopuler</h3><ul>
 <li><a href="/1">Harga cabai naik menjelang Ramadan di pasar tradisional Surabaya</a></li>
 <li><a href="/2">Kereta tambahan disiapkan untuk arus mudik lebaran tahun ini</a></li>
</ul></div></div></body></html>"""


def test_first_paragraph_as_bare_text_of_the_article_element_is_kept() -> None:
    assert body_of(bare_lead_page(BARE_LEAD)) == [BARE_LEAD, *BARE_LEAD_REST]


def test_bare_text_that_is_not_prose_does_not_widen_the_body() -> None:
    # a wrapper's own short label ("Bagikan") is not a paragraph of the story
    assert body_of(bare_lead_page("Bagikan")) == BARE_LEAD_REST


def test_a_sidebar_widget_of_more_prose_than_the_story_does_not_take_its_place() -> None:
    """okezone 2020 (written here): a glossary in the right column, each term with a paragraph of
    definition, holds three times the story's prose; a widget (``widget-…``) is furniture, and the story
    outside it wins while it holds a fifth of the widget's gain (here about a quarter)."""
    story = "".join(
        f"<p>Paragraf {n} tentang cara memulai usaha dengan risiko rendah, mulai dari modal kecil, "
        "pemasaran lewat media sosial, hingga pencatatan keuangan sederhana yang rapi setiap hari.</p>"
        for n in range(1, 12)
    )
    terms = "".join(
        f"<li><span class='gl-title'>Istilah {n}</span><p>Definisi istilah keuangan nomor {n} yang dipakai "
        "dalam perdagangan efek, dijelaskan dengan kalimat panjang agar pembaca memahami maknanya dengan "
        "baik sebelum berinvestasi di pasar modal Indonesia.</p></li>"
        for n in range(1, 46)
    )
    page = (
        "<html><head><title>Tips Memulai Usaha</title></head><body><div class='container details'>"
        "<div class='bodyhome-left'><div class='title'><h1>Tips Memulai Usaha</h1></div>"
        f"<div class='read' id='contentx'>{story}</div></div><div class='bodyhome-right'>"
        "<div class='widget-rightside widget-glossary'><div class='glos-wrap'><div class='glos-body'>"
        f"<div class='tab-content'><div class='tab-pane'><ul>{terms}</ul></div></div></div></div></div>"
        "</div></div></body></html>"
    )
    found = find_body_paragraphs(lxml_html.document_fromstring(page))
    assert found[0].startswith("Paragraf 1 tentang") and len(found) == 11
