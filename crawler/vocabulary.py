"""The words that say "this is not article text": widget classes, inserts, ads, follow prompts, leaks.

One module, so that what the page pruner and the cleaner remove and what the leak monitor looks for in
an exported body cannot drift apart: the leak pattern is built from the cleaner's own line and inline
patterns (see :data:`LEAK_MARKERS`), and ``tests/unit/test_vocabulary.py`` checks both directions on sample
lines. The logic that applies these words stays where it is used (``crawler/extract/noise.py``,
``inserts.py``, ``generic_furniture.py``, ``crawler/monitoring``); only the words live here.

Pure: the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# ---- widget classes and ids, pruned from a body container (``crawler/extract/prune.py``) ----------------
NOISE_CLASSES = frozenset(
    {
        "wp-caption",
        "wp-caption-text",
        "adsbygoogle",
        "MIXADVERT_NET",
        "linksisip",
        "lihatjg",
        "sharedaddy",
        "jp-relatedposts",
        "addtoany_share_save_container",
        "yarpp-related",
        "crp_related",
        "comments-area",
        "code-block",
        "td-a-rec",
        "jeg_ad",
        "td-post-featured-image",
        # WordPress wp_link_pages: "Halaman: 1 2" under a post split with <!--nextpage-->
        "page-links",
        "post-page-numbers",
    }
)
NOISE_IDS = frozenset({"comments", "respond", "jp-relatedposts"})
NOISE_ID_PREFIXES = ("MIXADV", "div-gpt-ad", "google_ads")

# class/id words (split on space, "-" and "_") that mark a widget, never article text. Narrower than
# FURNITURE_TOKEN below: it is applied inside a container the profile chose as the body.
NOISE_CLASS_WORDS = re.compile(
    r"""^(?:share|sharing|sharer|social|socials|related|relatedposts|comment|comments|respond|
    ads|adsbygoogle|advert|advertisement|advertising|iklan|bacajuga|newsletter|subscribe|sidebar|
    widget|breadcrumb|breadcrumbs|authorbox|pagination|tags|sponsor|sponsored|banner|popup)$""",
    re.IGNORECASE | re.VERBOSE,
)

# class words beside ``widget`` that name a widget holding the article itself, never noise: Blogger's posts
# widget (``<div class='widget Blog' id='Blog1'>``: the story, its day header and timestamp), where its
# other widgets (``PopularPosts``, ``Label``, ``HTML``) are the sidebar's; matched case-sensitively, whole
CONTENT_WIDGET_WORDS = frozenset({"Blog"})

# ---- page furniture for the generic body finder (``crawler/extract/generic_furniture.py``) -------------
# class/id tokens that mark furniture: one of these words as a whole part of the token (split on - and _).
FURNITURE_TOKEN = re.compile(
    r"(?:^|[-_])(comments?|commentlist|komentar|disqus|sidebar|related|recommend\w*|rekomendasi|terkait|"
    r"baca[-_]?juga|lihat[-_]?juga|lainnya|popular|populer|terpopuler|terbaru|pilihan|bagikan|trending|"
    r"share|sharing|sharebar|social|sosmed|newsletter|subscribe|subscription|signup|promo|"
    r"sponsored|advert\w*|ads?|adv|iklan|banner|breadcrumbs?|pagination|pager|navbar|nav|menu|footer|byline|"
    r"bio|caption|credits?|copyright|cookies?|popup|modal|outbrain|taboola|disclaimer|tags)(?:$|[-_])"
    r"|^widget"
)
# Tokens naming the article text itself; an element carrying one is never furniture.
ARTICLE_TOKEN = re.compile(
    r"(article|entry|post|story|news|main|page|single)[-_]?(body|content|text|detail)|^content$|^article$",
)
# Class words WordPress derives from the post's own categories and tags; they say nothing about layout.
TAXONOMY_CLASS = re.compile(r"^(tag|category|post_tag|format|post|type|status)-")

# ---- ``<!--BACA JUGA START-->`` ... ``<!--BACA JUGA END -->`` comment ranges (viva) ----------------------
RANGE_START = re.compile(r"^\s*baca\s*juga\s*start\s*$", re.IGNORECASE)
RANGE_END = re.compile(r"^\s*baca\s*juga\s*end\s*$", re.IGNORECASE)

# ---- related-article inserts, the "Baca Juga" family (``crawler/extract/inserts.py``) ------------------
# Every pattern below is written in lower case and matched case-insensitively on one rendered line.
INSERT_LABEL = r"(?:baca|lihat|simak)\s*(?:juga|pula)|baca\s+selengkapnya|artikel\s+terkait|berita\s+terkait"
# a labelled insert line: label, a colon, then the title (possibly with no space: ``Baca juga:Title``)
LABELLED_LINE_PATTERN = (
    rf"^[\[(]?\s*(?:{INSERT_LABEL}|selanjutnya|pilihan\s+editor|berita\s+lainnya|rekomendasi)\s*:\s*\S"
)
# the English label over related links on the English pages of Indonesian portals (The Jakarta Post 2015:
# "Read also:" over a list of linked titles); only alone on its line, so a sentence saying it stays
ENGLISH_BARE_LABEL = r"read\s+(?:also|more)|also\s+read|see\s+also"
# a bare label: nothing after it, its titles (if shown) come on the following lines
BARE_LABEL_PATTERN = (
    rf"^(?:{INSERT_LABEL}|berita\s+lainnya|artikel\s+lainnya|rekomendasi|pilihan\s+editor|pilihan\s+untuk\s+anda"
    rf"|{ENGLISH_BARE_LABEL})"
    r"\s*:?\s*$"
)
# ``(Baca juga: Title)`` anywhere in a line (katadata)
PARENTHESISED_PATTERN = r"\(\s*(?:baca|lihat)\s*(?:juga|pula)\s*:[^()]*\)"
# a label running on inside a paragraph
RUN_ON_LABEL_PATTERN = r"\b(?:baca|lihat)\s*(?:juga|pula)\s*:\s*"

LABELLED_LINE = re.compile(LABELLED_LINE_PATTERN, re.IGNORECASE)
BARE_LABEL = re.compile(BARE_LABEL_PATTERN, re.IGNORECASE)
PARENTHESISED = re.compile(PARENTHESISED_PATTERN, re.IGNORECASE)
RUN_ON_LABEL = re.compile(RUN_ON_LABEL_PATTERN, re.IGNORECASE)
# a bulleted line; an insert when it is (mostly) link text
BULLET = re.compile(r"^[•·▪►»]\s*\S")


def _lines(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# ---- whole lines dropped wherever they appear: ads, embeds, follow prompts, nags, widget debris -------
PAGER_ITEMS = 60  # numbers, arrows and words of a page-number widget: real ones show up to ~20
BOILERPLATE_LINE_PATTERNS = (
    r"^-?\s*advertisement\s*-?$",
    r"^scroll to (?:continue|resume) (?:with )?content$",
    r"^mixadvert(?:\s+jasapro)?$",
    r"^simak(?:\s+juga)?\s+video\b.*$",
    r"^lihat(?:\s+juga)?\s+video\b.*$",
    r"^saksikan(?:\s+juga)?\s+(?:live|video)\b.*$",
    r"^tonton(?:\s+juga)?\s+video\b.*$",
    r"^cek berita dan artikel (?:yang )?lain(?:nya)? di google news\.?$",
    r"^ikuti\s+(?:whatsapp|wa)\s+channel\b.*$",
    r"^ikuti\s+(?:saluran|channel)\s+(?:whatsapp|wa|telegram)\b.*$",
    r"^baca berita (?:tanpa|dengan sedikit) iklan\b.*$",
    # a detik network page's pointer to the story's first publication: "Baca artikel detikfinance, "…"
    # selengkapnya https://…"
    r"^baca artikel \S+,?\s.{0,300}\bselengkapnya\b.*$",
    r"^gabung kompas\.com\+.*$",
    # the controls of a story shown as pages of one document (liputan6 and the KLY network, 2019-): "Scroll
    # down untuk melanjutkan membaca" between its pages, "2 dari 3 halaman" over each, "Lanjutkan Membaca ↓"
    # under the first, the zoom button's "Perbesar" under a picture
    r"^(?:scroll(?:\s+down)?|gulir(?:\s+ke\s+bawah)?)\s+untuk\s+melanjutkan(?:\s+membaca)?\.?$",
    r"^\d{1,3}\s+dari\s+\d{1,3}\s+halaman$",
    r"^lanjutkan\s+membaca\s*[↓⬇▼»>]?$",
    r"^view\s+in\s+single\s+page$",
    # an infographic's label or title among the pages, no sentence ("Infografis COVID-19:")
    r"^infografis\b[^.!?]{0,100}$",
    # a campaign's or a tag's hashtag alone on its line ("#ChangeMaker with FIMELA", "#Tips Memulai Bisnis"),
    # or a run of them ("#Jokowi #Pilpres #Politik": the tag list as text)
    r"^(?:#[^\W\d_][^#.!?]{0,60}){1,30}$",
    # a recommendation widget's label (Outbrain's)
    r"^recommended\s+by$",
    # a rule drawn in characters between the story and a note under it ("-----", "* * *")
    r"^(?:[-–—*•·]\s?){3,40}$",
    # a photo viewer's own labels: its rating widget ("Rating ( voters)", "Vote Photo") and the heading over
    # the other pictures ("More Photos", "Foto Lainnya")
    r"^rating\s*\(\s*\d*\s*(?:voters?|votes?|pemilih)\s*\)$",
    r"^(?:vote|rate)\s+(?:this\s+)?(?:photo|picture|foto)$",
    r"^(?:more|other|related)\s+(?:photos|pictures|galleries)$",
    r"^(?:foto|galeri)\s+(?:lainnya|lain|terkait)$",
    # a photo page's slider: its counter ("1 / 5") and its zoom hint
    r"^\d{1,3}\s*/\s*\d{1,3}$",
    r"^klik\s+(?:gambar|foto)\s+untuk\s+(?:memperbesar|perbesar)\.?$",
    # the update line of a story's header left in its container ("Diperbarui 26 Apr 2021, 07:00 WIB")
    r"^(?:diperbarui|diperbaharui)\s+\d{1,2}\s+[a-z]+\.?\s+\d{4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*wi[bt]a?)?)?$",
    # an embedded social post's own chrome, in English or as Instagram localises it for Indonesian readers
    # (the post's text stays: the bench pages' truth keeps quoted posts)
    r"^(?:view\s+this\s+(?:post|profile)|lihat\s+(?:postingan|profil)\s+ini)\s+(?:on|di)\s+instagram$",
    r"^(?:a\s+post\s+shared\s+by|sebuah\s+kiriman\s+dibagikan\s+oleh)\b.{0,120}$",
    r"^posted\s+by\b.{1,80}\bon\s+\w+,\s+\w+\s+\d{1,2},\s+\d{4}$",
    r"^artikel ini merupakan bagian dari lestari kg media\b.*$",
    r"^a$",
    r"^loading\s*(?:\.\.\.|…)?$",
    r"^(?:zoom-in-white\s*)?perbesar$",
    r"^halaman\s+(?:selanjutnya|berikutnya)\s*[>»]*$",
    # page-number widgets: "1 2 Halaman selanjutnya Tampilkan Semua", "1 2 Halaman Selanjutnya »". The
    # regex engine keeps a record for each turn of a repeated group: at most PAGER_ITEMS turns (unbounded,
    # a 4 MB paragraph of numbers took ~400 MB), each item atomic and the run possessive, so that a line
    # that is no pager fails at once instead of trying every other way to cut its digits into items
    rf"^(?:(?>\d{{1,2}}|[<>«»]|halaman|selanjutnya|berikutnya|sebelumnya|tampilkan\s+semua|next|prev)\s*+)"
    rf"{{1,{PAGER_ITEMS}}}+$",
    # wp_link_pages debris when its container class is unknown: "Halaman: 1 2", "Pages: 1 2 3", "Page 2"
    rf"^(?:halaman|pages?)\s*:?(?:\s*+\d{{1,3}}+){{1,{PAGER_ITEMS}}}+$",
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?[\w .,-]{0,60}?(?:\s*\d{4})?\.?$",
    r"^dilarang (?:keras )?(?:mengambil|mengutip|menyalin)\b.*$",
    r"^hak cipta\b.{0,80}$",
)
BOILERPLATE_LINE = _lines(*BOILERPLATE_LINE_PATTERNS)

# ---- a photo caption left in the body: a short line ending in its credit (``crawler/extract/clean.py``) ---
# "… Joey Alexander. Foto: Grammy", "… rumahnya © Instagram.com", "… musikal/©KapanLagi.com®/M. Akrom"
# (the "Â" of a © decoded twice is allowed for). Not a leak marker: a caption is the page's, not an ad.
PHOTO_CREDIT_END = re.compile(
    r"(?:^|[\s(/])(?:(?:foto|photo)\s*:\s*[^:()]{1,60}\)?|Â?©\s*\S[^()]{0,60})\.?$", re.IGNORECASE
)
# ... or in the photographer and the site's brand in brackets, either way round: "(Bagus Kurniawan/detikcom)",
# "(Liputan6.com/Triyasni)", "(KOMPAS.com/Garry Andrew)"
# a news site's domain as credits print it ("Liputan6.com", "Tribunjabar.id")
SITE_DOMAIN = r"[A-Za-z][\w-]*\.(?:com|co\.id|id|net)"
_CREDIT_BRAND = rf"(?:{SITE_DOMAIN}|detik\w*)"
PHOTO_CREDIT_BRACKETS = re.compile(
    # (a star before the slash makes it a story's closing signature: "(*/Tribun-Medan.com)")
    rf"\((?:[^()/*]{{1,40}}/\s*{_CREDIT_BRAND}|{_CREDIT_BRAND}\s*/[^()/]{{1,40}})\)\.?$"
    # ... or its source after a title that is no sentence: "Bikin Resah (Sumber: Instagram/evanmarvino)"
    # (a story's last sentence closed by "(Sumber: Antara)" ends in its full stop first)
    r"|[^\s.!?\"”]\s*\((?:sumber|source)\s*:\s*[^()]{1,60}\)$",
    re.IGNORECASE,
)

# ---- what a visible date line says it is -----------------------------------------------------------------
# liputan6 prints "Diperbarui 18 Jun 2025, 14:05 WIB" before "Diterbitkan 18 Jun 2025, 09:12 WIB", and puts
# the hAtom class ``updated`` on both: the label, not the class or the order, tells the two apart.
UPDATED_LABEL = re.compile(
    r"^\s*(?:terakhir\s+)?(?:diperbaharui|diperbarui|diupdate|di-update|update[sd]?|pembaruan|last\s+updated?)\b"
    r"(?:\s+terakhir)?(?:\s+pada)?\s*:?\s*",
    re.IGNORECASE,
)
PUBLISHED_LABEL = re.compile(
    r"^\s*(?:diterbitkan|dipublikasikan|dipublish|diposting|terbit|tayang|published|posted)\b(?:\s+pada)?\s*:?\s*",
    re.IGNORECASE,
)

# ---- phrases removed from inside a line (they also occur glued into a paragraph) ----------------------
INLINE_NOISE_PATTERNS = (
    r"\[\s*gambas\s*:[^\]]*\]",
    r"\bscroll to (?:continue|resume) (?:with )?content\b",
    r"#mce_temp_url#",
    r"!\[\]\(\)\s*\|?",
    r"\bbaca berita (?:tanpa|dengan sedikit) iklan[^.]*\.(?:\s*gabung kompas\.com\+)?",
)
INLINE_NOISE = _lines(*INLINE_NOISE_PATTERNS)

# ---- follow prompts for WhatsApp/Telegram channels -------------------------------------------------------
# The app, a channel/group/link word, and an address to the reader (an imperative opening, "kami"/"Anda",
# "klik", a URL), so an article about WhatsApp stays.
FOLLOW_APP = re.compile(r"\b(?:whatsapp|telegram)\b", re.IGNORECASE)
FOLLOW_TARGET = re.compile(r"\b(?:channel|saluran|grup|group)\b|https?://|t\.me/", re.IGNORECASE)
FOLLOW_READER = re.compile(
    r"^(?:ikuti|gabung|bergabung|join|follow|dapatkan|yuk|ayo|mari|klik|langganan|berlangganan)\b"
    r"|\b(?:kami|anda|klik|caranya)\b|https?://|t\.me/",
    re.IGNORECASE,
)
FOLLOW_MAX_WORDS = 45


# ---- prompts to follow the site elsewhere: a news aggregator, a social account, the site's own app ------
# A short line that opens by addressing the reader and names where to follow: Google News, a social network,
# or an app named by its domain (`Download aplikasi Kompas.com …`). The opening keeps the sentences of an
# article about those platforms (`Instagram menghapus …`, `Presiden mengunggah video di YouTube …`), and
# a fact check (`Cek fakta: …`) or a live report's `Update …` line never opens a prompt.
PROMPT_OPENING = re.compile(
    r"^(?:ikuti|follow|simak|baca|cek(?!\s+fakta)|dapatkan|pantau|jangan\s+lewatkan|yuk|ayo|mari|kunjungi|"
    r"gabung|bergabung|join|subscribe|langganan|berlangganan|download|unduh|temukan|klik)\b",
    re.IGNORECASE,
)
PROMPT_PLACE = re.compile(
    r"\bgoogle\s+news\b|\b(?:instagram|facebook|twitter|tiktok|youtube|threads|newsletter)\b"
    r"|\b(?:aplikasi|app)\s+\w+\.(?:com|co\.id|id|net)\b",
    re.IGNORECASE,
)
PROMPT_MAX_WORDS = 30
# the site itself as the place: "… hanya di Jagatbisnis.com", "dari JagatBisnis", "to WIRED" (a site named
# "detik" or "tempo" is also a word: "Simak detik-detik …" names no place)
PROMPT_AT_A_PLACE = re.compile(r"\b(?:di|dari|ke|at|on|to|from)\s+(\S+)", re.IGNORECASE)


def is_follow_prompt(text: str, names_site: Callable[[str], bool] | None = None) -> bool:
    """A "join our WhatsApp/Telegram channel" paragraph, not an article about WhatsApp; or a short line
    asking the reader to follow the site on Google News, a social network, its app or its newsletter, or
    to keep reading the site itself when ``names_site`` says which words name it."""
    words = len(text.split())
    if words > FOLLOW_MAX_WORDS:
        return False
    if FOLLOW_APP.search(text) and FOLLOW_TARGET.search(text) and FOLLOW_READER.search(text):
        return True
    if words > PROMPT_MAX_WORDS or not PROMPT_OPENING.match(text):
        return False
    if PROMPT_PLACE.search(text):
        return True
    return names_site is not None and any(names_site(m.group(1)) for m in PROMPT_AT_A_PLACE.finditer(text))


# ---- leaks: text that must never survive into an exported body ------------------------------------------
# Markers of inserts, ads, syndication notices and widget text that the cleaner removes by other means
# (a bare label's linked titles, a bulleted linked title, "Artikel ini telah tayang di", "sumber :").
# Anchored where the bare word is legitimate article text ("selanjutnya", "sumber", WhatsApp as a topic).
LEAK_WORD_PATTERNS = (
    r"\bbaca\s*juga\b",
    r"\blihat\s+juga\s*:",
    r"\bberita\s+(?:terkait|lainnya)\b",
    r"\bpilihan\s+editor\s*:",
    r"^\(?selanjutnya\s*:",
    r"^•",
    r"\badvertisement\b",
    r"scroll\s+to\s+continue",
    r"mixadvert",
    r"\bsimak(?:\s+juga)?\s+video",
    r"\blihat\s+juga\s+video",
    r"\bsaksikan\s+live\b",
    r"\[gambas:",
    r"artikel\s+yang\s+lain\s+di\s+google\s+news",
    r"\bikuti\s+whatsapp\s+channel",
    r"whatsapp\s+channel\s+\w+\.com",
    r"gabung\s+kompas\.com\+",
    r"baca\s+berita\s+(?:tanpa|dengan\s+sedikit)\s+iklan",
    r"artikel\s+ini\s+telah\s+tayang\s+di",
    r"^sumber\s*:",
    r"loading\.\.\.",
    r"zoom-in-white",
    r"^a\na\na$",
)


def one_line(pattern: str) -> str:
    r"""``pattern`` for a multi-line body, unable to match across a line break as it never could on one
    rendered line: ``\s`` becomes ``[^\S\n]`` and a negated class ``[^…]`` also excludes ``\n``.

    ``.`` already stops at a line break (no DOTALL); ``^`` and ``$`` are line bounds under MULTILINE.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = pattern[i : i + 2]
            out.append("[^\\S\\n]" if escape == "\\s" else escape)
            i += 2
        elif char == "[":
            end = i + 1 + (pattern[i + 1 : i + 2] == "^")
            end += pattern[end : end + 1] == "]"  # a "]" first in a class is a literal
            while pattern[end] != "]":
                end += 2 if pattern[end] == "\\" else 1
            klass = pattern[i : end + 1]
            if "\\s" in klass:
                raise ValueError(rf"\s inside a character class cannot be confined to one line: {klass}")
            out.append("[^\\n" + klass[2:] if klass.startswith("[^") else klass)
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


