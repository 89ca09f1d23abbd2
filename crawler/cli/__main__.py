"""``python -m crawler.cli``: the ``warta`` command without the installed script."""

from crawler.cli.main import main

raise SystemExit(main())
