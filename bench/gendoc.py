"""Generate large, realistic Swedish governance documents for the diff benchmark.

``generate`` builds a document (chapters ``## N kap.`` with sections ``### M §``,
paragraphs and lists of Swedish-like text) from a seed; ``revise`` returns an edited
copy: scattered word edits, a block of renumbered sections and a few changed headings;
``write_repo`` commits both versions to a new git repository. Everything is
deterministic for a given seed.

    python bench/gendoc.py --words 30000 --headings 300 /tmp/styrdok-bench
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import random
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["paragraph", "bullet", "ordered"]
DOC_NAME = "reglemente"

# --- vocabulary -------------------------------------------------------------------------

_FUNCTION = """och att i som en ett på är för med av till den det de om inte ska får har kan
eller vid enligt samt från under efter genom inom mellan utan där när denna detta dessa
vilket vilka så även också dock varje annan andra sådan sådant sina sin sitt dess deras bör
skall vara varit blir blivit hos mot inför över senast minst högst särskilt endast dels
alla inga någon något båda första andra tredje""".split()

# Nouns: base, definite singular, indefinite plural, definite plural.
_NOUNS = """direktion:en:er:erna förbund:et::en kommun:en:er:erna medlem:men:mar:marna
ledamot:en:=ledamöter:=ledamöterna ersättare:n::=ersättarna ordförande:n::na
beslut:et::en ärende:t:n:na
sammanträde:t:n:na protokoll:et::en budget:en:ar:arna verksamhet:en:er:erna
revisor:n:er:erna revision:en:er:erna ansvar:et:: uppdrag:et::en avtal:et::en
ordning:en:ar:arna reglemente:t:n:na förslag:et::en yttrande:t:n:na fullmäktige:::
styrelse:n:r:rna nämnd:en:er:erna utskott:et::en kansli:et:er:erna förbundschef:en:er:erna
tjänsteman:nen:=tjänstemän:=tjänstemännen handling:en:ar:arna rätt:en:er:erna skyldighet:en:er:erna
kostnad:en:er:erna intäkt:en:er:erna andel:en:ar:arna tillgång:en:ar:arna skuld:en:er:erna
plan:en:er:erna år:et::en mandatperiod:en:er:erna tid:en:er:erna dag:en:ar:arna
vecka:n:=veckor:=veckorna månad:en:er:erna kvartal:et::en rapport:en:er:erna
uppföljning:en:ar:arna delegation:en:er:erna delegat:en:er:erna jäv:et:: val:et::en
kallelse:n:r:rna föredragning:en:ar:arna justering:en:ar:arna anslag:et::en
tavla:n:=tavlor:=tavlorna webbplats:en:er:erna arkiv:et::en handläggning:en:ar:arna
ersättning:en:ar:arna arvode:t:n:na lön:en:er:erna pension:en:er:erna
förvaltning:en:ar:arna myndighet:en:er:erna lag:en:ar:arna förordning:en:ar:arna
bestämmelse:n:r:rna föreskrift:en:er:erna paragraf:en:er:erna stycke:t:n:na
punkt:en:er:erna bilaga:n:=bilagor:=bilagorna ändring:en:ar:arna tillägg:et::en
upphävande:t:n:na likvidation:en:er:erna upplösning:en:ar:arna tvist:en:er:erna
part:en:er:erna domstol:en:ar:arna skiljenämnd:en:er:erna information:en:er:erna
samråd:et::en samverkan:::: samarbete:t:n:na utveckling:en:ar:arna digitalisering:en::
tjänst:en:er:erna leverans:en:er:erna drift:en:er:erna säkerhet:en:er:erna
tillgänglighet:en:er:erna invånare:n::=invånarna medborgare:n::=medborgarna företag:et::en
organisation:en:er:erna personal:en:: anställd::a: arbetsgivare:n::=arbetsgivarna
upphandling:en:ar:arna inköp:et::en investering:en:ar:arna lån:et::en borgen:::
fond:en:er:erna medel:=medlet::=medlen resurs:en:er:erna behov:et::en mål:et::en
riktlinje:n:r:rna policy:n:er:erna strategi:n:er:erna program:met::men
risk:en:er:erna kontroll:en:er:erna granskning:en:ar:arna bedömning:en:ar:arna
underlag:et::en redovisning:en:ar:arna bokslut:et::en årsredovisning:en:ar:arna
delårsrapport:en:er:erna prognos:en:er:erna resultat:et::en överskott:et::en
underskott:et::en fördelning:en:ar:arna grund:en:er:erna nyckel:n:=nycklar:=nycklarna
invånarantal:et::en befolkning:en:ar:arna region:en:er:erna län:et::en
styrning:en:ar:arna ledning:en:ar:arna insyn:en:: rapportering:en:ar:arna
begäran:::: fråga:n:=frågor:=frågorna synpunkt:en:er:erna remiss:en:er:erna
motion:en:er:erna initiativ:et::en omröstning:en:ar:arna majoritet:en:er:erna
röst:en:er:erna reservation:en:er:erna närvaro:n:: frånvaro:n:: förhinder:=förhindret::
mötesplats:en:er:erna lokal:en:er:erna utrustning:en:ar:arna system:et::en
""".split()

# First conjugation: -ar, -ade, -at, -as.
_VERBS_AR = """besluta ansvara behandla granska redovisa rapportera samordna pröva underrätta
kalla justera publicera arkivera utveckla fördela finansiera reglera ändra tillämpa
samverka informera samråda utvärdera planera organisera representera teckna
underteckna motivera komplettera registrera förvalta yttra upprätta upphandla beakta
meddela bifoga delegera bevaka hantera inventera kontrollera presentera protokollföra
redogöra utreda""".split()
# Other verbs as written: present, supine, infinitive, participle.
_VERBS_OTHER = """väljer valt välja vald utser utsett utse utsedd antar antagit anta
antagen ingår ingått ingå ingången gäller gällt gälla gällande får fått få given
sker skett ske skedd träder trätt träda trädd avgör avgjort avgöra avgjord lämnar
lämnat lämna lämnad ställer ställt ställa ställd tar tagit ta tagen ger gett ge
givet bestämmer bestämt bestämma bestämd kvarstår kvarstått kvarstå kvarstående
upphör upphört upphöra upphörande inträder inträtt inträda inträdande utträder
utträtt utträda utträdande fastställer fastställt fastställa fastställd anmäler anmält
anmäla anmäld bereder berett bereda beredd föreslår föreslagit föreslå föreslagen
godkänner godkänt godkänna godkänd begär begärt begära begärd täcker täckt täcka täckt
upphäver upphävt upphäva upphävd verkställer verkställt verkställa verkställd följer
följt följa följd leder lett leda ledd företräder företrätt företräda företrädd
handlägger handlagt handlägga handlagd diarieför diariefört diarieföra diarieförd
kräver krävt kräva krävd behöver behövt behöva behövd""".split()

_ADJECTIVES = """ekonomisk rättslig formell skriftlig muntlig ordinarie extra särskild årlig
närmare övrig tidigare senare nuvarande ny stor hög låg lämplig nödvändig tillräcklig
rimlig skälig fullständig offentlig kommunal regional statlig lokal central digital
teknisk administrativ politisk strategisk operativ långsiktig kortsiktig gällande
slutlig preliminär tillfällig permanent likvärdig jämn proportionell ansvarig behörig
jävig oberoende opartisk saklig effektiv stabil tydlig enhetlig""".split()

_MODIFIERS = """förbunds kommun medlems budget verksamhets ekonomi revisions ersättnings
direktions sammanträdes arkiv delegations styr drift tjänste kostnads investerings
planerings uppföljnings säkerhets informations personal lednings utvecklings
upphandlings avtals ärende beslut""".split()
_HEADS = """ordning plan chef kansli möte period frågor underlag rapport område ansvar
beslut avgift kostnad nivå modell process rutin principer system organisation
struktur dokument handling avtal ram""".split()

_TITLE_NOUNS = """Ändamål Medlemmar Organ Direktion Revisorer Ersättare Ordförande Sammanträden
Kallelse Protokoll Justering Delegation Jäv Budget Kostnadsfördelning Andelar Tillgångar
Skulder Insyn Rapportering Uppföljning Arkiv Arvoden Förvaltning Upphandling Avtal
Tvister Likvidation Upplösning Utträde Ändringar Ikraftträdande Tillämpning Mandattid
Beredning Yttranden Anslag Tillkännagivande Ansvar Kansli Förbundschef Personal
Säkerhet Information Samråd Samverkan Initiativ Motioner Val Omröstning Reservation
Beslutförhet Närvarorätt Yttranderätt Förslagsrätt Lån Borgen Investeringar Finansiering
Redovisning Bokslut Verksamhetsplan Styrning Kontroll Granskning Risker""".split()

_TITLE_LINKS = ("och", "för", "vid", "av", "om", "enligt", "inom")


@dataclass(frozen=True)
class Vocabulary:
    """Words to draw text from: frequent function words and Zipf-weighted content words."""

    function: tuple[str, ...]
    content: tuple[str, ...]
    content_weights: tuple[float, ...]

    @property
    def size(self) -> int:
        return len(set(self.function) | set(self.content))


def _nouns() -> list[str]:
    out = []
    for entry in _NOUNS:
        base, definite, plural, definite_plural = (entry.split(":") + ["", "", ""])[:4]
        out.append(base)
        for suffix in (definite, plural, definite_plural):
            if not suffix:
                continue
            # An ending to append, or "=word" for an irregular form.
            out.append(suffix[1:] if suffix.startswith("=") else base + suffix)
    return out


def _verbs() -> list[str]:
    out = [verb + ending for verb in _VERBS_AR for ending in ("", "r", "de", "t", "s")]
    return out + _VERBS_OTHER


def _adjectives() -> list[str]:
    out = []
    for adjective in _ADJECTIVES:
        out.append(adjective)
        if adjective.endswith(("ig", "isk", "lig", "ell", "al", "iv", "är")):
            out += [adjective + "t", adjective + "a"]
        elif not adjective.endswith(("e", "a")):
            out.append(adjective + "a")
    return out


def _compounds() -> list[str]:
    out = [m + h for m in _MODIFIERS for h in _HEADS]
    # And the definite forms of some of them: förbundsordningen, budgetplanen.
    return out + [m + h + "en" for m in _MODIFIERS[:18] for h in ("plan", "ordning", "rapport")]


def build_vocabulary() -> Vocabulary:
    """Return a vocabulary of about 2,000 plausible Swedish words, the same every time."""
    function = tuple(dict.fromkeys(_FUNCTION))
    content_words = [*_nouns(), *_verbs(), *_adjectives(), *_compounds()]
    content = tuple(dict.fromkeys(w.lower() for w in content_words if w.isalpha()))
    # A fixed shuffle, then Zipf weights: a few words are common, most are rare.
    order = list(content)
    random.Random(1729).shuffle(order)
    weights = tuple(1.0 / (rank + 10) for rank in range(len(order)))
    return Vocabulary(function, tuple(order), weights)


# --- document model ---------------------------------------------------------------------


@dataclass
class GenBlock:
    """A paragraph or list item as a list of words (punctuation attached to words)."""

    kind: BlockKind
    words: list[str]
    depth: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class GenSection:
    """A ``### M § Rubrik`` section."""

    number: int
    title: str
    blocks: list[GenBlock] = field(default_factory=list)


