"""``scrapy shell [URL]``: Scrapy's, keeping no records, with a portal spider pointed at the page's host."""

from __future__ import annotations

from scrapy.commands.shell import Command as ScrapyShell

from crawler.commands.looking import LooksAtPage


class Command(LooksAtPage, ScrapyShell):
    """The interactive console (``-c CODE`` runs one expression and prints it)."""
