"""Writes one portal's posts: bodies with their date mentions and kept controls, the noise around them,
and the date shapes each page carries. Used by ``site.build_site``; every choice comes from seeded RNGs.
"""

from __future__ import annotations

import itertools
import random
import re
from datetime import datetime, timedelta

from . import noise
from . import seed as seed_article
from .datefmt import VISIBLE_FORMS, form_fits
from .mentions import (
    CONTROL_ENDINGS,
    CONTROL_SENTENCES,
    MENTION_KINDS,
    control_2025,
    cross_year_mention,
    fill_control,
    make_mention,
)
from .model import JAKARTA, Article, Author, Brand, Category, Image, Mention, Noise, Paragraph, Part, Tag
from .textgen import CITIES, TextMaker, slugify

FIRST_DAY = datetime(2022, 11, 1, tzinfo=JAKARTA)
DAYS_SPAN = 140  # 2022-11-01 .. 2023-03-20

CATEGORIES = {
    "ekonomi": Category("ekonomi", "Ekonomi"),
    "politik": Category("politik", "Politik"),
    "olahraga": Category("olahraga", "Olahraga"),
    "teknologi": Category("teknologi", "Teknologi"),
    "internasional": Category("internasional", "Internasional"),
}
TOPIC_TAGS = {
    "ekonomi": ["IHSG", "Rupiah", "UMKM", "Inflasi", "Saham", "Perbankan", "Harga Pangan"],
    "politik": ["Pilkada", "DPRD", "KPU", "Bawaslu", "Koalisi", "Pemilu 2024"],
    "olahraga": ["Liga 1", "Persija", "Persib", "Bulu Tangkis", "Timnas"],
    "teknologi": ["5G", "Startup", "Keamanan Siber", "Gawai", "Aplikasi"],
    "internasional": ["China", "Rusia", "Ukraina", "Amerika Serikat", "Diplomasi", "KBRI"],
}
AUTHORS = [
    Author("pia-lestari", "Pia Lestari"),
    Author("meilani-astuti", "Meilani Astuti"),
    Author("rudi-darmawan", "Rudi Darmawan"),
    Author("ian-pratama", "Ian Pratama"),
    Author("khairul-anwar", "Khairul Anwar"),
    Author("winda-sari", "Winda Sari"),
    Author("dewi-rahayu", "Dewi Rahayu"),
    Author("hantoro", "Hantoro"),
]
EDITORS = ["Yohanes Tarigan", "Ratih Purnama", "Agung Wibisono"]
MIRROR_AUTHORS = [
    Author("tim-redaksi", "Tim Redaksi", organisation=True),
    Author("bagus-santoso", "Bagus Santoso"),
    Author("nadia-putri", "Nadia Putri"),
    Author("larasati", "Larasati"),
]


def tag(name: str) -> Tag:
    return Tag(slugify(name), name)


def link_words(parts: list[Part], words: list[tuple[str, str]]) -> list[Part]:
    """Auto-link the first occurrence of each word (a WordPress tag-link plugin does this)."""
    for word, href in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for i, part in enumerate(parts):
            if part.kind != "text":
                continue
            m = pattern.search(part.text)
            if m:
                pieces = [
                    Part("text", part.text[: m.start()]),
                    Part("link", word, href),
                    Part("text", part.text[m.end() :]),
                ]
                parts = parts[:i] + [p for p in pieces if p.kind != "text" or p.text] + parts[i + 1 :]
                break
    return parts


