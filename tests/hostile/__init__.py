"""Test-only crawl helpers: a kill switch for resume tests and a hostile HTTP server on 127.0.0.1."""
