"""Body cleaning: every insert family, boilerplate line, byline, dateline and reporter code of the
Indonesian portals, and the negative controls that must stay, through ``extract_article``.
"""

from __future__ import annotations

import re
import tracemalloc

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile
from crawler.vocabulary import BOILERPLATE_LINE

URL = "https://jagatbisnis.com/2025/06/18/contoh-berita/"
P1 = "Pemerintah menyiapkan anggaran tambahan untuk program perumahan rakyat tahun depan."
P2 = "Menteri Keuangan mengatakan dana itu diambil dari sisa anggaran tahun berjalan."
P3 = "Program tersebut ditargetkan menjangkau satu juta keluarga di seluruh Indonesia."


def page(content: str, *, head: str = "") -> str:
    """A small but complete WordPress page with ``content`` as its ``.entry-content``."""
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Contoh Berita - JagatBisnis</title>{head}</head>
<body class="single single-post">
<header><nav><a href="/">Beranda</a> <a href="/category/ekonomi/">Ekonomi</a></nav></header>
<main><article><h1 class="entry-title">Contoh Berita</h1>
<div class="entry-content">{content}</div></article></main>
<aside class="widget-area"><h2>Terpopuler</h2><ul><li><a href="/x/">Berita lain</a></li></ul></aside>
<footer>&copy; 2025 JagatBisnis</footer></body></html>"""


def extract(content: str) -> dict:
    return extract_article(page(content), URL, load_profile("jagatbisnis"))


def body(content: str) -> str:
    return extract(content)["articleBody"]


def paras(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


CLEAN = f"{P1}\n\n{P2}\n\n{P3}"


# ---- related-article inserts --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "insert",
    [
        'Baca Juga :&nbsp;&nbsp; <a href="/a/">Harga Emas Antam Turun Rp 5.000</a>',  # small WordPress
        'Baca Juga: <a href="/a/">IHSG Ditutup Menguat ke Level 7.000</a>',  # suara, kontan
        'Baca juga: <a href="/a/">Rupiah Melemah Tipis Sore Ini</a>',  # tribun, antara
        'BACA JUGA: <a href="/a/">Rupiah Melemah Tipis Sore Ini</a>',
        '<strong>Baca juga: <a class="inner-link-baca-juga" href="/a/">BI Tahan Suku Bunga</a></strong>',
        'Baca juga:<a href="/a/">Judul Tanpa Spasi</a>',  # scraper-glued label
        'Lihat Juga: <a href="/a/">Video Banjir Jakarta</a>',  # sindonews
        '(Baca juga: <a href="/a/">Inflasi Mei 2025 Terkendali</a>)',  # katadata
        '<strong>• <a href="/a/">Kronologi Kebakaran Pasar Senen</a></strong>',  # tribun bullet
        "Selanjutnya: <a href='/a/'>Harga BBM Naik Lagi</a>",  # kontan teaser
        "Pilihan Editor: <a href='/a/'>Deretan Proyek Mangkrak</a>",  # tempo teaser
        "Baca juga: Judul Tanpa Tautan Sama Sekali",
    ],
)
def test_insert_paragraph_is_dropped_and_text_after_it_stays(insert: str) -> None:
    assert body(paras(P1, insert, P2, P3)) == CLEAN


def test_detik_linksisip_table() -> None:
    insert = (
        '<table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga: </strong>'
        '<a href="/a/">Harga Cabai Melonjak</a></div></td></tr></table>'
    )
    assert body(paras(P1) + insert + paras(P2, P3)) == CLEAN


@pytest.mark.parametrize(
    "block",
    [
        # republika / liputan6: a bare heading then a list of linked titles
        '<h3>Baca Juga</h3><ul><li><a href="/a/">Judul Satu yang Panjang</a></li>'
        '<li><a href="/b/">Judul Dua yang Panjang</a></li><li><a href="/c/">Judul Tiga</a></li></ul>',
        # merdeka: label, <br>, then the titles
        '<p>Baca juga:<br><a href="/a/">Judul Satu</a><br><a href="/b/">Judul Dua</a></p>',
        # wahananews: label on one line, title on the next
        "<p>Baca Juga:<br>Judul Berita Terkait Tanpa Tautan</p>",
        '<p>Baca Juga:</p><p><a href="/a/">Judul Berita Terkait</a></p>',
        # liputan6, jpnn, bisnis: a bare label whose titles render elsewhere
        "<p>Baca Juga</p>",
        "<p>Baca Juga:</p>",
        # end-of-article teasers
        '<h4>Berita Terkait</h4><ul><li><a href="/a/">Satu</a></li><li><a href="/b/">Dua</a></li></ul>',
        '<p><strong>BERITA TERKAIT</strong></p><p><a href="/a/">Judul Terkait</a></p>',
        '<div>Berita Lainnya</div><div><a href="/a/">Judul Lain</a></div>',
    ],
)
def test_bare_label_and_its_titles_are_dropped(block: str) -> None:
    assert body(paras(P1) + block + paras(P2, P3)) == CLEAN


def test_viva_comment_delimited_range() -> None:
    block = (
        '<!--BACA JUGA START--><div class="vl"><a href="/a/">Judul di Dalam Rentang</a></div>'
        "<p>Masih di dalam rentang</p><!--BACA JUGA END -->"
    )
    assert body(paras(P1) + block + paras(P2, P3)) == CLEAN


def test_run_on_insert_inside_a_paragraph_keeps_the_sentences_around_it() -> None:
    text = (
        "IHSG ditutup di level 6.186,87. Baca Juga: <a href='/a/'>IHSG menguat 2,91% sepekan</a> "
        "Sementara itu, nilai transaksi mencapai Rp 9 triliun."
    )
    assert body(paras(text, P2)) == (
        "IHSG ditutup di level 6.186,87. Sementara itu, nilai transaksi mencapai Rp 9 triliun.\n\n" + P2
    )


def test_run_on_insert_with_the_label_inside_the_link() -> None:
    text = "Harga emas naik tipis. <a href='/a/'>Baca juga: Emas Antam Stagnan</a> Pembeli masih ramai."
    assert body(paras(text)) == "Harga emas naik tipis. Pembeli masih ramai."


def test_parenthesised_insert_inside_a_paragraph() -> None:
    text = (
        "Inflasi tercatat 2,1 persen. (Baca juga: <a href='/a/'>Inflasi Mei Terkendali</a>) Angka itu turun."
    )
    assert body(paras(text)) == "Inflasi tercatat 2,1 persen. Angka itu turun."


# ---- whole lines that are never article text -------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "Advertisement",
        "- Advertisement -",
        "SCROLL TO CONTINUE WITH CONTENT",
        "MIXADVERT JASAPRO",
        "Simak juga Video: Banjir Rob Rendam Pesisir Jakarta",
        "Lihat juga Video 'Detik-detik Kebakaran Pasar':",
        "Simak Video 'Jokowi Resmikan Tol':",
        "Saksikan Live DetikPagi:",
        "Simak juga video pilihan berikut ini:",
        "[Gambas:Video 20detik]",
        "[Gambas:Video CNN]",
        "[Gambas:Instagram]",
        "[Gambas:Twitter]",
        "[Gambas:Youtube]",
        "Cek Berita dan Artikel yang lain di Google News",
        "Ikuti Whatsapp Channel Republika",
        "Baca berita tanpa iklan. Gabung Kompas.com+",
        "Baca berita dengan sedikit iklan, klik di sini",
        "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com. Mari bergabung "
        'di Grup Telegram "Kompas.com News Update", caranya klik link https://t.me/kompascomupdate, '
        "kemudian join.",
        "Ikuti saluran WhatsApp kami untuk berita terbaru: https://whatsapp.com/channel/0029Va",
        "loading...",
        "zoom-in-whitePerbesar",
        "A",
        # a story shown as pages of one document (liputan6, KLY): between, over and under its pages
        "Scroll down untuk melanjutkan membaca",
        "2 dari 3 halaman",
        "Lanjutkan Membaca ↓",
        "Perbesar",
        "View in Single Page",
        "Infografis COVID-19:",
        "#ChangeMaker with FIMELA",
        "Recommended by",
        "1 / 5",
        "Klik gambar untuk perbesar",
        "Diperbarui 26 Apr 2021, 07:00 WIB",
        "SCROLL TO RESUME CONTENT",
        "-----",
        "* * *",
    ],
)
def test_boilerplate_line_is_dropped(line: str) -> None:
    assert body(paras(P1, line, P2, P3)) == CLEAN


@pytest.mark.parametrize(
    "line",
    [
        # follow the site on Google News, a social network or its app, as Indonesian portals close stories
        "Ikuti berita terkini dari Tempo di Google News, klik di sini",
        "Dapatkan berita terbaru dari CNN Indonesia di Google News",
        "Follow Berita Okezone di Google News",
        "Ikuti kami di Google News dan dapatkan update berita terbaru",
        "Jangan lewatkan berita terbaru, ikuti kami di Instagram @detikcom",
        "Ikuti Update Berita Terkini di Instagram Jagatbisnis",
        "Download Aplikasi Kompas.com untuk akses berita lebih cepat",
        "Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.",
        # a detik network page pointing at the story's first publication
        'Baca artikel detikfinance, "Harga Beras Naik Lagi" selengkapnya https://finance.detik.com/d-123',
        # a recommendations widget's heading
        "Pilihan Untuk Anda",
        # its newsletter, or the site itself (named: the page's site names are known)
        "Berlangganan newsletter JagatBisnis untuk mendapatkan berita terbaru setiap pagi.",
        "Simak terus berita terkini seputar ekonomi dan bisnis hanya di Jagatbisnis.com.",
        "Klik di sini untuk mendapatkan update berita terkini dari JagatBisnis.",
        "Yuk, baca artikel lainnya di JagatBisnis.com",
        # widget lines: Kompas's Indonesian "scroll to continue" and its initiative footer
        "Scroll untuk melanjutkan membaca",
        "Artikel ini merupakan bagian dari Lestari KG Media, sebuah inisiatif untuk akselerasi Tujuan "
        "Pembangunan Berkelanjutan. Selengkapnya",
    ],
)
def test_a_prompt_to_follow_the_site_elsewhere_is_dropped(line: str) -> None:
    assert body(paras(P1, line, P2, P3)) == CLEAN


@pytest.mark.parametrize(
    "line",
    [
        "Instagram menghapus akun tersebut setelah menerima ratusan laporan dari pengguna di Indonesia.",
        "Presiden mengunggah video kunjungan kerjanya di YouTube pada Senin malam.",
        "Cek fakta: unggahan di Facebook yang menyebut vaksin mengandung cip adalah keliru.",
        "Download aplikasi PeduliLindungi untuk mendapatkan sertifikat vaksin, kata juru bicara Kemenkes.",
        "Google News kini menampilkan lebih banyak berita lokal dari penerbit Indonesia, kata Google.",
        # a prompt-like opening that names neither a platform nor the site (the field notes keep it)
        "Simak informasi lengkapnya berikut ini.",
        "Daftar akun Instagram yang diblokir pemerintah bertambah menjadi 120 pekan ini.",
        # the site's name as a word of the story, not as a place to read it ("jagat" on JagatBisnis)
        "Simak jagat bisnis Indonesia yang berubah cepat setelah pandemi.",
        # naming the site, but a paragraph of the story, longer than any prompt
        "Simak data yang dihimpun JagatBisnis dari 34 provinsi: harga cabai rawit naik rata-rata 12 persen, "
        "bawang merah 8 persen, dan beras medium 3 persen sepanjang Maret hingga awal April menurut pantauan "
        "di pasar tradisional.",
    ],
)
def test_a_sentence_about_those_platforms_stays(line: str) -> None:
    assert line in body(paras(P1, line, P2, P3)).split("\n\n")


@pytest.mark.parametrize(
    "caption",
    [
        "<em>Taylor Swift memberikan standing ovation untuk Joey Alexander. Foto: Grammy</em>",
        "Charlotte Chruch berulang tahun dan mengadakan pesta di rumahnya © Instagram.com",
        "Heart Beat bikin Brandon terpukau oleh ceritanya/©KapanLagi.com®/M. Akrom Sukarya",
        "Warga memadati lokasi banjir di Kampung Melayu (Foto: Antara/Sigid Kurniawan)",
        # the photographer and the site's brand in brackets, either way round (detik, liputan6, kompas)
        "Lima mahasiswa UGM mengembangkan I-REBOT. (Bagus Kurniawan/detikcom)",
        "Infografis Pelatih Baru Timnas Indonesia (Liputan6.com/Triyasni)",
        "Suasana sidang di Pengadilan Negeri Jakarta Selatan (KOMPAS.com/Garry Andrew).",
        # a title over its source (liputan6's photo pages)
        "Istri Evan Marvino Temukan Paket Misterius, Bikin Resah (Sumber: Instagram/evanmarvino)",
    ],
)
def test_a_photo_caption_left_among_the_paragraphs_is_dropped(caption: str) -> None:
    assert body(paras(P1, caption, P2)) == f"{P1}\n\n{P2}"


def test_font_size_buttons_a_a_a() -> None:
    assert body("<p>A<br>A<br>A</p>" + paras(P1, P2, P3)) == CLEAN


def test_boilerplate_inline_in_a_paragraph() -> None:
    text = "Harga beras naik. SCROLL TO CONTINUE WITH CONTENT Pedagang mengeluh. [Gambas:Video 20detik]"
    assert body(paras(text)) == "Harga beras naik. Pedagang mengeluh."


def test_membership_nag_repeated_after_paragraphs() -> None:
    nag = "Baca berita dengan sedikit iklan, klik di sini"
    assert body(paras(P1, nag, P2, nag, P3, nag)) == CLEAN


@pytest.mark.parametrize(
    ("content", "source"),
    [
        (paras(P1, P2, P3, "sumber : Antara"), "Antara"),
        (paras(P1, P2, P3, "Sumber: ANTARA"), "ANTARA"),
        (
            paras(P1, P2, P3, 'Artikel ini telah tayang di Kompas.com dengan judul "Contoh Judul Asli"'),
            "Kompas.com",
        ),
        (paras(P1, P2, P3) + "<p>Artikel ini telah tayang di<br>CNN Indonesia.</p>", "CNN Indonesia"),
    ],
)
def test_syndication_line_leaves_for_source(content: str, source: str) -> None:
    item = extract(content)
    assert item["articleBody"] == CLEAN
    assert item["source"] == source


# ---- negative controls ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kept",
    [
        "Pembahasan selanjutnya akan dilakukan pekan depan bersama DPR.",
        "Selanjutnya, pemerintah akan mengevaluasi program itu setiap triwulan.",
        "Simak informasi lengkapnya berikut ini.",
        "WhatsApp kini menguji fitur channel untuk pelaku usaha kecil di Indonesia.",
        "Pengguna bisa bergabung ke grup WhatsApp keluarga tanpa nomor telepon, kata Meta.",
        "Pusat Pelaporan dan Analisis Transaksi Keuangan (PPATK) menemukan aliran dana mencurigakan.",
        "Kerja sama itu melibatkan PT Pertamina (Persero) dan PT PLN (Persero).",
        "Kesepakatan diteken pada Rabu (18/6/2025) di Jakarta.",
        "Korban, Andi (37), dibawa ke rumah sakit terdekat.",
        "Ia menyebut Baca Juga sebagai rubrik yang paling banyak diklik pembaca.",
        # a story line that mentions photos or a copyright is not a caption
        "Foto yang beredar di media sosial itu diambil pada Rabu pagi, kata polisi.",
        "Polisi memeriksa foto: tiga orang terlihat di lokasi sebelum kebakaran terjadi di gudang itu.",
        "Logo © milik perusahaan itu kini dipakai tanpa izin oleh pihak lain, kata kuasa hukumnya.",
        # brackets with a slash that credit no photo, and the page's words in a sentence
        "Nilai tukar rupiah melemah ke level Rp 15.000 (USD/IDR).",
        "Laporan itu dimuat di situs resmi kementerian (kemenkeu.go.id/berita).",
        "Pembaca bisa memperbesar foto dengan menekan tombol Perbesar di bawahnya.",
        "Cerita itu berlanjut hingga 2 dari 3 halaman laporan keuangan dinyatakan keliru.",
        "Infografis yang dirilis BPS menunjukkan kenaikan harga beras di 20 provinsi.",
        "#1 Paris menjadi kota tujuan wisata paling diminati tahun ini.",
        # "Oleh" opens sentences too: only "Oleh X pada <date>[, time]" ending there is a byline
        "Oleh karena itu pada 12 Mei 2020 pemerintah menaikkan harga beras",
    ],
)
def test_negative_controls_stay(kept: str) -> None:
    assert body(paras(P1, kept, P2)) == f"{P1}\n\n{kept}\n\n{P2}"


@pytest.mark.parametrize(
    "last",
    [
        "Dana itu dikelola oleh PT Pertamina (Persero)",
        "Temuan itu dilaporkan ke PPATK (PPATK)",
        "Rapat digelar Rabu (18/6/2025)",
        "Pelaku berinisial AS (37)",
    ],
)
def test_legitimate_parenthetical_closing_the_body_is_not_a_reporter_code(last: str) -> None:
    item = extract(paras(P1, last))
    assert item["articleBody"] == f"{P1}\n\n{last}"
    assert item["reporterCodes"] == []


# ---- reporter codes, bylines, datelines -------------------------------------------------------------
@pytest.mark.parametrize(
    ("last", "kept", "code"),
    [
        ("laporan senjata (pia)", "laporan senjata", "pia"),
        ("kata dia. (mea/mea)", "kata dia.", "mea/mea"),
        ("ujarnya. (rrd/rir)", "ujarnya.", "rrd/rir"),
        ("tuturnya. (dru/dru)", "tuturnya.", "dru/dru"),
        ("katanya. (ian)", "katanya.", "ian"),
        ("kata dia. (*)", "kata dia.", "*"),
        ("kata dia. (*/win)", "kata dia.", "*/win"),
        ("jelasnya. (kha)", "jelasnya.", "kha"),
        ("kata dia. (Hantoro)", "kata dia.", "Hantoro"),
        ("kata dia. (Arief Setyadi )", "kata dia.", "Arief Setyadi"),
        ("kata dia.(ara/jpnn)", "kata dia.", "ara/jpnn"),
        ("kata dia. [ian]", "kata dia.", "ian"),
        ("kata dia. (RMI/JAY/ES)", "kata dia.", "RMI/JAY/ES"),
    ],
)
def test_reporter_code_leaves_the_last_paragraph(last: str, kept: str, code: str) -> None:
    item = extract(paras(P1, f"Ia optimistis program berjalan, {last}"))
    assert item["reporterCodes"] == [code]
    assert item["articleBody"] == f"{P1}\n\nIa optimistis program berjalan, {kept}"


def test_reporter_code_in_its_own_paragraph_and_before_an_ad_label() -> None:
    item = extract(paras(P1, P2, "(pia)", "MIXADVERT JASAPRO"))
    assert item["articleBody"] == f"{P1}\n\n{P2}"
    assert item["reporterCodes"] == ["pia"]


@pytest.mark.parametrize(
    "line",
    [
        "Reporter: Ani Rahmawati | Editor: Budi Santoso",
        "Penulis: Ani Rahmawati | Editor: Budi Santoso",
        "Laporan Wartawan Tribunnews.com, Ani Rahmawati",
        "Pewarta: Ani Rahmawati",
        "Editor: Budi Santoso",
        "Rep: Ani Rahmawati/ Red: Budi Santoso",
        # a name, a comma, the role: the name's run ends at the comma (or a space before it)
        "Ani Rahmawati, wartawan Tribunnews.com",
        "Ani Rahmawati , jurnalis Kompas.com",
        "Raden Mas Muhammad Ridwan Hidayatullah Saputra Kusumanegara, kontributor Bandung",
    ],
)
def test_byline_line_is_dropped(line: str) -> None:
    assert body(paras(line, P1, P2, P3)) == CLEAN
    assert body(paras(P1, P2, P3, line)) == CLEAN


def test_byline_names_fill_authors_when_the_page_has_none() -> None:
    item = extract(paras(P1, P2, "Penulis: Ani Rahmawati | Editor: Budi Santoso"))
    assert item["authors"] == ["Ani Rahmawati"]


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        # the dateline field holds the place only: the brand is not part of it (issue 13)
        ("JAKARTA, KOMPAS.com - ", "JAKARTA"),
        ("KONTAN.CO.ID - JAKARTA. ", "JAKARTA"),
        ("Jakarta (ANTARA) – ", "Jakarta"),
        ("REPUBLIKA.CO.ID, CIREBON -- ", "CIREBON"),
        ("Liputan6.com, Jakarta - ", "Jakarta"),
        ("TEMPO.CO, Jakarta - ", "Jakarta"),
        ("JagatBisnis.com – ", None),
        ("JagatBisnis.com—", None),
        ("JAKARTA, KOMPAS.com&nbsp;-&nbsp;", "JAKARTA"),
        ("<strong>JAKARTA, KOMPAS.com</strong> - ", "JAKARTA"),
        ("JAKARTA, Indonesia, 5 Mei 2025 /PRNewswire/ -- ", "JAKARTA, Indonesia"),
    ],
)
def test_dateline_leaves_the_first_paragraph(opening: str, dateline: str) -> None:
    item = extract(paras(opening + P1, P2))
    assert item["dateline"] == dateline
    assert item["articleBody"] == f"{P1}\n\n{P2}"


def test_detik_dateline_in_strong_before_the_first_paragraph() -> None:
    item = extract(f"<strong>Jakarta</strong> - {P1}" + paras(P2))
    assert item["dateline"] == "Jakarta"
    assert item["articleBody"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        # no dash: the bold run sets the place and the brand apart (liputan6 2016)
        ("<b>Liputan6.com, Jakarta</b> ", "Jakarta"),
        ("<strong>JAKARTA, KOMPAS.com</strong> ", "JAKARTA"),
        ("<b>Mataram, NTB (JagatBisnis)</b> ", "Mataram, NTB"),
        ("<b>Jakarta, JagatBisnis</b> ", "Jakarta"),  # the site's own name is its brand
        # no dash, no bold: a domain brand ends it and a sentence starts
        ("JAKARTA, KOMPAS.com ", "JAKARTA"),
    ],
)
def test_dateline_without_a_dash_leaves_the_first_paragraph(opening: str, dateline: str) -> None:
    item = extract(paras(opening + P1, P2))
    assert item["dateline"] == dateline
    assert item["articleBody"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    "first",
    [
        # a bold name opening a sentence names no brand: it is the sentence's subject
        "<b>Presiden Joko Widodo</b> meminta para menteri mempercepat belanja modal.",
        "<strong>Bank Indonesia (BI)</strong> menahan suku bunga acuan pekan ini.",
        # bold that does not open the paragraph sets nothing apart
        "Menurut <b>Liputan6.com, Jakarta</b> menjadi kota terpadat di Indonesia.",
        # a place and a parenthesised name before a capital are an ordinary sentence's subject
        "Badan Pusat Statistik (BPS) Jawa Barat mencatat inflasi naik tipis.",
    ],
)
def test_bold_opening_words_are_not_a_dateline_without_a_brand(first: str) -> None:
    item = extract(paras(first, P2))
    text = first.replace("<b>", "").replace("</b>", "").replace("<strong>", "").replace("</strong>", "")
    assert item["dateline"] is None
    assert item["articleBody"] == f"{text}\n\n{P2}"


@pytest.mark.parametrize(
    "first",
    [
        "Rusia-Ukraina kembali bertemu di meja perundingan pekan ini.",
        "Presiden mengatakan - dalam pidatonya - bahwa ekonomi tumbuh.",
        "Bank Indonesia (BI) menahan suku bunga acuan.",
    ],
)
def test_no_dateline_when_the_paragraph_does_not_open_with_one(first: str) -> None:
    item = extract(paras(first, P2))
    assert item["dateline"] is None
    assert item["articleBody"] == f"{first}\n\n{P2}"


# ---- text rendering ---------------------------------------------------------------------------------
def test_inline_tags_keep_their_text_and_spacing() -> None:
    text = (
        "Laporan bahwa <a href='/tag/rusia/'>Rusia</a> meminta <strong>China</strong> memasok "
        "<em>senjata</em>, kata <b>pejabat</b> <i>AS</i> di <span>Roma</span>."
    )
    assert body(paras(text)) == "Laporan bahwa Rusia meminta China memasok senjata, kata pejabat AS di Roma."


def test_br_splits_lines_and_whitespace_folds() -> None:
    got = body("<p>Baris   pertama\n  di sini<br/>Baris&nbsp;kedua&amp;nbsp;juga</p><p>Paragraf dua.</p>")
    assert got == "Baris pertama di sini\nBaris kedua juga\n\nParagraf dua."


@pytest.mark.parametrize(
    ("tail", "source", "codes"),
    [
        (" (Sumber: Antara)", "Antara", []),
        (" [Sumber: Kompas.com]", "Kompas.com", []),
        (" (sumber : antaranews.com)", "antaranews.com", []),
        (" (Sumber: Antara) (pia)", "Antara", ["pia"]),
    ],
)
def test_a_syndication_note_closing_the_story_becomes_its_source(tail: str, source: str, codes: list) -> None:
    item = extract(paras(P1, P2, P3 + tail))
    assert (item["articleBody"], item["source"], item["reporterCodes"]) == (CLEAN, source, codes)


@pytest.mark.parametrize("tail", [" (sumber data: BPS).", " di bidang SDM (sumber daya manusia)"])
def test_a_parenthesis_naming_no_source_of_the_story_stays(tail: str) -> None:
    assert body(paras(P1, P2, P3[:-1] + tail)) == "\n\n".join([P1, P2, P3[:-1] + tail])


@pytest.mark.parametrize(
    ("embed", "kept"),
    [
        (
            '<blockquote class="instagram-media"><a href="/p/C1/">Lihat postingan ini di Instagram</a>'
            '<p><a href="/p/C1/">Sebuah kiriman dibagikan oleh Raffi Ahmad (@raffinagita1717)</a></p>'
            "</blockquote>",
            [],
        ),
        (
            '<blockquote class="instagram-media"><a href="/p/C1/">View this post on Instagram</a>'
            '<p><a href="/p/C1/">A post shared by Raffi Ahmad (@raffinagita1717)</a></p></blockquote>',
            [],
        ),
        (  # the quoted post's text stays (the bench pages' truth keeps quoted posts), its byline goes
            '<div class="fb-post"><blockquote><p>Harga cabai naik di 12 provinsi</p>Posted by '
            '<a href="/k">Kementan</a> on Friday, March 3, 2023</blockquote></div>',
            ["Harga cabai naik di 12 provinsi"],
        ),
    ],
)
def test_an_embedded_social_posts_chrome_leaves_the_body(embed: str, kept: list) -> None:
    assert body(paras(P1) + embed + paras(P2, P3)) == "\n\n".join([P1, *kept, P2, P3])


def test_text_escaped_twice_shows_its_characters_not_their_references() -> None:
    """``&amp;quot;`` in the HTML shows as ``&quot;``: a portal's double escaping, put back; a reference
    needs its semicolon (``&region=`` in a pasted URL is no ``&reg``)."""
    got = body(
        "<p>Menurut dia, &amp;quot;harga cabai&amp;quot; naik &amp;#8211; kata pedagang PT Maju &amp;amp; "
        "Jaya.</p><p>Lihat https://contoh.id/?a=1&amp;region=2 untuk rinciannya.</p>"
    )
    assert got == (
        'Menurut dia, "harga cabai" naik – kata pedagang PT Maju & Jaya.\n\n'
        "Lihat https://contoh.id/?a=1&region=2 untuk rinciannya."
    )


def test_scripts_styles_ads_share_related_comments_are_pruned() -> None:
    content = (
        paras(P1)
        + "<script>var x = 'Baca ini';</script><style>p{color:red}</style>"
        + '<ins class="adsbygoogle"></ins><div id="MIXADV_77" class="MIXADVERT_NET">iklan</div>'
        + '<div class="sharedaddy"><a href="#">Bagikan ke Facebook</a></div>'
        + paras(P2)
        + '<div class="jp-relatedposts"><h3>Terkait</h3><p>Judul terkait yang panjang sekali</p></div>'
        + '<div class="post-share-buttons">Twitter Facebook</div>'
        + paras(P3)
        + '<div id="comments"><p>Komentar pembaca yang cukup panjang untuk terlihat.</p></div>'
    )
    assert body(content) == CLEAN


def test_profile_noise_selectors_and_markers_apply() -> None:
    from dataclasses import replace

    profile = replace(
        load_profile("jagatbisnis"), noise_selectors=(".promo-box",), noise_markers=("IKLAN JASAPRO",)
    )
    html = page(paras(P1) + '<div class="promo-box">Promo hari ini</div>' + paras("IKLAN JASAPRO", P2))
    assert extract_article(html, URL, profile)["articleBody"] == f"{P1}\n\n{P2}"


def test_mojibake_and_tinymce_placeholder_are_repaired() -> None:
    got = body(paras("Pelatih SÃ¡rneczky memuji timnya.#mce_temp_url#", P2))
    assert got == f"Pelatih Sárneczky memuji timnya.\n\n{P2}"


# ---- shapes seen on real portals that the generic path meets -------------------------------------------
def test_brand_without_a_domain_dateline() -> None:
    item = extract(paras("Jakarta, CNN Indonesia -- " + P1, P2))
    assert item["dateline"] == "Jakarta"
    assert item["articleBody"] == f"{P1}\n\n{P2}"


def test_dateline_alone_in_its_own_block_before_the_first_paragraph() -> None:
    item = extract("<div><strong>Jakarta</strong> -</div>" + paras(P1, P2))
    assert item["dateline"] == "Jakarta"
    assert item["articleBody"] == f"{P1}\n\n{P2}"


def test_header_date_line_leading_the_body_is_dropped() -> None:
    item = extract(paras("Selasa, 17 Juni 2025 / 16:05 WIB", "KONTAN.CO.ID - JAKARTA. " + P1, P2))
    assert item["dateline"] == "JAKARTA"
    assert item["articleBody"] == f"{P1}\n\n{P2}"


def test_a_date_line_inside_the_body_stays() -> None:
    assert body(paras(P1, "Senin, 16 Juni 2025", P2)) == f"{P1}\n\nSenin, 16 Juni 2025\n\n{P2}"


def test_okezone_reporter_line_is_a_byline() -> None:
    line = "Puteranegara Batubara , Jurnalis · Senin, 16 Juni 2025 |15:20 WIB"
    assert body(paras(line, P1, P2, P3)) == CLEAN


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © ANTARA 2025",
        "© 2025 JagatBisnis.com",
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs "
        "web ini tanpa izin tertulis dari Kantor Berita ANTARA.",
    ],
)
def test_copyright_lines_after_the_reporter_code(line: str) -> None:
    item = extract(paras(P1, P2 + " (*)", line))
    assert item["articleBody"] == f"{P1}\n\n{P2}"
    assert item["reporterCodes"] == ["*"]


def test_syndication_notice_split_over_two_paragraphs() -> None:
    item = extract(paras(P1, P2 + " (pia)", "Artikel ini telah tayang di", "CNN Indonesia."))
    assert item["articleBody"] == f"{P1}\n\n{P2}"
    assert item["source"] == "CNN Indonesia"
    assert item["reporterCodes"] == ["pia"]


def test_generic_path_cuts_a_run_on_insert_by_its_link() -> None:
    html = page(
        paras(P1)
        + "<p>IHSG ditutup di 6.186,87. <strong>Baca Juga:</strong> <a href='/a/'>IHSG Menguat 2,91% "
        "Sepekan, Net Buy Asing Capai Rp 1,2 Triliun</a> Investor asing mencatatkan beli bersih "
        "Rp 412 miliar.</p>" + paras(P2, P3)
    ).replace('class="entry-content"', 'class="isi-artikel"')
    item = extract_article(html, URL, load_profile("jagatbisnis"))
    assert item["extractedBy"] == "generic"
    assert (
        "IHSG ditutup di 6.186,87. Investor asing mencatatkan beli bersih Rp 412 miliar."
        in item["articleBody"]
    )


def test_double_br_is_a_paragraph_break_and_single_br_a_line_break() -> None:
    content = f"<div>{P1}<br><br>\n{P2}<br>baris kedua<br/> <br />{P3}</div>"
    assert body(content) == f"{P1}\n\n{P2}\nbaris kedua\n\n{P3}"


@pytest.mark.parametrize(
    "widget", ["1 2 Halaman selanjutnya Tampilkan Semua", "1 2 Halaman Selanjutnya »", "« 1 2 3 »"]
)
def test_page_number_widget_lines_are_dropped(widget: str) -> None:
    assert body(paras(P1, P2, P3, widget)) == CLEAN


def test_wp_link_pages_widget_is_noise_and_the_reporter_code_stays_last() -> None:
    """WordPress core renders ``wp_link_pages`` inside the post content, after the last paragraph."""
    widget = (
        '<div class="page-links">Halaman: <span class="post-page-numbers current">1</span> '
        '<a class="post-page-numbers" href="/2025/06/18/contoh-berita/2/">2</a></div>'
    )
    item = extract(paras(P1, P2, f"{P3} (pia)") + widget)
    assert item["articleBody"] == CLEAN
    assert item["reporterCodes"] == ["pia"]


@pytest.mark.parametrize("widget", ["Halaman: 1 2", "Halaman 1 2 3", "Pages: 1 2", "Page 2", "halaman : 12"])
def test_page_links_debris_without_its_class_is_dropped(widget: str) -> None:
    item = extract(paras(P1, P2, f"{P3} (pia)") + f"<p>{widget}</p>")
    assert item["articleBody"] == CLEAN
    assert item["reporterCodes"] == ["pia"]


def test_a_long_run_of_numbers_is_read_in_bounded_memory_and_is_no_page_widget() -> None:
    """A page-number widget shows a few dozen items at most. The widget patterns are bounded: a turn of a
    repeated group costs the regex engine a record, and an unbounded repeat took ~10 MB for every
    100,000 characters of a paragraph of numbers (~400 MB on a 4 MB page)."""
    numbers = " ".join(str(1990 + i % 30) for i in range(40_000))  # 200 KB: a table flattened to a line
    tracemalloc.start()
    try:
        assert BOILERPLATE_LINE.match(numbers) is None
        assert BOILERPLATE_LINE.match("Halaman: " + numbers) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert body(paras(P1, numbers)) == f"{P1}\n\n{numbers}"
    assert body(paras(P1, P2, P3, " ".join(str(n) for n in range(1, 40)) + " Next »")) == CLEAN


@pytest.mark.parametrize("kept", ["Halaman 12 memuat daftar nama calon.", "Pages: lihat lampiran 2"])
def test_a_sentence_starting_with_halaman_stays(kept: str) -> None:
    assert body(paras(P1, kept)) == f"{P1}\n\n{kept}"


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Raden Mas Muhammad Ridwan Hidayatullah Saputra Kusumanegara, kontributor Bandung", True),
        ("Raden Mas Muhammad Ridwan Hidayatullah Saputra Kusumanegara  , reporter", True),
        # the first comma past 60 characters: a sentence, not a name and a role
        ("Wakil Ketua Komisi XI DPR dari Fraksi Partai Golkar Muhammad Misbakhun, wartawan", False),
        ("Ia bercerita, wartawan itu datang pagi", True),  # (the pattern's reach; the caller limits it)
        ("Ia bercerita kepada wartawan itu", False),
    ],
)
def test_byline_pattern_name_before_the_comma(line: str, byline: bool) -> None:
    from crawler.extract.byline import is_byline

    assert is_byline(line) is byline


@pytest.mark.parametrize(
    "line",
    [
        "Artikel ini telah tayang di",
        "ADVERTISEMENT",
        "- Advertisement -",
        "Baca Juga",
        "Berita Terkait :",
        "Baca juga: Rupiah Melemah Tipis Sore Ini",
        "(Baca juga: Inflasi Mei 2025 Terkendali)",
        "• <a href='/a/'>Kronologi Kebakaran Pasar Senen</a>",
        "sumber : Antara",
        'Artikel ini telah tayang di Kompas.com dengan judul "Contoh Judul Asli"',
        "1 2 Halaman selanjutnya Tampilkan Semua",
        "Copyright © 2025 JagatBisnis",
    ],
)
def test_every_anchored_line_check_is_behind_the_opening_test(line: str) -> None:
    """``keep_line`` runs its anchored line patterns only on a line ``_LINE_PATTERNS`` opens."""
    from crawler.extract.clean import _LINE_PATTERNS

    assert _LINE_PATTERNS.match(re.sub(r"<[^>]+>", "", line))
    assert body(paras(P1, P2, P3, line)) == CLEAN


@pytest.mark.parametrize("kept", [P1, "Ia menyebut Baca Juga sebagai rubrik.", "“Kami siap,” kata dia."])
def test_an_ordinary_sentence_skips_the_anchored_line_checks(kept: str) -> None:
    from crawler.extract.clean import _LINE_PATTERNS

    assert _LINE_PATTERNS.match(kept) is None


@pytest.mark.parametrize(
    ("last", "kept", "code"),
    [
        # brackets earlier in the paragraph: the code is the one closing it
        (
            "PT Pertamina (Persero) menaikkan harga [BBM] nonsubsidi mulai Sabtu (1/6), kata dia. (ant)",
            "PT Pertamina (Persero) menaikkan harga [BBM] nonsubsidi mulai Sabtu (1/6), kata dia.",
            "ant",
        ),
        ("Harga (BBM) naik lagi, katanya . .  [kpl/pur]", "Harga (BBM) naik lagi, katanya . .", "kpl/pur"),
        ("Rapat digelar di Gedung (DPR) Senayan. (ant) ", "Rapat digelar di Gedung (DPR) Senayan.", "ant"),
        # the last bracket closes nothing at the end: no code
        (
            "Rapat (tertutup) digelar (pukul 10.00) di Senayan.",
            "Rapat (tertutup) digelar (pukul 10.00) di Senayan.",
            None,
        ),
        ("Ia menyebut (kami (pia)", "Ia menyebut (kami", "pia"),
    ],
)
def test_reporter_code_search_starts_at_the_last_bracket(last: str, kept: str, code: str | None) -> None:
    from crawler.extract.byline import split_reporter_code

    assert split_reporter_code(last) == (kept, code)


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("Jakarta -", "Jakarta"),
        ("Jakarta –", "Jakarta"),
        ("JAKARTA, KOMPAS.com —", "JAKARTA, KOMPAS.com"),
        ("Mataram, NTB (ANTARA) --", "Mataram, NTB (ANTARA)"),
        ("Jakarta -\n", "Jakarta"),  # ``$`` before a closing newline
    ],
)
def test_a_bare_dateline_ends_with_its_dash(line: str, dateline: str) -> None:
    from crawler.extract.byline import split_dateline

    assert split_dateline(line) == ("", dateline)


@pytest.mark.parametrize(
    "pattern", [r"(baca) juga \1", r"(?P<label>baca) (?P=label)", r"(baca)?(?(1) juga|lihat)"]
)
def test_a_line_pattern_the_union_would_change_is_refused(pattern: str) -> None:
    """The union renumbers and unnames groups: a back-reference in it would refer to another group, and
    the lines its pattern matches would skip the checks unnoticed. Such a pattern is refused at import."""
    from crawler.extract.clean import _union

    with pytest.raises(ValueError, match="back-reference"):
        _union(re.compile(pattern, re.IGNORECASE))


def test_a_story_closed_by_its_source_keeps_its_last_sentence() -> None:
    """A short last paragraph that ends "kata dia. (Sumber: Antara)" is the story's: its source leaves
    for the ``source`` field, the sentence stays (only a title over its source is a caption)."""
    last = "Harga beras naik lagi pekan ini, kata dia. (Sumber: Antara)"
    assert body(paras(P1, P2, last)) == f"{P1}\n\n{P2}\n\nHarga beras naik lagi pekan ini, kata dia."


def test_a_widgets_titles_after_a_lone_reporter_code_leave_the_body() -> None:
    """okezone 2020 (written here): the code closes the story, a video widget's titles follow it."""
    item = extract(paras(P1, P2, "(fbn)", "Golden Scene", "Mood Booster - Apace di Rumah"))
    assert (item["articleBody"], item["reporterCodes"]) == (f"{P1}\n\n{P2}", ["fbn"])


def test_a_sentence_after_a_lone_code_keeps_the_body_as_it_is() -> None:
    kept = "Pertandingan berikutnya digelar pekan depan."
    item = extract(paras(P1, "(fbn)", kept))
    assert item["articleBody"] == f"{P1}\n\n(fbn)\n\n{kept}" and item["reporterCodes"] == []


def test_a_republication_note_under_the_story_leaves_for_the_source_field() -> None:
    """detik 2022 (written here): a rule, then "Artikel ini telah naik di detikBali dan bisa dibaca
    selengkapnya di sini."."""
    note = "Artikel ini telah naik di detikBali dan bisa dibaca selengkapnya di sini."
    item = extract(paras(P1, P2, "-----", note))
    assert (item["articleBody"], item["source"]) == (f"{P1}\n\n{P2}", "detikBali")
