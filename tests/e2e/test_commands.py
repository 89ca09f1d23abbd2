"""Commands a developer runs from a checkout, run as they run them: the schema generator's check and
``scrapy list``."""

from __future__ import annotations

import subprocess
import sys

from crawler.profiles import profile_names
from tests.conftest import ROOT


def test_the_generator_command_checks_from_a_checkout() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crawler.schema.generate", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---- every profile is a spider ---------------------------------------------------------------------
def test_every_profile_is_a_spider_in_scrapy_list() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    spiders = set(out.stdout.split())
    assert set(profile_names()) <= spiders
