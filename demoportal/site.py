"""Generate the whole demo site from a seed: articles, taxonomies, pages and the special cases.

``build_site(seed)`` is deterministic: the same seed gives byte-identical pages and truth.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field, replace
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
from .model import (
    BRANDS,
    JAGATBISNIS,
    JAKARTA,
    KABARNUSA,
    Article,
    Author,
    Brand,
    Category,
    Image,
    Mention,
    Noise,
    Page,
    Paragraph,
    Part,
    Tag,
)
from .textgen import CITIES, TextMaker, slugify

DEFAULT_SEED = 20220315
FIRST_DAY = datetime(2022, 11, 1, tzinfo=JAKARTA)
DAYS_SPAN = 140  # 2022-11-01 .. 2023-03-20
ARTICLE_COUNT = 320
MIRROR_ARTICLE_COUNT = 60  # the second portal is small

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
    Author("tim-redaksi", "Tim Redaksi"),
    Author("bagus-santoso", "Bagus Santoso"),
    Author("nadia-putri", "Nadia Putri"),
    Author("larasati", "Larasati"),
]


def _pages(brand: Brand) -> list[Page]:
    return [
        Page("tentang-kami", "Tentang Kami", (f"{brand.name} adalah portal berita. {brand.tagline}.",)),
        Page(
            "redaksi", "Redaksi", ("Pemimpin Redaksi: Yohanes Tarigan.", "Redaktur Pelaksana: Ratih Purnama.")
        ),
        Page("pedoman-media-siber", "Pedoman Media Siber", ("Kemerdekaan berpendapat dijamin konstitusi.",)),
        Page("kontak", "Kontak", (f"Surel redaksi: {brand.email}.",)),
        Page("iklan", "Iklan", ("Hubungi tim pemasaran untuk pemasangan iklan.",)),
    ]


MISSING_PATH = "/2023/01/05/artikel-ini-sudah-dihapus/"
TRACKING_QUERY = "?utm_source=whatsapp&utm_medium=social&utm_campaign=share"


@dataclass
class Site:
    """The portal as it stands at ``now``: articles in date order (oldest first) plus what listings need.

    ``timeline`` holds every article ever generated (including posts after ``now``); ``at(now)`` gives the
    site at another moment of its clock. ``redirects`` maps re-published posts' old paths to new ones.
    """

    seed: int
    articles: list[Article]
    categories: dict[str, Category]
    tags: dict[str, Tag]
    authors: dict[str, Author]
    pages: list[Page]
    now: datetime
    slow_path: str
    flaky_path: str
    missing_path: str
    tracked_url_path: str
    popular: list[Article]
    brand: Brand = JAGATBISNIS
    timeline: list[Article] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    by_path: dict[str, Article] = field(default_factory=dict)
    listings: dict[str, list[Article]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {a.path: a for a in self.articles}
        newest = sorted(self.articles, key=lambda a: a.published, reverse=True)
        lists: dict[str, list[Article]] = {"/": newest}
        for a in newest:
            d = a.local_published
            keys = [f"/category/{a.category.slug}/", f"/author/{a.authors[0].slug}/"]
            keys += [f"/tag/{t.slug}/" for t in a.tags]
            keys += [f"/{d:%Y}/", f"/{d:%Y/%m}/", f"/{d:%Y/%m/%d}/"]
            for k in keys:
                lists.setdefault(k, []).append(a)
        self.listings = lists

    @property
    def newest_first(self) -> list[Article]:
        return self.listings["/"]

    @property
    def seed_article(self) -> Article:
        """The seed article (JagatBisnis only)."""
        return self.by_path[f"/2022/03/15/{seed_article.SLUG}/"]

    def at(self, now: datetime) -> Site:
        """The site as it was at ``now``: later posts not yet out, later edits not yet made."""
        if now.tzinfo is None:
            raise ValueError("the clock needs an aware datetime (with its UTC offset)")
        if now < self.timeline[0].published:
            raise ValueError(f"the clock ({now.isoformat()}) is before the first post")
        shown: list[Article] = []
        for a in self.timeline:
            if a.published > now:
                continue
            shown.append(replace(a, modified=None) if a.modified and a.modified > now else a)
        redirects = {a.replaces: a.path for a in shown if a.replaces}
        shown = [a for a in shown if a.path not in redirects]
        by_path = {a.path: a for a in shown}
        newest = sorted(shown, key=lambda a: a.published, reverse=True)
        tracked = self.tracked_url_path
        if tracked.split("?")[0] not in by_path:
            tracked = newest[min(4, len(newest) - 1)].path + TRACKING_QUERY
        return Site(
            seed=self.seed,
            articles=shown,
            categories=self.categories,
            tags={t.slug: t for a in shown for t in a.tags},
            authors=self.authors,
            pages=self.pages,
            now=now,
            slow_path=self.slow_path,
            flaky_path=self.flaky_path,
            missing_path=self.missing_path,
            tracked_url_path=tracked,
            popular=[by_path[p.path] for p in self.popular if p.path in by_path],
            brand=self.brand,
            timeline=self.timeline,
            redirects=redirects,
        )


def _tag(name: str) -> Tag:
    return Tag(slugify(name), name)


def _link_words(parts: list[Part], words: list[tuple[str, str]]) -> list[Part]:
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


class _Builder:
    def __init__(self, seed: int, brand: Brand, authors: list[Author]) -> None:
        self.brand, self.authors = brand, authors
        self.rng = random.Random(seed)
        self.text = TextMaker(random.Random(seed + 1))
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
            parts = _link_words([Part("text", text)], tag_words)
            result.append(Paragraph(parts, [m for _, m in sentences if m is not None]))
        # City tags: the first city named in the body becomes a tag and is linked there.
        for para in result:
            hit = next((w for w in city_words if re.search(rf"(?<!\w){w[0]}(?!\w)", para.text)), None)
            if hit:
                tags.append(_tag(hit[0]))
                para.parts[:] = _link_words(para.parts, [hit])
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
        tags = [_tag(n) for n in r.sample(TOPIC_TAGS[topic], 2)]
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
            tags=[_tag(n) for n in ("China", "Rusia", "Ukraina", "Amerika Serikat")],
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


def build_site(
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    portal: str = "jagatbisnis",
    split_pages: bool = False,
) -> Site:
    """Generate a portal as it stands at ``now`` (default: 3 hours after its newest post).

    Deterministic in ``seed``; ``now`` only hides what is not yet published or edited. ``portal`` is
    ``jagatbisnis`` (the test bed) or ``kabarnusa``, a small second portal that syndicates one
    JagatBisnis article (built from the same seed). ``split_pages`` serves three long posts over 2-3
    pages (``/slug/2/``); their truth is the whole article at the first page's URL.
    """
    if portal not in BRANDS:
        raise ValueError(f"unknown portal {portal!r}; choose from {sorted(BRANDS)}")
    full = _build_jagatbisnis(seed) if portal == "jagatbisnis" else _build_kabarnusa(seed)
    if split_pages:
        _split_long_posts(full)
    return full.at(now or full.now)


def _split_long_posts(full: Site) -> None:
    """Break three long posts into pages, WordPress ``<!--nextpage-->`` style (two of 2 pages, one of 3)."""
    related = {a.replaces for a in full.timeline if a.replaces} | {
        a.path for a in full.timeline if a.replaces
    }
    long_posts = [
        a
        for a in full.timeline
        if len(a.paragraphs) >= 7
        and a.date_mode == "jsonld"
        and a.slug != seed_article.SLUG
        and a.path not in related
    ]
    for k, a in enumerate(long_posts[:: max(1, len(long_posts) // 3)][:3]):
        n = len(a.paragraphs)
        a.page_breaks = (n // 3, 2 * n // 3) if k == 2 else (n // 2,)


def _generate(b: _Builder, times: list[datetime], articles: list[Article], skip: set[int]) -> list[Article]:
    """Add one generated article per time to ``articles``; number them and give them their noise.

    Articles whose ``id()`` is in ``skip`` are taken as they are (their noise is already set).
    """
    topics = list(CATEGORIES)
    slugs = {a.slug for a in articles}
    for i, pub in enumerate(times):
        a = b.article(i, pub, topics[i % len(topics)])
        while a.slug in slugs:
            a.slug += "-2"
        slugs.add(a.slug)
        articles.append(a)
    articles.sort(key=lambda a: a.published)
    for n, a in enumerate(articles, start=1):
        a.id = n
    return articles


def _add_noise(b: _Builder, articles: list[Article], skip: set[int], fallback: list[tuple[str, str]]) -> None:
    for i, a in enumerate(articles):
        if id(a) in skip:
            continue
        older = [(x.headline, x.path) for x in articles[max(0, i - 12) : i]] or fallback
        while len(older) < 3:
            older = older + (fallback or older)
        b.noise_for(a, i, older)


def _finish(b: _Builder, seed: int, articles: list[Article], end: datetime, authors: list[Author]) -> Site:
    """The full site (every post, clock at ``end``) with its special cases and one re-published post."""
    middle = [a for a in articles if a.slug != seed_article.SLUG and a.date_mode == "jsonld" and not a.source]
    newest = sorted(articles, key=lambda a: a.published, reverse=True)
    popular = b.rng.sample(newest[5:60], 5)
    timeline = sorted([*articles, _republish(newest, end, len(articles) + 1)], key=lambda a: a.published)
    return Site(
        seed=seed,
        articles=articles,
        categories=dict(CATEGORIES),
        tags={},
        authors={a.slug: a for a in authors},
        pages=_pages(b.brand),
        now=end,
        slow_path=middle[len(middle) // 2].path,
        flaky_path=middle[len(middle) // 3].path,
        missing_path=MISSING_PATH,
        tracked_url_path=newest[4].path + TRACKING_QUERY,
        popular=popular,
        brand=b.brand,
        timeline=timeline,
    )


def _build_jagatbisnis(seed: int) -> Site:
    b = _Builder(seed, JAGATBISNIS, AUTHORS)
    times = b.publication_times(ARTICLE_COUNT)
    end = times[-1] + timedelta(hours=3)
    articles: list[Article] = []
    # The seed's three related articles (its "Baca Juga" inserts point at them), then the seed.
    related_links: list[tuple[str, str]] = []
    for i, (slug, headline, when) in enumerate(seed_article.RELATED):
        a = b.article(1000 + i, datetime.fromisoformat(when), "internasional", headline, slug)
        articles.append(a)
        related_links.append((headline, a.path))
    seed_a = b.seed_article()
    articles.append(seed_a)
    _generate(b, times, articles, set())
    b.assign_date_modes(articles, end)
    seed_a.noise = [
        Noise(after, noise.INSERTS["own_space_colon"]([link]), "insert:own_space_colon")
        for after, link in zip(seed_article.INSERTS_AFTER, related_links, strict=True)
    ] + [Noise(len(seed_a.paragraphs) - 1, noise.mixadvert(1234), "mixadvert")]
    _add_noise(b, articles, {id(seed_a)}, related_links)
    return _finish(b, seed, articles, end, AUTHORS)


def _build_kabarnusa(seed: int) -> Site:
    """The second portal: its own small set of posts plus one JagatBisnis article, re-run 3 hours later."""
    b = _Builder(seed + 7919, KABARNUSA, MIRROR_AUTHORS)
    times = b.publication_times(MIRROR_ARTICLE_COUNT)
    end = times[-1] + timedelta(hours=3)
    jagat = _build_jagatbisnis(seed).at(end)
    original = next(
        a
        for a in jagat.newest_first[10:]
        if a.date_mode == "jsonld"
        and not a.source
        and not any(p.kind == "noise" for x in a.paragraphs for p in x.parts)
    )
    copy = replace(
        original,
        published=original.published + timedelta(hours=3),
        modified=None,
        authors=[MIRROR_AUTHORS[0]],
        source=JAGATBISNIS.name,
        date_mode="jsonld",
        meta_shape="colon",
        zone="WIB",
        noise=[
            Noise(
                len(original.paragraphs) - 1,
                f'<p>Artikel ini telah tayang di {JAGATBISNIS.name} dengan judul "{original.headline}"</p>',
                "syndication",
            )
        ],
        image=None,
    )
    articles = _generate(b, times, [copy], {id(copy)})
    b.assign_date_modes([a for a in articles if a is not copy], end, rounds=1)
    _add_noise(b, articles, {id(copy)}, [(a.headline, a.path) for a in articles[:3]])
    return _finish(b, seed, articles, end, MIRROR_AUTHORS)


def _republish(newest: list[Article], end: datetime, new_id: int) -> Article:
    """A post re-published 20 hours later under a reworded headline and so a new slug (same body)."""
    fits = [a for a in newest if a.date_mode == "jsonld" and a.modified is None]
    original = next(a for a in fits if a.published + timedelta(hours=21) <= end)
    headline = f"{original.headline}, Begini Penjelasannya"
    return replace(
        original,
        id=new_id,
        slug=slugify(headline),
        headline=headline,
        published=original.published + timedelta(hours=20),
        replaces=original.path,
    )
