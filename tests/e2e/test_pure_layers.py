"""The pure layers stay pure: imported in a fresh interpreter, they load no Scrapy (nor Twisted), and the
common date forms no dateparser. A fresh interpreter is the only honest check, since the test session has
long imported everything."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_common_forms_never_import_dateparser() -> None:
    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from crawler.dates import parse_date\n"
        "ref = datetime(2025, 6, 20, 12)\n"
        "texts = ['Rabu, 18 Jun 2025 07:30 WIB', '2022-03-15T08:12:40+0700', '5 jam lalu', '31 Juni 2023']\n"
        "for text in texts:\n"
        "    parse_date(text, reference=ref)\n"
        "print('dateparser' in sys.modules, 'scrapy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_discovery_imports_no_scrapy():
    code = "import sys, crawler.discovery; sys.exit('scrapy' in sys.modules or 'twisted' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_library_is_pure_no_scrapy_import() -> None:
    code = "import sys, crawler.extract; sys.exit(1 if 'scrapy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_the_item_module_imports_no_scrapy() -> None:
    code = "import sys, crawler.items, crawler.extract; print('scrapy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_judging_is_pure_only_the_extension_imports_scrapy():
    pure = ("tally", "drift", "checks", "report", "timeline", "svg", "html_report", "history")
    modules = ", ".join(f"crawler.monitoring.{name}" for name in pure)
    code = f"import sys, {modules}; sys.exit(1 if 'scrapy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
