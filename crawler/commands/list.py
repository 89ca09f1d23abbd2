"""``scrapy list`` that also checks every profile: a broken one is named on stderr and the exit code is 1.

The spiders are still listed (a broken profile's spider too: it exists, and fails at start), so scripts
reading the list keep working; the exit code tells a deploy or CI step that a profile needs fixing.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.list import Command as ScrapyList

from crawler.commands.startup import one_line
from crawler.profiles import broken_profiles

EXIT_BROKEN_PROFILE = 1


class Command(ScrapyList):
    """Scrapy's ``list``, then one line per profile that does not load."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        broken = broken_profiles()
        for name, problem in sorted(broken.items()):
            print(f"warta: profile {name!r} is broken: {one_line(problem)}", file=sys.stderr)
        if broken:
            self.exitcode = EXIT_BROKEN_PROFILE
