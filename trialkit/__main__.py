"""Run trialkit as ``python -m trialkit``."""

from trialkit.cli import main

raise SystemExit(main())
