"""``warta crawl SPIDER [options]``: Scrapy's crawl command itself, so options and exit codes are Scrapy's
(and the project's ``crawler.commands.crawl``: 0 ok, 1 cannot start, 2 bad command line, 3 bad run)."""

from __future__ import annotations


def run_crawl(args: list[str]) -> int:
    """``scrapy crawl`` in this process; its exit code."""
    from scrapy.cmdline import execute

    try:
        execute(["scrapy", "crawl", *args])
    except SystemExit as done:  # execute() always ends with sys.exit(the command's exit code)
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