@dataclass
class GenChapter:
    """A ``## N kap. Rubrik`` chapter and its sections."""

    number: int
    title: str
    sections: list[GenSection] = field(default_factory=list)


@dataclass
class GenDocument:
    """A generated document: front matter values, title, preamble and chapters."""

    title: str
    kind: str
    preamble: list[GenBlock]
    chapters: list[GenChapter]
    status: str = "gällande"
    version: str = "gällande"

    @property
    def headings(self) -> int:
        return 1 + len(self.chapters) + sum(len(c.sections) for c in self.chapters)

    def blocks(self) -> list[GenBlock]:
        return [*self.preamble, *(b for c in self.chapters for s in c.sections for b in s.blocks)]


_WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Return the number of words (runs of letters and digits) in ``text``."""
    return len(_WORD.findall(text))


# --- text generation --------------------------------------------------------------------


class _Writer:
    """Draws words, sentences, paragraphs and lists from a vocabulary with one RNG."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self._cumulative = list(itertools.accumulate(vocabulary.content_weights))

    def word(self) -> str:
        if self.rng.random() < 0.38:
            return self.rng.choice(self.vocabulary.function)
        return self.rng.choices(self.vocabulary.content, cum_weights=self._cumulative)[0]

    def words(self, n: int) -> list[str]:
        return [self.word() for _ in range(n)]

    def sentence(self, low: int = 8, high: int = 25) -> list[str]:
        words = self.words(self.rng.randint(low, high))
        words[0] = words[0].capitalize()
        if len(words) > 10 and self.rng.random() < 0.35:
            at = self.rng.randint(3, len(words) - 4)
            words[at] += ","
        if self.rng.random() < 0.08:
            chapter, section = self.rng.randint(1, 20), self.rng.randint(1, 30)
            words += ["enligt", str(chapter), "kap.", str(section), "§"]
        words[-1] += "."
        return words

    def paragraph(self, budget: int = 1_000) -> GenBlock:
        """Return 1–5 sentences, fewer when ``budget`` words are reached."""
        words: list[str] = []
        for _ in range(self.rng.randint(1, 5)):
            words += self.sentence()
            if len(words) >= budget:
                break
        return GenBlock("paragraph", words)

    def list_blocks(self) -> list[GenBlock]:
        """Return a lead-in paragraph ending with a colon and 2–6 list items."""
        lead = self.sentence(6, 16)
        lead[-1] = lead[-1].rstrip(".") + ":"
        kind: BlockKind = "ordered" if self.rng.random() < 0.5 else "bullet"
        n = self.rng.randint(2, 6)
        out = [GenBlock("paragraph", lead)]
        for k in range(n):
            item = self.words(self.rng.randint(3, 14))
            item[-1] += "." if k == n - 1 else ","
            out.append(GenBlock(kind, item))
            if kind == "ordered" and self.rng.random() < 0.15:
                for _ in range(self.rng.randint(1, 3)):
                    sub = self.words(self.rng.randint(2, 8))
                    sub[-1] += ","
                    out.append(GenBlock("bullet", sub, depth=1))
        return out

    def title(self) -> str:
        first = self.rng.choice(_TITLE_NOUNS)
        if self.rng.random() < 0.4:
            link = self.rng.choice(_TITLE_LINKS)
            return f"{first} {link} {self.rng.choice(self.vocabulary.content)}"
        if self.rng.random() < 0.3:
            return f"{first} och {self.rng.choice(_TITLE_NOUNS).lower()}"
        return first

    def section_blocks(self, budget: int) -> list[GenBlock]:
        blocks: list[GenBlock] = []
        used = 0
        while used < budget or not blocks:
            remaining = budget - used
            if remaining > 40 and self.rng.random() < 0.12:
                new = self.list_blocks()
            else:
                new = [self.paragraph(remaining)]
            blocks += new
            used += sum(len(b.words) for b in new)
        return blocks