class PostBuilder:
    """Makes articles for one brand; cycles through every insert, boilerplate, dateline and date kind."""

    def __init__(self, seed: int, brand: Brand, authors: list[Author]) -> None:
        self.brand, self.authors = brand, authors
        self.rng = random.Random(seed)
        self.text = TextMaker(random.Random(seed + 1))
        # Sentences added by later edits: their own RNG, so edits never shift the rest of the site.
        self.edit_text = TextMaker(random.Random(seed + 2), used=self.text.used)
        self.insert_cycle = itertools.cycle(noise.INSERTS)
        self.teaser_cycle = itertools.cycle(noise.TEASERS)
        self.boiler_cycle = itertools.cycle(noise.BOILERPLATE)
        self.byline_cycle = itertools.cycle(noise.BYLINES)
        self.mention_cycle = itertools.cycle(MENTION_KINDS)
        self.control_cycle = itertools.cycle(CONTROL_SENTENCES)
        self.ending_cycle = itertools.cycle(CONTROL_ENDINGS)
        self.code_cycle = itertools.cycle(noise.REPORTER_CODES)
        self.dateline_cycle = itertools.cycle(noise.datelines(brand.name))
        self.synd_cycle = itertools.cycle(noise.SYNDICATION)

    # ----- dates -------------------------------------------------------------------------------------
    def publication_times(self, count: int) -> list[datetime]:
        r = self.rng
        times = []
        for _ in range(count):
            day = FIRST_DAY + timedelta(days=r.randrange(DAYS_SPAN))
            times.append(day.replace(hour=r.randint(5, 22), minute=r.randint(0, 59), second=r.randint(0, 59)))
        times.sort()
        # One article of Monday 2 January 2023 that mentions Friday (30/12): the cross-year case.
        times[
            min(range(len(times)), key=lambda i: abs(times[i] - datetime(2023, 1, 2, 9, tzinfo=JAKARTA)))
        ] = datetime(2023, 1, 2, 9, 15, 20, tzinfo=JAKARTA)
        return sorted(times)

    # ----- bodies ------------------------------------------------------------------------------------
    def body(self, topic: str, pub: datetime, index: int, tags: list) -> tuple[list[Paragraph], bool]:
        """Clean paragraphs; returns them and whether the last one ends with a kept parenthetical."""
        r = self.rng
        paras: list[list[tuple[str, Mention | None]]] = []
        for _ in range(r.randint(5, 8)):
            paras.append([(self.text.sentence(topic), None) for _ in range(r.randint(1, 3))])
        if pub.date() == datetime(2023, 1, 2).date():
            paras[1].append(cross_year_mention(pub))
        for _ in range(1 if index % 3 else 2):
            kind = next(self.mention_cycle)
            para = paras[r.randrange(len(paras) - 1)]
            para.append(make_mention(kind, pub, r))
        if index % 2 == 0:
            para = paras[r.randrange(1, len(paras) - 1)]
            para.append((fill_control(next(self.control_cycle), r), None))
        ends_with_control = index % 4 == 1
        if ends_with_control:
            ending = next(self.ending_cycle)
            paras[-1].append(control_2025() if ending == "2025" else (fill_control(ending, r), None))
        city_words = [(c, f"/tag/{slugify(c)}/") for c in CITIES]
        tag_words = [(t.name, f"/tag/{t.slug}/") for t in tags]
        result = []
        for sentences in paras:
            text = " ".join(s for s, _ in sentences)
            parts = link_words([Part("text", text)], tag_words)
            result.append(Paragraph(parts, [m for _, m in sentences if m is not None]))
        # City tags: the first city named in the body becomes a tag and is linked there.
        for para in result:
            hit = next((w for w in city_words if re.search(rf"(?<!\w){w[0]}(?!\w)", para.text)), None)
            if hit:
                tags.append(tag(hit[0]))
                para.parts[:] = link_words(para.parts, [hit])
                break
        if index % 11 == 5:  # a word in bold inside the text: its text stays in the body
            first = result[0].parts[0]
            if first.kind == "text" and " " in first.text:
                head, tail = first.text.split(" ", 1)
                result[0].parts[0:1] = [Part("strong", head), Part("text", " " + tail)]
        return result, ends_with_control

    def noise_for(self, article: Article, index: int, links: list[tuple[str, str]]) -> None:
        r, n = self.rng, len(article.paragraphs)
        items: list[Noise] = []
        for slot in sorted(r.sample(range(n - 1), k=min(n - 1, 1 + index % 3))):
            kind = next(self.insert_cycle)
            items.append(Noise(slot, noise.INSERTS[kind](r.sample(links, 3)), "insert:" + kind))
        if index % 15 == 3:
            para = next(
                (p for p in article.paragraphs if len(p.parts) == 1 and ". " in p.parts[0].text), None
            )
            if para:
                head, tail = para.parts[0].text.split(". ", 1)
                para.parts[:] = [
                    Part("text", head + "."),
                    Part("noise", html=noise.inline_insert(links[0])),
                    Part("text", " " + tail),
                ]
        if index % 20 == 7:
            para = next(
                (p for p in article.paragraphs if len(p.parts) == 1 and ". " in p.parts[0].text), None
            )
            if para:
                head, tail = para.parts[0].text.split(". ", 1)
                para.parts[:] = [
                    Part("text", head + "."),
                    Part("noise", html=noise.INLINE_BOILERPLATE.rstrip()),
                    Part("text", " " + tail),
                ]
        for _ in range(1 + index % 2):
            kind = next(self.boiler_cycle)
            html = noise.BOILERPLATE[kind](links[1][0], self.brand.name)
            if kind == "sedikit_iklan":
                items += [Noise(i, html, "boiler:" + kind) for i in range(0, n - 1, 2)]
            else:
                items.append(Noise(r.randrange(n), html, "boiler:" + kind))
        if index % 4 == 2:
            kind = next(self.byline_cycle)
            html = noise.BYLINES[kind](article.authors[0].name, article.editor, self.brand.name)
            article.editor_shown = kind not in noise.BYLINES_WITHOUT_EDITOR
            items.append(Noise(-1 if index % 8 == 2 else n - 1, html, "byline:" + kind))
        if index % 3 == 0:
            kind = next(self.teaser_cycle)
            items.append(Noise(n - 1, noise.TEASERS[kind](r.sample(links, 3)), "teaser:" + kind))
        if article.source:
            items.append(Noise(n - 1, noise.SYNDICATION[article.source][2](article.headline), "syndication"))
        if self.brand.mixadvert:
            items.append(Noise(n - 1, noise.mixadvert(1000 + article.id), "mixadvert"))
        items.sort(key=lambda x: x.after)
        article.noise = items

    # ----- articles ----------------------------------------------------------------------------------
    def article(
        self, index: int, pub: datetime, topic: str, headline: str | None = None, slug: str | None = None
    ):
        r = self.rng
        headline = headline or self.text.headline(topic)
        tags = [tag(n) for n in r.sample(TOPIC_TAGS[topic], 2)]
        paras, ends_with_control = self.body(topic, pub, index, tags)
        authors = [r.choice(self.authors)]
        if index % 17 == 4:
            authors.append(r.choice([a for a in self.authors if a != authors[0]]))
        a = Article(
            id=0,
            slug=slug or slugify(headline),
            headline=headline,
            description=paras[0].text.split(". ")[0].rstrip(".") + ".",
            category=CATEGORIES[topic],
            tags=tags,
            authors=authors,
            published=pub,
            modified=None,
            paragraphs=paras,
            topic=topic,
            editor=r.choice(EDITORS),
        )
        if index % 10 == 9:
            a.source = next(self.synd_cycle)
            a.dateline_html, a.dateline = noise.SYNDICATION[a.source][:2]
        elif index % 37 == 20:
            a.dateline_html, a.dateline = noise.DETIK_DATELINE
            a.dateline_outside = True
        elif index % 9 != 8:
            a.dateline_html, a.dateline = next(self.dateline_cycle)
        if not ends_with_control:
            a.code_html, code = next(self.code_cycle)
            a.reporter_codes = [code]
        if index % 10 != 6:
            caption = (
                None
                if index % 4 == 3
                else f"Ilustrasi {a.category.name.lower()}. (Foto: {self.brand.name}/Dok)"
            )
            a.image = Image(f"/wp-content/uploads/{pub:%Y/%m}/{a.slug}.jpg", caption, a.headline)
        return a

    def seed_article(self) -> Article:
        pub = datetime.fromisoformat(seed_article.PUBLISHED_UTC).astimezone(JAKARTA)
        return Article(
            id=0,
            slug=seed_article.SLUG,
            headline=seed_article.HEADLINE,
            description=seed_article.DESCRIPTION,
            category=CATEGORIES["internasional"],
            tags=[tag(n) for n in ("China", "Rusia", "Ukraina", "Amerika Serikat")],
            authors=[AUTHORS[0]],
            published=pub,
            modified=datetime.fromisoformat(seed_article.MODIFIED_UTC).astimezone(JAKARTA),
            paragraphs=seed_article.paragraphs(),
            meta_shape="utc",
            dateline_html=seed_article.DATELINE_HTML,
            dateline=seed_article.DATELINE,
            code_html=" (" + seed_article.REPORTER_CODE + ")",
            reporter_codes=[seed_article.REPORTER_CODE],
            image=Image(
                "/wp-content/uploads/2022/03/china-rusia-ukraina.jpg",
                "Bendera China dan Rusia. (Foto: Istimewa)",
                seed_article.HEADLINE,
            ),
            topic="internasional",
            editor=EDITORS[0],
        )

    def assign_date_modes(self, articles: list[Article], now: datetime, rounds: int = 3) -> None:
        """Give ``rounds`` articles each visible-only header form; the rest get meta (most with JSON-LD)."""
        r = self.rng
        pool = [a for a in articles if a.slug != seed_article.SLUG]
        taken: set[int] = set()
        for _ in range(rounds):
            for form in VISIBLE_FORMS:
                cands = [a for a in pool if id(a) not in taken and form_fits(form, a.local_published)]
                a = r.choice(cands)
                taken.add(id(a))
                a.date_mode, a.header_form = "visible", form
                a.published = a.published.replace(second=0)
                if form == "liputan6":
                    a.modified = min(a.published + timedelta(minutes=r.randint(20, 3000)), now).replace(
                        second=0
                    )
                if (
                    form in ("detik", "kompas2015", "okezone", "slash", "jpnn")
                    and a.local_published.hour <= 20
                ):
                    a.zone = r.choice(["WITA", "WIT", "WIB"])
        shapes = itertools.cycle(["utc", "nocolon", "colon"])
        counter = 0
        for a in pool:
            if a.date_mode == "visible":
                continue
            counter += 1
            a.date_mode = "meta" if counter % 7 == 3 else "jsonld"
            a.meta_shape = next(shapes)
            if counter % 3 == 1:
                a.modified = min(
                    a.published + timedelta(minutes=r.randint(5, 4000), seconds=r.randint(0, 59)), now
                )
            if counter % 23 == 5 and a.local_published.hour <= 20:
                a.zone = "WITA" if counter % 2 else "WIT"
