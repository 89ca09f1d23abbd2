"""Page furniture that real portals put inside the article body: inserts, ads, follow-us prompts, bylines.

Every builder returns HTML. None of it belongs to the truth body: the site places these fragments
between or inside clean paragraphs, and the truth is written from the paragraphs alone.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

Link = tuple[str, str]  # (title, href)


def _a(link: Link, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{escape(link[1])}"{attr}>{escape(link[0])}</a>'


def _ul(links: list[Link]) -> str:
    return "<ul>" + "".join(f"<li>{_a(x)}</li>" for x in links) + "</ul>"


# "Baca Juga" family between paragraphs: name -> builder(links). Each uses links[0], some links[:3].
INSERTS: dict[str, Callable[[list[Link]], str]] = {
    "own_space_colon": lambda ls: f"<p>Baca Juga : &nbsp; {_a(ls[0])}</p>",
    "own_title_case": lambda ls: f"<p>Baca Juga: {_a(ls[0])}</p>",
    "own_lower": lambda ls: f"<p>Baca juga: {_a(ls[0])}</p>",
    "kompas_strong": lambda ls: f"<p><strong>Baca juga: {_a(ls[0], 'inner-link-baca-juga')}</strong></p>",
    "detik_linksisip": lambda ls: (
        '<table class="linksisip"><tbody><tr><td><div class="lihatjg">'
        f"<strong>Baca juga: </strong>{_a(ls[0])}</div></td></tr></tbody></table>"
    ),
    "bare_heading_list": lambda ls: f"<p><strong>Baca Juga</strong></p>{_ul(ls[:3])}",
    "bare_label_only": lambda ls: "<p>Baca Juga:</p>",
    "label_next_line": lambda ls: f"<p>BACA JUGA:</p><p>{_a(ls[0])}</p>",
    "label_br_list": lambda ls: "<p>Baca juga:<br>" + "<br>".join(_a(x) for x in ls[:2]) + "</p>",
    "bullet": lambda ls: f"<p>• {_a(ls[0])}</p>",
    "lihat_juga": lambda ls: f"<p>Lihat Juga: {_a(ls[0])}</p>",
    "parenthesised": lambda ls: f"<p>(Baca juga: {_a(ls[0])})</p>",
    "viva_comments": lambda ls: (
        f'<!--BACA JUGA START--><div class="baca-juga"><strong>BACA JUGA:</strong>{_ul(ls[:2])}</div>'
        "<!--BACA JUGA END -->"
    ),
    "no_space": lambda ls: f"<p>Baca juga:{_a(ls[0])}</p>",
    "upper": lambda ls: f"<p>BACA JUGA: {_a(ls[0])}</p>",
    "lower_all": lambda ls: f"<p>baca juga: {_a(ls[0])}</p>",
}

# Teasers after the last paragraph.
TEASERS: dict[str, Callable[[list[Link]], str]] = {
    "selanjutnya": lambda ls: f"<p>Selanjutnya: {_a(ls[0])}</p>",
    "pilihan_editor": lambda ls: f"<p><strong>Pilihan Editor:</strong> {_a(ls[0])}</p>",
    "berita_terkait": lambda ls: f"<h3>Berita Terkait</h3>{_ul(ls[:3])}",
    "berita_terkait_upper": lambda ls: f"<p><strong>BERITA TERKAIT</strong></p>{_ul(ls[:3])}",
    "berita_lainnya": lambda ls: f"<p>Berita Lainnya</p>{_ul(ls[:3])}",
}


def inline_insert(link: Link) -> str:
    """An insert running on inside a paragraph (kontan AMP): the text after it must stay."""
    return f" Baca Juga: {_a(link)}"


ADSENSE = (
    '<div class="code-block code-block-2"><span class="ad-label">- Advertisement -</span>'
    '<ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" '
    'data-ad-format="fluid" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1234567890"></ins>'
    "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
)


def mixadvert(slot: int) -> str:
    """The MIXADVERT JASAPRO slot that closes JagatBisnis bodies."""
    return (
        f'<div id="MIXADV_{slot}" class="MIXADVERT_NET"></div>'
        f'<script type="text/javascript" src="https://m.mixadvert.com/show/?id={slot}" async></script>'
        "<p>MIXADVERT JASAPRO</p>"
    )


# Whole lines that are never article text (section 5): name -> builder(related headline, site name).
BOILERPLATE: dict[str, Callable[[str, str], str]] = {
    "advertisement_caps": lambda t, site: "<p>ADVERTISEMENT</p>",
    "scroll_to_continue": lambda t, site: "<p>SCROLL TO CONTINUE WITH CONTENT</p>",
    "advertisement_word": lambda t, site: '<div class="advertisement">Advertisement</div>',
    "wp_advertisement": lambda t, site: ADSENSE,
    "simak_video": lambda t, site: (
        f'<p><strong>Simak juga Video: {escape(t)}</strong></p><div class="embed-video"></div>'
    ),
    "lihat_video": lambda t, site: f"<p>Lihat juga Video '{escape(t)}':</p>",
    "simak_video_quote": lambda t, site: f"<p>Simak Video '{escape(t)}':</p>",
    "live_detikpagi": lambda t, site: "<p>Saksikan Live DetikPagi:</p>",
    "video_pilihan": lambda t, site: "<p>Simak juga video pilihan berikut ini:</p>",
    "gambas_20detik": lambda t, site: "<p>[Gambas:Video 20detik]</p>",
    "gambas_cnn": lambda t, site: "<p>[Gambas:Video CNN]</p>",
    "gambas_instagram": lambda t, site: "<p>[Gambas:Instagram]</p>",
    "gambas_twitter": lambda t, site: "<p>[Gambas:Twitter]</p>",
    "gambas_youtube": lambda t, site: "<p>[Gambas:Youtube]</p>",
    "google_news": lambda t, site: (
        '<p>Cek Berita dan Artikel yang lain di <a href="https://news.google.com/">Google News</a></p>'
    ),
    "whatsapp_channel": lambda t, site: "<p>Ikuti Whatsapp Channel Republika</p>",
    "whatsapp_paragraph": lambda t, site: (
        f"<p>Dapatkan update berita pilihan dan breaking news setiap hari dari {site}. "
        f'Mari bergabung di saluran WhatsApp {site}, caranya klik <a href="/whatsapp/"'
        ">tautan ini</a>.</p>"
    ),
    "telegram_paragraph": lambda t, site: (
        f"<p>Dapatkan update berita pilihan setiap hari dari {site}. Mari bergabung di Grup Telegram "
        f'"{site} News Update", caranya klik <a href="/telegram/">link</a>, kemudian join.</p>'
    ),
    "kompas_plus": lambda t, site: "<p>Baca berita tanpa iklan. Gabung Kompas.com+</p>",
    "sedikit_iklan": lambda t, site: (
        '<p>Baca berita dengan sedikit iklan, <a href="/langganan/">klik di sini</a></p>'
    ),
    "font_buttons": lambda t, site: (
        '<div class="font-size"><button>A</button>\n<button>A</button>\n<button>A</button></div>'
    ),
    "loading": lambda t, site: '<p class="loader">loading...</p>',
    "zoom": lambda t, site: "<p>zoom-in-whitePerbesar</p>",
}
INLINE_BOILERPLATE = " SCROLL TO CONTINUE WITH CONTENT "

# Byline lines inside the body (section 6): builder(reporter, editor, site name).
BYLINES_WITHOUT_EDITOR = frozenset({"laporan_wartawan"})
BYLINES: dict[str, Callable[[str, str, str], str]] = {
    "reporter_editor": lambda r, e, s: f"<p>Reporter: {escape(r)} | Editor: {escape(e)}</p>",
    "penulis_editor": lambda r, e, s: f"<p>Penulis: {escape(r)} | Editor: {escape(e)}</p>",
    "laporan_wartawan": lambda r, e, s: f"<p><strong>Laporan Wartawan {s}, {escape(r)}</strong></p>",
    "pewarta": lambda r, e, s: f"<p>Pewarta: {escape(r)}<br>Editor: {escape(e)}</p>",
    "rep_red": lambda r, e, s: f"<p>Rep: {escape(r)}/ Red: {escape(e)}</p>",
}

# Syndication: source name -> (dateline html, dateline truth, closing-notice builder(headline)); the truth
# of a dateline is its place, without the brand.
SYNDICATION: dict[str, tuple[str, str, Callable[[str], str]]] = {
    "Antara": ("Jakarta (ANTARA) – ", "Jakarta", lambda h: "<p>sumber : Antara</p>"),
    "Kompas.com": (
        "JAKARTA, KOMPAS.com - ",
        "JAKARTA",
        lambda h: f'<p>Artikel ini telah tayang di Kompas.com dengan judul "{escape(h)}"</p>',
    ),
    "CNN Indonesia": (
        "Jakarta, CNN Indonesia -- ",
        "Jakarta",
        lambda h: "<p>Artikel ini telah tayang di<br>CNN Indonesia.</p>",
    ),
}


def datelines(site: str) -> tuple[tuple[str, str | None], ...]:
    """Datelines that are not syndication, as (html, truth): the site's own in every dash (the brand alone:
    no place), then others'."""
    own = tuple((f"{site}{dash}", None) for dash in (" –&nbsp;", " - ", "&nbsp;-&nbsp;", " — ", " -- "))
    return own + OTHER_DATELINES


