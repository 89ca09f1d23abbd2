"""Project commands (``COMMANDS_MODULE = "crawler.commands"``): ``crawl`` with an exit code that tells."""