# Every leak: the markers above, then each line the cleaner drops whole and each phrase it cuts from a
# line, all confined to one line of the body. Matched against the lower-cased body: every pattern is
# written in lower case, and an IGNORECASE alternation is several times slower in ``re``.
LEAK_PATTERNS: tuple[str, ...] = (
    *(one_line(p) for p in LEAK_WORD_PATTERNS),
    *(one_line(p) for p in BOILERPLATE_LINE_PATTERNS),
    one_line(LABELLED_LINE_PATTERN),
    one_line(BARE_LABEL_PATTERN),
    *(one_line(p) for p in INLINE_NOISE_PATTERNS),
    one_line(PARENTHESISED_PATTERN),
    one_line(RUN_ON_LABEL_PATTERN),
)
LEAK_MARKERS = re.compile("|".join(f"(?:{p})" for p in LEAK_PATTERNS), re.MULTILINE)

# Where a marker can begin: each alternative of LEAK_MARKERS starts with one of these words, or at the start
# of a line. ``leak_in`` tries the patterns only there, because ``re`` would otherwise run every
# alternative at every position of the body (a ``^`` in this pattern would cost as much: it defeats the
# quick scan for the first characters, so line starts are found with ``str.find``).
LEAK_START_WORDS: tuple[str, ...] = (
    *("baca", "lihat", "berita", "pilihan", "advertisement", "scroll", "mixadvert", "simak", "saksikan"),
    *("artikel", "ikuti", "whatsapp", "gabung", "loading", "zoom-in", "(", "[", "#mce", "!["),
)


