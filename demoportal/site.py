"""Generate the whole demo site from a seed: articles, taxonomies, pages and the special cases.

``build_site(seed)`` is deterministic: the same seed gives byte-identical pages and truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from . import noise
from . import seed as seed_article
from .builder import AUTHORS, CATEGORIES, MIRROR_AUTHORS, PostBuilder
from .model import (
    BRANDS,
    JAGATBISNIS,
    KABARNUSA,
    Article,
    Author,
    Brand,
    Category,
    Noise,
    Page,
    Paragraph,
    Part,
    Tag,
)
from .textgen import slugify

DEFAULT_SEED = 20220315
ARTICLE_COUNT = 320
# Fewer posts cannot hold three of each visible date form and a republished story (the builder's draws).
MIN_ARTICLE_COUNT = 60
MIRROR_ARTICLE_COUNT = 60  # the second portal is small


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
            shown.append(_before_edit(a) if a.modified and a.modified > now else a)
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
    if portal == "jagatbisnis" and ARTICLE_COUNT < MIN_ARTICLE_COUNT:
        raise ValueError(f"the demo portal needs at least {MIN_ARTICLE_COUNT} posts, not {ARTICLE_COUNT}")
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


def _generate(b: PostBuilder, times: list[datetime], articles: list[Article]) -> list[Article]:
    """Add one generated article per time to ``articles`` (which may hold hand-made ones), then number all
    in date order, as WordPress post ids grow with time."""
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


def _add_noise(
    b: PostBuilder, articles: list[Article], skip: set[int], fallback: list[tuple[str, str]]
) -> None:
    """Noise for every article not in ``skip`` (by ``id()``); inserts link the dozen posts before it."""
    for i, a in enumerate(articles):
        if id(a) in skip:
            continue
        older = [(x.headline, x.path) for x in articles[max(0, i - 12) : i]] or fallback
        while len(older) < 3:
            older = older + (fallback or older)
        b.noise_for(a, i, older)


def _finish(b: PostBuilder, seed: int, articles: list[Article], end: datetime, authors: list[Author]) -> Site:
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
    b = PostBuilder(seed, JAGATBISNIS, AUTHORS)
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
    _generate(b, times, articles)
    b.assign_date_modes(articles, end)
    seed_a.noise = [
        Noise(after, noise.INSERTS["own_space_colon"]([link]), "insert:own_space_colon")
        for after, link in zip(seed_article.INSERTS_AFTER, related_links, strict=True)
    ] + [Noise(len(seed_a.paragraphs) - 1, noise.mixadvert(1234), "mixadvert")]
    _add_noise(b, articles, {id(seed_a)}, related_links)
    _edit_bodies(b, articles, end)
    return _finish(b, seed, articles, end, AUTHORS)


def _build_kabarnusa(seed: int) -> Site:
    """The second portal: its own small set of posts plus one JagatBisnis article, re-run 3 hours later."""
    b = PostBuilder(seed + 7919, KABARNUSA, MIRROR_AUTHORS)
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
        pre_edit=None,
        noise=[
            Noise(
                len(original.paragraphs) - 1,
                f'<p>Artikel ini telah tayang di {JAGATBISNIS.name} dengan judul "{original.headline}"</p>',
                "syndication",
            )
        ],
        image=None,
    )
    articles = _generate(b, times, [copy])
    b.assign_date_modes([a for a in articles if a is not copy], end, rounds=1)
    _add_noise(b, articles, {id(copy)}, [(a.headline, a.path) for a in articles[:3]])
    _edit_bodies(b, [a for a in articles if a is not copy], end)
    return _finish(b, seed, articles, end, MIRROR_AUTHORS)


def _has_inline_noise(p: Paragraph) -> bool:
    return any(x.kind == "noise" for x in p.parts)


def _before_edit(a: Article) -> Article:
    """The article before its edit: no modified time, and the edited paragraph as it first read."""
    if a.pre_edit is None:
        return replace(a, modified=None)
    k, old = a.pre_edit
    return replace(
        a, modified=None, pre_edit=None, paragraphs=[*a.paragraphs[:k], old, *a.paragraphs[k + 1 :]]
    )


def _edit_bodies(b: PostBuilder, articles: list[Article], end: datetime) -> None:
    """Every second modified post changed its text: one sentence added to a middle paragraph; the others
    changed only their metadata, so a crawler meets both kinds of update. Two posts of the days before
    ``end`` are edited in its last hours, for a scheduled re-crawl to catch.
    """
    older = [a for a in articles if timedelta(days=2) <= end - a.published <= timedelta(days=5)]
    late = [a for a in older if a.date_mode != "visible" and not a.modified and not a.source][:2]
    for n, a in enumerate(late):
        a.modified = end - timedelta(hours=2 + 3 * n, seconds=17)
    modified = [a for a in articles if a.modified and a.slug != seed_article.SLUG]
    for a in [*modified[::2], *(x for x in late if x not in modified[::2])]:
        middle = [i for i in range(1, len(a.paragraphs) - 1) if not _has_inline_noise(a.paragraphs[i])]
        if not middle:
            continue
        k, old = middle[0], a.paragraphs[middle[0]]
        added = Part("text", " " + b.edit_text.sentence(a.topic))
        edited = Paragraph([*old.parts, added], list(old.mentions))
        a.paragraphs = [*a.paragraphs[:k], edited, *a.paragraphs[k + 1 :]]
        a.pre_edit = (k, old)


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
