"""The ``warta`` command: the crawler's everyday tasks beside the Scrapy idioms, not instead of them.

``warta crawl`` is ``scrapy crawl`` (same options, same exit codes) from any folder, with the project's
settings found from the installed package; the other subcommands are Warta's own (demo, extract, profile
checks, the article state, the crawl history). Standard library only (argparse); each subcommand imports
what it needs when it runs, so ``warta --help`` stays fast.
"""