def leak_starts(low: str) -> list[int]:
    """Every position of ``low`` where one of ``LEAK_START_WORDS`` begins, in order: each word's
    occurrences found with ``str.find``. A regex alternation of the words was tried at every position
    whose letter one of them begins with (most of a lower-cased body): ~0.3 ms a 1,200-character article
    against ~0.02."""
    found: set[int] = set()
    for word in LEAK_START_WORDS:
        at = low.find(word)
        while at >= 0:
            found.add(at)
            at = low.find(word, at + 1)
    return sorted(found)


# LEAK_MARKERS split in two, each alternative in its order: those anchored at a line start (``^``), which
# match nowhere else, and the rest, which match only where one of LEAK_START_WORDS begins. ``leak_in``
# tries at a position only the alternatives that can match there (both at a line start that is also a
# word's): the first that matches is the one the whole pattern would find, at half the cost a line.
_LINE_MARKERS = re.compile("|".join(f"(?:{p})" for p in LEAK_PATTERNS if p.startswith("^")), re.MULTILINE)
_WORD_MARKERS = re.compile("|".join(f"(?:{p})" for p in LEAK_PATTERNS if not p.startswith("^")), re.MULTILINE)


def leak_in(body: str) -> str | None:
    """The first insert/ad marker found in a body, or None (what ``LEAK_MARKERS.search`` finds)."""
    low = (body or "").lower()
    end = len(low)
    line = 0  # the next line start not tried yet
    for at in [*leak_starts(low), end + 1]:  # the last: past the end, so every line start is tried
        while line < at:  # the line starts before the next word, in order
            if match := _LINE_MARKERS.match(low, line):
                return match.group(0)
            line = _next_line(low, line)
        if at > end:
            return None
        if match := (LEAK_MARKERS if line == at else _WORD_MARKERS).match(low, at):
            return match.group(0)
        if line == at:
            line = _next_line(low, line)
    return None


def _next_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) + 1 if newline < 0 else newline + 1


# ---- a controlled crawl's leak words ---------------------------------------------------------------------
# Unanchored and broader than LEAK_MARKERS ("lihat juga", "google news" anywhere): words a leak would show,
# which real articles may use but the demo portal's articles never do, so its end-to-end crawl asserts
# that none of them reaches a body.
CONTROLLED_LEAK_WORDS = re.compile(
    r"baca juga|lihat juga|berita terkait|berita lainnya|pilihan editor|selanjutnya:|advertisement|"
    r"scroll to continue|mixadvert|simak juga video|gambas:|google news|whatsapp channel|"
    r"gabung kompas\.com\+|sedikit iklan|artikel ini telah tayang|loading\.\.\.|zoom-in-white|^•",
    re.IGNORECASE | re.MULTILINE,
)
