"""A photo page's body is its captions, each with the photo credit it ends in ("… (Liputan6.com/Faizal
Fanani)"): the rule that drops a caption left among an article's paragraphs does not apply to them, on the
liputan6 profile (its photo pages at ``www.liputan6.com/photo/read/…``) and on the generic path."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.profiles import load_profile

CAPTIONS = (
    "Warga melintasi banjir yang merendam permukiman di kawasan Kampung Melayu, Jakarta, Selasa (5/3/2024). "
    "Hujan deras sejak dini hari membuat Kali Ciliwung meluap hingga ketinggian air mencapai satu meter. "
    "(Liputan6.com/Faizal Fanani)",
    "Petugas gabungan mengevakuasi warga lanjut usia menggunakan perahu karet di Kampung Melayu, Jakarta, "
    "Selasa (5/3/2024). Sebanyak 300 kepala keluarga terdampak banjir kiriman dari Bogor tersebut. "
    "(Liputan6.com/Faizal Fanani)",
    "Anak-anak bermain air di tengah banjir yang menggenangi jalan permukiman di Kampung Melayu, Jakarta, "
    "Selasa (5/3/2024). Warga berharap normalisasi sungai segera dilanjutkan pemerintah provinsi. "
    "(Liputan6.com/Faizal Fanani)",
    "Seorang warga menyelamatkan barang berharga dari rumahnya yang terendam banjir di Kampung Melayu, "
    "Jakarta, Selasa (5/3/2024). BPBD DKI mencatat 40 RT terendam sejak pagi hari. "
    "(Liputan6.com/Faizal Fanani)",
)


def photo_page(host: str, path: str, captions: tuple[str, ...] = CAPTIONS) -> str:
    items = "".join(
        f"""<div class="read-page--photo-gallery--item" data-index="{i}">
<figure class="read-page--photo-gallery--item__figure"><img src="https://cdn1-production-images-kly.akamaized.net/{i}.jpg"
alt="Banjir Kampung Melayu"></figure>
<div class="read-page--photo-gallery--item__caption"><p>{caption}</p></div></div>"""
        for i, caption in enumerate(captions, 1)
    )
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>FOTO: Banjir Rendam Permukiman di Kampung Melayu - Foto Liputan6.com</title>
<link rel="canonical" href="https://{host}{path}">
<meta property="article:published_time" content="2024-03-05T10:15:00+07:00"></head>
<body><header class="navbar"><a href="/">Liputan6</a> <a href="/news">News</a></header>
<article class="hentry main read-page--photo-gallery">
<header class="read-page--header">
<h1 class="read-page--header--title entry-title">FOTO: Banjir Rendam Permukiman di Kampung Melayu</h1>
<div class="read-page--header--author"><a class="read-page--header--author__link" href="/me">
<span class="read-page--header--author__name">Faizal Fanani</span></a>
<time class="read-page--header--author__datetime updated" datetime="2024-03-05 10:15:00">
05 Mar 2024, 10:15 WIB</time>
</div></header>{items}</article></body></html>"""


@pytest.mark.parametrize(
    ("host", "path", "profile"),
    [
        (
            "www.liputan6.com",
            "/photo/read/5543210/foto-banjir-rendam-permukiman-di-kampung-melayu",
            "liputan6",
        ),
        ("www.kabarfoto.id", "/photo/read/5543210/foto-banjir-rendam-permukiman-di-kampung-melayu", None),
        ("www.kabarfoto.id", "/foto/2024/03/05/banjir-rendam-permukiman-di-kampung-melayu", None),
    ],
)
def test_a_photo_page_with_long_captions_is_a_gallery_of_them(
    host: str, path: str, profile: str | None
) -> None:
    item = extract_article(
        photo_page(host, path), f"https://{host}{path}", load_profile(profile) if profile else None
    )
    assert item["kind"] == "gallery"
    assert item["articleBody"] == "\n\n".join(CAPTIONS)


def test_the_liputan6_profile_knows_its_photo_pages_on_the_main_host() -> None:
    """Its photo pages left ``photo.liputan6.com`` for ``www.liputan6.com/photo/read/…``: one with a lead
    of its own longer than a teaser is a gallery all the same."""
    profile = load_profile("liputan6")
    path = "/photo/read/5543210/foto-banjir-rendam-permukiman-di-kampung-melayu"
    assert profile.is_gallery_url(f"https://www.liputan6.com{path}")
    assert profile.is_gallery_url("https://photo.liputan6.com/musik/hadiri-grammy-awards-2016-taylor-swift")
    assert not profile.is_gallery_url("https://www.liputan6.com/news/read/5543211/banjir-kampung-melayu")
    lead = "<p>" + " ".join(CAPTIONS).replace("(Liputan6.com/Faizal Fanani)", "") + "</p>"
    first = '<div class="read-page--photo-gallery--item" data-index="1">'
    html = photo_page("www.liputan6.com", path).replace(
        first, f'<div class="article-content-body">{lead}</div>{first}'
    )
    assert extract_article(html, f"https://www.liputan6.com{path}", profile)["kind"] == "gallery"


def test_a_photo_viewers_own_labels_are_no_text_of_the_gallery() -> None:
    lead = "Gardu induk baru di Balaraja resmi beroperasi untuk mendukung kawasan industri di Tangerang."
    caption = "Petugas memeriksa panel gardu induk di Balaraja, Tangerang."
    html = f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Gardu Induk Baru Resmi Beroperasi - Foto Bisnis</title></head><body>
<div class="content_detail"><div class="detail_profil"><div class="date">Selasa, 23/02/2024 15:32 WIB</div>
<h1>Gardu Induk Baru Resmi Beroperasi</h1><strong>Fotografer: Grandyos Zafna</strong>
<div class="text_gal">{lead}</div>
<div class="gallery_view"><img src="https://images.kabarfoto.id/1.jpg" alt="Gardu induk">
<div class="gal_rating"><span class="text">{caption}</span></div>
<div class="vote_galeri"><div class="star"><div class="block pb5">Rating ( voters)</div></div>
<div class="satu"><strong>Vote Photo</strong><br>
<form><input type="radio" name="r" value="1"></form></div></div>
</div>
<div class="other_gal"><strong>More Photos</strong>
<ul><li><a href="/readfoto/2024/02/23/2/"><img src="2.jpg"></a></li>
<li><a href="/readfoto/2024/02/23/3/"><img src="3.jpg"></a></li></ul></div>
<div class="other_gal"><strong>Foto Lainnya</strong></div>
</div></div></body></html>"""
    url = "https://finance.kabarfoto.id/readfoto/2024/02/23/153201/3149106/461/1/gardu-induk-baru"
    item = extract_article(html, url)
    assert (item["kind"], item["articleBody"]) == ("gallery", f"{lead}\n\n{caption}")
