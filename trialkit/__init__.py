"""trialkit: clinical-trial protocol design, from published evidence to a Word protocol.

The package root stays light: heavy layers (power, evidence, design, render, tui)
are imported only when used, so the command line starts quickly.
"""

from trialkit.errors import InvalidParameter, NoSolution, TrialkitError

__all__ = ["InvalidParameter", "NoSolution", "TrialkitError", "__version__"]
__version__ = "0.1.0"
