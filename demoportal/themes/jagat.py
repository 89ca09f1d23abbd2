"""The portal's own theme (``jb-*`` classes, which the jagatbisnis profile targets)."""

from __future__ import annotations

from datetime import datetime

from ..datefmt import header_line
from ..model import Article, Page
from .base import Theme, attr, body_html, date_line, esc, page_links, updated, yoast_head

MENU = [("/", "Beranda")] + [
    (f"/category/{slug}/", name)
    for slug, name in (
        ("ekonomi", "Ekonomi"),
        ("politik", "Politik"),
        ("olahraga", "Olahraga"),
        ("teknologi", "Teknologi"),
        ("internasional", "Internasional"),
    )
]


def _card_date(a: Article) -> str:
    return header_line("jagat", a.local_published, "WIB")


def _ago(a: Article, now: datetime) -> str:
    """Listing cards show recent posts as ``17 menit yang lalu`` / ``5 jam lalu`` / ``2 hari lalu``."""
    minutes = int((now - a.published).total_seconds() // 60)
    if 0 <= minutes < 60:
        return f"{max(minutes, 1)} menit yang lalu"
    if 0 <= minutes < 24 * 60:
        return f"{minutes // 60} jam lalu"
    if 0 <= minutes < 4 * 24 * 60:
        return f"{minutes // (24 * 60)} hari lalu"
    return _card_date(a)


class JagatTheme(Theme):
    name = "jagat"

    # ----- chrome ------------------------------------------------------------------------------------
    def header(self, site, base: str) -> str:
        menu = "".join(
            f'<li class="menu-item"><a href="{href}">{esc(label)}</a></li>' for href, label in MENU
        )
        return (
            '<header id="masthead" class="jb-header">\n'
            f'<div class="jb-topbar"><span class="jb-topbar__date">{esc(site.brand.tagline)}</span>'
            '<a class="jb-login" href="/wp-admin/">Masuk</a></div>\n'
            f'<div class="jb-brand"><a href="{base}/" rel="home"><img src="/wp-content/uploads/logo.png" '
            f'alt="{site.brand.name}"></a></div>\n'
            f'<nav class="jb-menu jb-menu--main"><ul id="menu-utama" class="menu">{menu}</ul></nav>\n'
            '<form role="search" method="get" class="search-form" action="/">'
            '<input type="search" name="s" placeholder="Cari berita"><button>Cari</button></form>\n'
            '<div class="jb-trending-words">Populer: <a href="/?s=ekonomi">ekonomi</a> '
            '<a href="/tag/ihsg/">IHSG</a></div>\n'
            "</header>"
        )

    def sidebar(self, site, base: str) -> str:
        popular = "".join(
            f'<li class="jb-popular__item"><a href="{a.path}">{esc(a.headline)}</a>'
            f'<span class="jb-popular__date">{_card_date(a)}</span></li>'
            for a in site.popular
        )
        trending = site.by_path[site.tracked_url_path.split("?")[0]]
        return (
            '<aside id="secondary" class="jb-sidebar widget-area">\n'
            '<section class="widget jb-popular"><h2 class="widget-title">Terpopuler</h2><ol'
            f">{popular}</ol></section>\n"
            '<section class="widget jb-trending"><h2 class="widget-title">Trending</h2><ul>'
            f'<li><a href="{attr(site.tracked_url_path)}">{esc(trending.headline)}</a></li>'
            f'<li><a href="{site.missing_path}">Berita yang sudah dihapus redaksi</a></li></ul></section>\n'
            '<section class="widget widget_block"><div class="code-block"><span class="ad-label">-'
            " Advertisement -"
            '</span><ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" '
            'data-ad-client="ca-pub-0000000000000000" data-ad-slot="2222222222"></ins>'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div></section>\n"
            f"{self.trap_widget(site)}</aside>"
        )

    def footer(self, site, base: str) -> str:
        pages = " | ".join(f'<a href="/{p.slug}/">{esc(p.title)}</a>' for p in site.pages)
        return (
            '<footer id="colophon" class="jb-footer">\n'
            f'<nav class="jb-menu jb-menu--footer">{pages}</nav>\n'
            f'<p class="jb-copyright">© 2017-2023 {site.brand.name}. All rights reserved.</p>\n</footer>'
        )

    def page_shell(self, site, base: str, head: str, main: str, body_class: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="id-ID">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{head}\n"
            f'<link rel="https://api.w.org/" href="{base}/wp-json/">\n'
            f'<link rel="alternate" type="application/rss+xml" title="{site.brand.name} &raquo; Feed"'
            f' href="{base}/feed/">\n'
            '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>\n'
            f'</head>\n<body class="{body_class}">\n<div id="page" class="site">\n'
            f'{self.header(site, base)}\n<div class="jb-container"'
            f">\n{main}\n{self.sidebar(site, base)}\n</div>\n"
            f"{self.footer(site, base)}\n</div>\n</body>\n</html>\n"
        )

    # ----- article -----------------------------------------------------------------------------------
    def share(self, a: Article, base: str, where: str) -> str:
        url = attr(base + a.path)
        return (
            f'<div class="jb-share jb-share--{where}"><span>Bagikan:</span>'
            f'<a class="jb-share__fb" href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a>'
            f'<a class="jb-share__tw" href="https://twitter.com/intent/tweet?url={url}">Twitter</a>'
            f'<a class="jb-share__wa" href="https://api.whatsapp.com/send?text={url}">WhatsApp</a>'
            f'<a class="jb-share__tg" href="https://t.me/share/url?url={url}">Telegram</a></div>'
        )

    def related(self, site, a: Article) -> str:
        same = site.listings[f"/category/{a.category.slug}/"]
        older = [x for x in same if x.published < a.published]
        same = (older or [x for x in same if x is not a])[:4]
        items = "".join(
            f'<li><a href="{x.path}">{esc(x.headline)}</a><span class="jb-related__date"'
            f">{_card_date(x)}</span></li>"
            for x in same
        )
        title = '<h3 class="jb-related__title">Berita Terkait</h3>'
        return f'<section class="jb-related">{title}<ul>{items}</ul></section>'

    def comments(self, a: Article) -> str:
        if a.id % 3:
            return (
                '<section id="comments" class="comments-area">'
                '<p class="no-comments">Belum ada komentar.</p></section>'
            )
        d = a.local_published
        return (
            '<section id="comments" class="comments-area"><h2 class="comments-title">2 Komentar</h2>'
            '<ol class="comment-list">'
            '<li class="comment"><footer class="comment-meta"><b class="fn">Andre</b> <time'
            f">{d:%d/%m/%Y} pukul 10.15</time>"
            '</footer><div class="comment-content"><p>Semoga kebijakan ini berdampak baik bagi'
            f" masyarakat.</p></div>{self.reply_link(a, a.id * 10 + 1)}</li>"
            '<li class="comment"><footer class="comment-meta"><b class="fn">Sinta</b> <time'
            f">{d:%d/%m/%Y} pukul 11.02</time>"
            '</footer><div class="comment-content"><p>Terima kasih infonya, sangat bermanfaat.</p>'
            f"</div>{self.reply_link(a, a.id * 10 + 2)}</li></ol>"
            '<div id="respond" class="comment-respond"><h3>Tinggalkan Balasan</h3></div></section>'
        )

    def article(self, site, a: Article, base: str, page: int = 1) -> str:
        authors = ", ".join(f'<a href="/author/{x.slug}/" rel="author">{esc(x.name)}</a>' for x in a.authors)
        upd = updated(a)
        if a.date_mode == "visible" and a.header_form == "liputan6" and upd:
            dates = (
                f'<span class="jb-post__updated">{upd}</span> / '
                f'<span class="jb-post__date">{date_line(a)}</span>'
            )
        else:
            dates = f'<span class="jb-post__date">{date_line(a)}</span>'
            if upd:
                dates += f' <span class="jb-post__updated">{upd}</span>'
        figure = ""
        if a.image:
            cap = f"<figcaption>{esc(a.image.caption)}</figcaption>" if a.image.caption else ""
            figure = (
                f'<figure class="jb-post__image"><img src="{attr(a.image.path)}" alt="{attr(a.image.alt)}" '
                f'width="800" height="450">{cap}</figure>'
            )
        tags = "".join(f'<a href="/tag/{t.slug}/" rel="tag">{esc(t.name)}</a>' for t in a.tags)
        main = (
            f'<main id="primary" class="jb-main"><article id="post-{a.id}" class="jb-post post-{a.id}'
            ' post type-post">\n'
            '<nav class="jb-breadcrumb"><a href="/">Home</a> » '
            f'<a href="/category/{a.category.slug}/">{esc(a.category.name)}</a></nav>\n'
            f'<div class="jb-post__category"><a href="/category/{a.category.slug}/" rel="category tag">'
            f"{esc(a.category.name)}</a></div>\n"
            f'<h1 class="jb-post__title">{esc(a.headline)}</h1>\n'
            f'<div class="jb-post__meta"><span class="jb-post__author">Penulis: {authors}</span>'
            f" {dates}</div>\n"
            f"{self.share(a, base, 'top')}\n{figure}\n"
            f'<div class="jb-post__content">\n{body_html(a, page)}\n{page_links(a, page)}</div>\n'
            f'<div class="jb-post__tags"><span>Tags:</span> {tags}</div>\n'
            f"{self.share(a, base, 'bottom')}\n{self.related(site, a)}\n{self.comments(a)}\n"
            "</article></main>"
        )
        cls = f"post-template-default single single-post postid-{a.id} single-format-standard"
        return self.page_shell(site, base, yoast_head(a, base, site.brand.name, page), main, cls)

    # ----- listings and pages ------------------------------------------------------------------------
    def pagination(self, page: int, pages: int, base_path: str) -> str:
        def href(n: int) -> str:
            return base_path if n == 1 else f"{base_path}page/{n}/"

        links = []
        if page > 1:
            links.append(f'<a class="prev page-numbers" href="{href(page - 1)}">« Sebelumnya</a>')
        for n in sorted({1, page - 1, page, page + 1, pages}):
            if 1 <= n <= pages:
                links.append(
                    f'<span aria-current="page" class="page-numbers current">{n}</span>'
                    if n == page
                    else f'<a class="page-numbers" href="{href(n)}">{n}</a>'
                )
        if page < pages:
            links.append(f'<a class="next page-numbers" href="{href(page + 1)}">Berikutnya »</a>')
        return '<nav class="navigation pagination"><div class="nav-links">' + " ".join(links) + "</div></nav>"

    def listing(
        self,
        site,
        title: str,
        items: list[Article],
        page: int,
        pages: int,
        base_path: str,
        base: str,
        after: str = "",
    ) -> str:
        cards = "\n".join(
            f'<article class="jb-card post-{a.id}"><a class="jb-card__thumb" href="{a.path}">'
            + (f'<img src="{attr(a.image.path)}" alt="{attr(a.image.alt)}">' if a.image else "")
            + '</a><div class="jb-card__body"><span class="jb-card__cat">'
            f'<a href="/category/{a.category.slug}/">'
            f"{esc(a.category.name)}</a></span>"
            f'<h2 class="jb-card__title"><a href="{a.path}">{esc(a.headline)}</a></h2>'
            f'<span class="jb-card__date">{_ago(a, site.now)}</span>'
            f'<p class="jb-card__excerpt">{esc(a.description)}</p></div></article>'
            for a in items
        )
        canonical = base + (base_path if page == 1 else f"{base_path}page/{page}/")
        head = (
            f"<title>{esc(title)} - {site.brand.name}</title>\n"
            f'<link rel="canonical" href="{attr(canonical)}">\n<meta property="og:type" content="website">'
        )
        main = (
            f'<main id="primary" class="jb-main jb-archive"><h1 class="jb-archive__title">{esc(title)}</h1>\n'
            f"{cards}\n{self.pagination(page, pages, base_path)}{after}\n</main>"
        )
        return self.page_shell(site, base, head, main, "archive")

    def static_page(self, site, page: Page, base: str) -> str:
        paras = "".join(f"<p>{esc(t)}</p>" for t in page.paragraphs)
        head = (
            f"<title>{esc(page.title)} - {site.brand.name}</title>\n"
            f'<link rel="canonical" href="{base}/{page.slug}/">'
        )
        main = (
            f'<main id="primary" class="jb-main"><article class="page"><h1 class="jb-page__title">'
            f'{esc(page.title)}</h1><div class="jb-page__content">{paras}</div></article></main>'
        )
        return self.page_shell(site, base, head, main, "page-template-default page")

    def not_found(self, site, base: str) -> str:
        main = (
            '<main id="primary" class="jb-main"><section class="error-404 not-found"><h1>Halaman tidak '
            "ditemukan</h1><p>Maaf, halaman yang Anda cari tidak tersedia.</p>"
            # hostile mode: a relative link on a soft 404 grows the path on every hop
            + ('<p><a href="page/2/">Berita lainnya</a></p>' if self.hostile else "")
            + "</section></main>"
        )
        return self.page_shell(
            site, base, f"<title>Halaman tidak ditemukan - {site.brand.name}</title>", main, "error404"
        )
