"""Downloader middlewares that keep a crawl alive and polite on hostile input: every bad response counted
(``badresponse``), robots.txt ``Crawl-delay`` applied (``crawldelay``), ``Retry-After`` honoured
(``retryafter``), cut HTML (``truncation``) and wrong charsets (``charset``) repaired."""
