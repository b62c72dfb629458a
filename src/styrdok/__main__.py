"""``python -m styrdok``: the same as the ``styrdok`` command."""

from styrdok.cli import main

main()
