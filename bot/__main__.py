"""`python -m bot` is the same as the `crisisbot` command."""

import sys

from bot.app.cli import main

sys.exit(main())
