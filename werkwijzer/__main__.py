"""`python -m werkwijzer` runs the command line."""

from werkwijzer.cli import main

raise SystemExit(main())
