"""A redesigned theme whose class names the profile does not know (theme drift).

Same data, same truth, different structure: obfuscated classes, ``<time>`` date, ``<h1>`` without a
class, the body wrapped twice, tags as a list, caption in a ``<span>``. Extraction must degrade to the
JSON-LD/meta and generic layers instead of emptying items.
"""

from __future__ import annotations

from ..model import Article, Page
from .base import Theme, attr, body_html, date_line, esc, page_links, updated, yoast_head


class DriftTheme(Theme):
    name = "drift"

    def shell(self, site, base: str, head: str, main: str) -> str:
        cats = "".join(
            f'<a class="n4-i" href="/category/{c.slug}/">{esc(c.name)}</a>' for c in site.categories.values()
        )
        pop = "".join(
            f'<div class="w2-r"><a href="{a.path}">{esc(a.headline)}</a></div>' for a in site.popular
        )
        return (
            f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n{head}\n</head>\n<body>\n'
            f'<div class="zq-81"><div class="hx-0a"><a href="{base}/">{site.brand.name}</a>'
            f'<nav class="n4-m">{cats}'
            '<a class="n4-i" href="/wp-admin/">Login</a></nav></div>\n'
            f'<div class="lk-77"><div class="c0-main">{main}</div><div class="c0-side"><div'
            ' class="w2-h">Terpopuler</div>'
            f'{pop}<div class="w2-r"><a href="{attr(site.tracked_url_path)}">Trending</a></div>'
            f'<div class="w2-r"><a href="{site.missing_path}">Arsip lama</a></div>{self.trap_widget(site)}'
            "</div></div>\n"
            f'<div class="ft-3"><span>© {site.brand.name}</span></div></div>\n</body>\n</html>\n'
        )

    def article(self, site, a: Article, base: str, page: int = 1) -> str:
        upd = updated(a)
        img = ""
        if a.image:
            cap = f'<span class="qv-cap">{esc(a.image.caption)}</span>' if a.image.caption else ""
            src = attr(a.image.path)
            img = f'<div class="qv-9"><img data-src="{src}" src="{src}" alt="{attr(a.image.alt)}">{cap}</div>'
        authors = " &amp; ".join(
            f'<a class="ux-a" href="/author/{x.slug}/">{esc(x.name)}</a>' for x in a.authors
        )
        tags = "".join(f'<li><a href="/tag/{t.slug}/">#{esc(t.name)}</a></li>' for t in a.tags)
        main = (
            f'<div class="p7-wrap" data-id="{a.id}"><div class="p7-k"><a href="/category/{a.category.slug}/">'
            f"{esc(a.category.name)}</a></div>\n<h1>{esc(a.headline)}</h1>\n"
            f'<div class="p7-m"><div class="ux-b">Oleh {authors}</div><time class="tm-2"'
            f">{date_line(a)}</time>" + (f'<div class="tm-3">{upd}</div>' if upd else "") + f"</div>\n{img}\n"
            f'<div class="rd-x1"><div class="rd-x1__c">\n{body_html(a, page)}\n</div>'
            f"{page_links(a, page)}</div>\n"
            f'<ul class="tg-91">{tags}</ul>\n'
            '<div class="sh-5"><a href="https://www.facebook.com/">f</a><a href="https://twitter.com/">t</a></div>\n'
            "</div>"
        )
        return self.shell(site, base, yoast_head(a, base, site.brand.name, page), main)

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
        rows = "".join(
            f'<div class="li-4"><a class="li-4t" href="{a.path}">{esc(a.headline)}</a><i'
            f">{date_line(a)}</i></div>"
            for a in items
        )
        nav = ""
        if page > 1:
            prev = base_path if page == 2 else f"{base_path}page/{page - 1}/"
            nav += f'<a class="pg-p" href="{prev}">Prev</a>'
        if page < pages:
            nav += f'<a class="pg-n" href="{base_path}page/{page + 1}/">Next</a>'
        return self.shell(
            site,
            base,
            f"<title>{esc(title)} - {site.brand.name}</title>",
            f'<h2 class="li-h">{esc(title)}</h2>{rows}<div class="pg-0">{nav}</div>{after}',
        )

    def static_page(self, site, page: Page, base: str) -> str:
        paras = "".join(f"<p>{esc(t)}</p>" for t in page.paragraphs)
        return self.shell(
            site, base, f"<title>{esc(page.title)}</title>", f"<h1>{esc(page.title)}</h1>{paras}"
        )

    def not_found(self, site, base: str) -> str:
        return self.shell(site, base, "<title>404</title>", "<h1>404</h1><p>Tidak ditemukan.</p>")
