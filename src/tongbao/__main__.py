"""``python -m tongbao``: the command line."""

from .cli import main

raise SystemExit(main())
