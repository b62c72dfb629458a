"""The command line: a thin click layer over the library."""

from styrdok.cli.commands import main

__all__ = ["main"]