def generate(words: int, headings: int, seed: int = 1) -> GenDocument:
    """Return a document of about ``words`` words with ``headings`` headings in all (the
    title, the chapters and their sections). The count is within 2 % unless there are
    too many headings for the words: every section gets at least one sentence."""
    if words < 100:
        raise ValueError(f"words must be at least 100, got {words}")
    if headings < 3:
        raise ValueError(f"headings must be at least 3, got {headings}")
    budget = words
    for _ in range(4):  # paragraphs overshoot their section's budget: scale and retry
        doc = _generate(budget, headings, seed)
        actual = count_words(body_markdown(doc))
        if abs(actual - words) <= 0.02 * words:
            break
        budget = round(budget * words / actual)
    return doc


def _generate(words: int, headings: int, seed: int) -> GenDocument:
    rng = random.Random(seed)
    writer = _Writer(rng, build_vocabulary())
    n_chapters = max(1, round((headings - 1) / 13))
    n_sections = headings - 1 - n_chapters
    # Sections per chapter: uneven, at least one each.
    cuts = sorted(rng.sample(range(1, n_sections), n_chapters - 1)) if n_chapters > 1 else []
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n_sections], strict=True)]
    # Words per section: uneven too (short definitions, long procedural sections).
    preamble_budget = min(120, words // 50)
    shares = [rng.lognormvariate(0, 0.6) for _ in range(n_sections)]
    scale = (words - preamble_budget) / sum(shares)
    budgets = iter(max(8, int(s * scale * 0.97)) for s in shares)
    preamble = writer.section_blocks(preamble_budget)
    chapters = []
    for number, size in enumerate(sizes, start=1):
        chapter = GenChapter(number, writer.title())
        for section_number in range(1, size + 1):
            chapter.sections.append(
                GenSection(section_number, writer.title(), writer.section_blocks(next(budgets)))
            )
        chapters.append(chapter)
    title = f"Reglemente för {rng.choice(['Itsam', 'Sydnärkes', 'Höglandets'])} kommunalförbund"
    return GenDocument(title, "reglemente", preamble, chapters)


# --- revision ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """The revised document and what was changed, to check the comparison against."""

    document: GenDocument
    word_edits: int
    edited_sections: int
    renumbered: int  # sections whose number shifted
    inserted: int  # new sections inserted before the renumbered block
    renumbered_chapter: int | None
    changed_headings: int


def _editable(block: GenBlock, k: int) -> bool:
    word = block.words[k]
    return word.isalpha() and word.islower()


def _edit_words(block: GenBlock, writer: _Writer) -> bool:
    """Replace, insert or delete one plain word in ``block``; return True when done."""
    rng = writer.rng
    candidates = [k for k in range(1, len(block.words)) if _editable(block, k)]
    if not candidates:
        return False
    k = rng.choice(candidates)
    action = rng.random()
    if action < 0.5:
        replacement = writer.word().lower()
        while replacement == block.words[k]:
            replacement = writer.word().lower()
        block.words[k] = replacement
    elif action < 0.8:
        block.words.insert(k, writer.word().lower())
    elif len(block.words) > 3:
        del block.words[k]
    else:
        return False
    return True


def revise(
    doc: GenDocument,
    seed: int = 2,
    edit_rate: float = 0.05,
    edit_sections: int | None = None,
    renumber: bool = True,
    changed_headings: int = 3,
) -> Revision:
    """Return an edited copy of ``doc``.

    ``edit_rate`` of the words get a word-level edit (replace, insert or delete), in
    random paragraphs across the document, or only in ``edit_sections`` random sections
    when given. With ``renumber``, two new sections are inserted in the middle of a
    chapter and the sections after them are renumbered +2 with their text kept as is
    (they get no word edits). ``changed_headings`` section titles get one word changed.
    """
    if not 0 <= edit_rate < 1:
        raise ValueError(f"edit_rate must be in [0, 1), got {edit_rate}")
    new = copy.deepcopy(doc)
    new.status = new.version = "förslag"
    rng = random.Random(seed)
    writer = _Writer(rng, build_vocabulary())

    protected: set[int] = set()  # id() of sections kept verbatim
    renumbered = inserted = 0
    renumbered_chapter = None
    if renumber:
        long_chapters = [c for c in new.chapters if len(c.sections) >= 6]
        if not long_chapters:
            raise ValueError("no chapter has the 6 sections needed for a renumbered block")
        chapter = rng.choice(long_chapters)
        at = len(chapter.sections) // 2
        for section in chapter.sections[at:]:
            section.number += 2
            protected.add(id(section))
            renumbered += 1
        fresh = [
            GenSection(at + k + 1, writer.title(), writer.section_blocks(rng.randint(40, 160)))
            for k in range(2)
        ]
        chapter.sections[at:at] = fresh
        protected.update(id(s) for s in fresh)
        inserted = len(fresh)
        renumbered_chapter = chapter.number

    sections = [s for c in new.chapters for s in c.sections if id(s) not in protected and s.blocks]
    if edit_sections is not None:
        sections = rng.sample(sections, min(edit_sections, len(sections)))
    blocks = [b for s in sections for b in s.blocks]
    owner = {id(b): id(s) for s in sections for b in s.blocks}
    if edit_sections is None:
        blocks += new.preamble
    total = sum(len(b.words) for b in blocks)
    target = max(len(sections) if edit_sections is not None else 1, round(total * edit_rate))
    weights = list(itertools.accumulate(len(b.words) for b in blocks))
    edits = 0
    touched: set[int] = set()
    attempts = 0
    # With a few sections, make sure each one gets at least one edit.
    forced = [s.blocks[0] for s in sections] if edit_sections is not None else []
    while edits < target and attempts < target * 20:
        attempts += 1
        block = forced.pop() if forced else rng.choices(blocks, cum_weights=weights)[0]
        if _edit_words(block, writer):
            edits += 1
            touched.add(owner.get(id(block), 0))

    headings_changed = 0
    candidates = [s for c in new.chapters for s in c.sections if id(s) not in protected]
    for section in rng.sample(candidates, min(changed_headings, len(candidates))):
        old_title = section.title
        while section.title == old_title:
            section.title = f"{writer.title()}"
        headings_changed += 1
    return Revision(
        new, edits, len(touched), renumbered, inserted, renumbered_chapter, headings_changed
    )


# --- Markdown ---------------------------------------------------------------------------


def _render_blocks(blocks: list[GenBlock]) -> list[str]:
    out: list[str] = []
    counter = 0
    previous: GenBlock | None = None
    for block in blocks:
        if block.kind == "paragraph":
            if out:
                out.append("")
            out.append(block.text)
            counter = 0
        else:
            if previous is not None and previous.kind == "paragraph":
                out.append("")
            if block.depth == 0:
                counter = counter + 1 if block.kind == "ordered" else 0
            marker = f"{counter}." if block.kind == "ordered" and block.depth == 0 else "-"
            out.append("    " * block.depth + f"{marker} {block.text}")
        previous = block
    return out


def front_matter(doc: GenDocument) -> list[str]:
    """Return the YAML front matter lines of ``doc``."""
    return [
        "---",
        f"titel: {doc.title}",
        f"typ: {doc.kind}",
        "antas av: Förbundsdirektionen",
        f"status: {doc.status}",
        f"version: {doc.version}",
        "---",
    ]


def body_markdown(doc: GenDocument) -> str:
    """Return the Markdown body of ``doc`` (without front matter)."""
    out = [f"# {doc.title}", "", *_render_blocks(doc.preamble)]
    for chapter in doc.chapters:
        out += ["", f"## {chapter.number} kap. {chapter.title}"]
        for section in chapter.sections:
            out += ["", f"### {section.number} § {section.title}", ""]
            out += _render_blocks(section.blocks)
    return "\n".join(out) + "\n"


def to_markdown(doc: GenDocument) -> str:
    """Return the whole Markdown file of ``doc``: front matter and body."""
    return "\n".join(front_matter(doc)) + "\n\n" + body_markdown(doc)


# --- git --------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Kansliet",
    "GIT_AUTHOR_EMAIL": "kansli@forbund.example",
    "GIT_COMMITTER_NAME": "Kansliet",
    "GIT_COMMITTER_EMAIL": "kansli@forbund.example",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
    )


