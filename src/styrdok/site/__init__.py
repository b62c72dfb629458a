"""The published site: a static, self-contained website of the governance repository
(``styrdok site -o KATALOG``) – the documents in force and the proposals with each
redline, every remiss round with its status and deadlines, the remissammanställning and
the direktion's summary, and a JSON feed of the rounds. Relative links only, so it works
from disk and from any static host."""
