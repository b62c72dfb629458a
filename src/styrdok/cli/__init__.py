"""The command line: a thin click layer over the library, one module per area.

``app`` builds the command tree; ``documents``, ``remiss``, ``answers`` and ``reports``
hold the commands; ``options`` and ``output`` what they share; ``messages`` makes click
speak Swedish."""

from styrdok.cli.app import main

__all__ = ["main"]
