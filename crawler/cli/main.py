"""``warta``: parse the command line and hand over to one subcommand module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

SETTINGS_MODULE = "crawler.settings"
# Exit codes beside scrapy crawl's (0 ok, 1 cannot start, 3 bad run): 2 a bad command line (argparse's).
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def use_project_settings() -> None:
    """Make Scrapy find Warta's settings wherever the command runs (an installed package has no
    scrapy.cfg beside it); an explicit ``SCRAPY_SETTINGS_MODULE`` is left alone."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)


def _crawl(args: argparse.Namespace) -> int:
    from crawler.cli.crawl import run_crawl

    return run_crawl([args.spider, *args.scrapy_args])


def _demo(args: argparse.Namespace) -> int:
    from crawler.cli.demo import run_demo

    return run_demo(args.data_dir)


def _extract(args: argparse.Namespace) -> int:
    from crawler.cli.extract import run_extract

    return run_extract(
        args.file, args.url, profile_name=args.profile, encoding=args.encoding, internal=args.internal
    )


def _profiles_check(args: argparse.Namespace) -> int:
    from crawler.cli.profiles import check_profiles

    return check_profiles()


def _report(args: argparse.Namespace) -> int:
    from crawler.cli.report import rebuild

    return rebuild(args.data_dir)


def _state(args: argparse.Namespace) -> int:
    from crawler.cli.state import run_state

    return run_state(args)


def _default_data_dir() -> str:
    from crawler.settings import WARTA_DATA_DIR

    return WARTA_DATA_DIR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warta",
        description="Warta, a crawler for Indonesian news portals. Scrapy's own commands (scrapy crawl, "
        "list, parse, check, shell) work too; see README.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = commands.add_parser(
        "crawl",
        help="scrapy crawl SPIDER [options]: same options, same exit codes (0 ok, 1 cannot start, 3 bad run)",
        description="Runs `scrapy crawl SPIDER ARGS...` with Warta's settings, from any folder. Every "
        "option after SPIDER is Scrapy's (-a name=value, -s NAME=VALUE, -O FILE, -L LEVEL).",
    )
    crawl.add_argument("spider", help="a spider of `scrapy list`: a profile name, or portal")
    crawl.add_argument("scrapy_args", nargs=argparse.REMAINDER, help="scrapy crawl's options")
    crawl.set_defaults(run=_crawl)

    demo = commands.add_parser(
        "demo", help="serve the bundled demo portal on 127.0.0.1 and crawl it from empty state"
    )
    demo.add_argument(
        "--data-dir",
        default=os.path.join("data", "demo"),
        help="the demo's data folder, emptied first; it must be new, empty or an earlier demo's "
        "(default: data/demo)",
    )
    demo.set_defaults(run=_demo)

    extract = commands.add_parser("extract", help="the item of one saved article page, as JSON on stdout")
    extract.add_argument("file", help="the saved HTML page; - reads standard input")
    extract.add_argument("--url", required=True, help="the URL the page was fetched from")
    extract.add_argument(
        "--profile", help="a profile name (default: the profile whose domains hold --url, else generic)"
    )
    extract.add_argument("--encoding", help="the page's encoding when it does not say (default: detected)")
    extract.add_argument(
        "--internal", action="store_true", help="also the fields the pipelines read (pageType, profileMisses)"
    )
    extract.set_defaults(run=_extract)

    profiles = commands.add_parser("profiles", help="portal profiles")
    profile_commands = profiles.add_subparsers(dest="profiles_command", required=True, metavar="COMMAND")
    check = profile_commands.add_parser(
        "check",
        help="load every profile (TOML, keys, URL and dateline patterns, CSS selectors); exit 1 on errors",
    )
    check.set_defaults(run=_profiles_check)

    report = commands.add_parser("report", help="rebuild the crawl history page from the run reports")
    report.add_argument("data_dir", nargs="?", default=None, help="the data folder (default: WARTA_DATA_DIR)")
    report.set_defaults(run=_report)

    state = commands.add_parser(
        "state",
        help="forget articles, or export them again, through the spider's article state",
        description="Operate on data/state/<spider>.sqlite between crawls (with WARTA_REDIS_URL set: on the "
        "shared crawl's state in Redis, while none of its workers is live). forget: the state forgets the "
        "selected URLs (exported or only fetched): the next run fetches them and exports them as new "
        "(version 1). reexport: the next run fetches the selected exported articles and exports them "
        "again even if unchanged, under the version they had (a changed body gets the next version).",
    )
    state.add_argument("action", choices=("forget", "reexport"))
    state.add_argument("--spider", required=True, help="the spider whose state to change")
    state.add_argument("--url", action="append", default=[], help="an article URL (repeatable)")
    state.add_argument("--since", help="first day (YYYY-MM-DD, UTC) the articles were exported or fetched")
    state.add_argument("--until", help="last day (YYYY-MM-DD, UTC), included")
    state.add_argument("--data-dir", default=None, help="the data folder (default: WARTA_DATA_DIR)")
    state.add_argument("--dry-run", action="store_true", help="only count what would change")
    state.add_argument(
        "--redis-prefix", default=None, help="with WARTA_REDIS_URL: the key prefix (WARTA_REDIS_PREFIX)"
    )
    state.set_defaults(run=_state)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_project_settings()
    args = build_parser().parse_args(argv)
    if getattr(args, "data_dir", "") is None:  # report, state: WARTA_DATA_DIR unless given
        args.data_dir = _default_data_dir()
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