# detik writes the dateline as a <strong> before the first <p> (the body renders it outside the paragraph).
DETIK_DATELINE = ("<strong>Jakarta</strong> - ", "Jakarta")

OTHER_DATELINES: tuple[tuple[str, str | None], ...] = (
    ("KONTAN.CO.ID - JAKARTA. ", "JAKARTA"),
    ("REPUBLIKA.CO.ID, CIREBON -- ", "CIREBON"),
    ("Liputan6.com, Jakarta - ", "Jakarta"),
    ("TEMPO.CO, Jakarta - ", "Jakarta"),
)

# Reporter codes closing the last paragraph: (html appended to the paragraph, code in the truth).
REPORTER_CODES: tuple[tuple[str, str], ...] = (
    (" (pia)", "pia"),
    (" (mea/mea)", "mea/mea"),
    (" (rrd/rir)", "rrd/rir"),
    (" (dru/dru)", "dru/dru"),
    (" (ian)", "ian"),
    (" (*)", "*"),
    (" (*/win)", "*/win"),
    (" (kha)", "kha"),
    (" (Hantoro)", "Hantoro"),
    (" (Arief Setyadi )", "Arief Setyadi"),
    ("(ara/jpnn)", "ara/jpnn"),
    (" [ian]", "ian"),
    (" (RMI/JAY/ES)", "RMI/JAY/ES"),
)
