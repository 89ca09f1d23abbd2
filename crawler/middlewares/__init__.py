"""Downloader middlewares that keep a crawl alive and polite on hostile input: requests kept on the
portal's origins, ports included (``offsite``), every bad response counted (``badresponse``), robots.txt
``Crawl-delay`` applied (``crawldelay``), ``Retry-After`` honoured (``retryafter``), cut HTML
(``truncation``) and wrong charsets (``charset``) repaired."""