def write_repo(path: Path, old: GenDocument, new: GenDocument, name: str = DOC_NAME) -> Path:
    """Create a git repository at ``path`` with ``docs/<name>.md`` committed twice: the
    old version (``version: gällande``), then the new (``version: förslag``)."""
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "--quiet", "--initial-branch=main")
    document = path / "docs" / f"{name}.md"
    document.parent.mkdir(exist_ok=True)
    for doc, message in ((old, "Gällande version"), (new, "Förslag till ny version")):
        document.write_text(to_markdown(doc), encoding="utf-8")
        _git(path, "add", "--", str(document.relative_to(path)))
        _git(path, "commit", "--quiet", "--no-verify", "-m", message)
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="directory for the new git repository")
    parser.add_argument("--words", type=int, default=30_000)
    parser.add_argument("--headings", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    old = generate(args.words, args.headings, args.seed)
    revision = revise(old, seed=args.seed + 1)
    path = write_repo(args.repo, old, revision.document)
    size = len(path.read_bytes())
    print(f"{path}: {count_words(body_markdown(old))} ord, {old.headings} rubriker, {size} byte")
    print(
        f"{revision.word_edits} ordändringar, {revision.renumbered} omnumrerade avsnitt "
        f"i {revision.renumbered_chapter} kap., {revision.changed_headings} ändrade rubriker"
    )


if __name__ == "__main__":
    main()
