"""Serve LibreOffice to the test suite: JSON commands on stdin, one JSON reply per line on stdout.

Run with a Python that can ``import uno`` (on Debian ``/usr/bin/python3`` with python3-uno), never
with the project venv::

    /usr/bin/python3 tests/lo_worker.py --workdir /tmp/lo

The worker starts one headless ``soffice`` with a private profile under ``--workdir``, connects to
it over a named pipe and prints ``{"ready": true, ...}``. Each request is one line such as
``{"id": 1, "cmd": "text", "path": "/tmp/a.docx"}``; each reply is ``{"id": 1, "result": ...}``
or ``{"id": 1, "error": "..."}``. A failing command never stops the worker; if LibreOffice itself
died, the next command starts a new one. ``{"cmd": "quit"}`` or end of input shuts LibreOffice
down. The pytest side (tests/libreoffice.py) enforces timeouts and kills hung processes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

SOFFICE_FLAGS = ["--headless", "--invisible", "--norestore", "--nologo", "--nodefault"]
DOCX_FILTER = "MS Word 2007 XML"
PDF_FILTER = "writer_pdf_Export"
CHAR_SPECIAL = 6  # com.sun.star.style.NumberingType.CHAR_SPECIAL: a bullet
PARAGRAPH_BREAK = 0  # com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK

Request = dict[str, Any]


class Office:
    """One soffice process with a private profile and the UNO connection to it."""

    def __init__(self, workdir: Path, template: Path, soffice: str, startup_timeout: float) -> None:
        self.workdir = workdir
        self.template = template
        self.soffice = soffice
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.desktop: Any = None
        self.context: Any = None
        self.starts = 0
        self.timings: dict[str, float] = {}

    def start(self) -> None:
        """Start soffice on a copy of the profile template and connect; record the timings.

        The template is made once with ``--terminate_after_init``; copying it takes milliseconds
        and gives every soffice (also one restarted after a crash) a clean, unlocked profile.
        """
        began = time.monotonic()
        if not self.template.exists():
            partial = self.template.with_name(f"{self.template.name}.{os.getpid()}.tmp")
            shutil.rmtree(partial, ignore_errors=True)
            self._run_init(partial)
            partial.rename(self.template)
        initialised = time.monotonic()
        self.starts += 1
        profile = self.workdir / f"profile-{self.starts}"
        shutil.rmtree(profile, ignore_errors=True)
        shutil.copytree(self.template, profile, symlinks=True)
        copied = time.monotonic()
        pipe = f"styrdok_lo_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        log = (self.workdir / f"soffice-{self.starts}.log").open("ab")
        with log:
            self.process = subprocess.Popen(
                [
                    self.soffice,
                    *SOFFICE_FLAGS,
                    f"-env:UserInstallation={profile.as_uri()}",
                    f"--accept=pipe,name={pipe};urp;",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        self.context = self._connect(pipe, began + self.startup_timeout)
        self.desktop = self._create("com.sun.star.frame.Desktop")
        self.timings = {
            "profile_init": initialised - began,
            "profile_copy": copied - initialised,
            "connect": time.monotonic() - copied,
        }

    def _run_init(self, profile: Path) -> None:
        """Create an initialised profile at ``profile`` (``--terminate_after_init``)."""
        subprocess.run(
            [
                self.soffice,
                *SOFFICE_FLAGS,
                "--terminate_after_init",
                f"-env:UserInstallation={profile.as_uri()}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=self.startup_timeout,
            check=True,
            start_new_session=True,
        )

    def _connect(self, pipe: str, deadline: float) -> Any:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
        while True:
            try:
                return resolver.resolve(url)
            except NoConnectException:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"soffice avslutades med status {self.process.returncode} innan den "
                        f"tog emot anslutningar (se {self.workdir}/soffice-{self.starts}.log)"
                    ) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"soffice tog inte emot anslutningar inom {self.startup_timeout} s"
                    ) from None
                time.sleep(0.05)

    def _create(self, service: str) -> Any:
        return self.context.ServiceManager.createInstanceWithContext(service, self.context)

    def alive(self) -> bool:
        """Return whether soffice runs and still answers over UNO."""
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            self.desktop.getComponents()
        except Exception:
            return False
        return True

    def status(self) -> Request:
        """Return the LibreOffice version, soffice's process id and the last start's timings."""
        pid = self.process.pid if self.process else None
        return {"version": self.version(), "soffice_pid": pid, "timings": self.timings}

    def version(self) -> str:
        """Return the LibreOffice version string, e.g. ``7.4.7.2``."""
        provider = self._create("com.sun.star.configuration.ConfigurationProvider")
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            (prop("nodepath", "/org.openoffice.Setup/Product"),),
        )
        return str(access.getByName("ooSetupVersionAboutBox"))

    def kill(self) -> None:
        """Kill soffice's process group at once."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self, grace: float = 10.0) -> None:
        """Ask soffice to quit; kill its process group when it has not gone within ``grace``."""
        process, desktop = self.process, self.desktop
        self.process = self.desktop = self.context = None
        if process is None:
            return
        if process.poll() is None and desktop is not None:
            # A hung soffice would block terminate() for ever, so ask from a daemon thread;
            # killing the process below ends that call with a DisposedException.
            threading.Thread(target=_quietly, args=(desktop.terminate,), daemon=True).start()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    @contextlib.contextmanager
    def open(self, path: str) -> Iterator[Any]:
        """Load ``path`` hidden and yield the document model; always close it afterwards."""
        full = Path(path).resolve()
        if not full.is_file():
            raise FileNotFoundError(f"filen finns inte: {full}")
        document = self.desktop.loadComponentFromURL(
            full.as_uri(),
            "_blank",
            0,
            (prop("Hidden", True), prop("MacroExecutionMode", 0)),  # 0: NEVER_EXECUTE
        )
        if document is None:
            raise RuntimeError(f"LibreOffice kunde inte öppna {full}")
        try:
            if not document.supportsService("com.sun.star.text.TextDocument"):
                raise RuntimeError(f"inte ett textdokument: {full}")
            yield document
        finally:
            try:
                document.close(True)
            except Exception:
                document.dispose()

    def dispatch(self, document: Any, command: str) -> None:
        """Run a ``.uno:`` command on the document's frame."""
        frame = document.getCurrentController().getFrame()
        helper = self._create("com.sun.star.frame.DispatchHelper")
        helper.executeDispatch(frame, command, "", 0, ())


def _quietly(call: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):
        call()


def prop(name: str, value: object) -> Any:
    """Return a ``com.sun.star.beans.PropertyValue``."""
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result


def to_json(value: Any) -> object:
    """Return ``value`` (a UNO value) as something ``json.dumps`` accepts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    type_name = getattr(value, "typeName", "")
    if type_name == "com.sun.star.util.DateTime":
        return (
            f"{value.Year:04d}-{value.Month:02d}-{value.Day:02d}"
            f"T{value.Hours:02d}:{value.Minutes:02d}:{value.Seconds:02d}"
            + ("Z" if value.IsUTC else "")
        )
    if type_name == "com.sun.star.util.Date":
        return f"{value.Year:04d}-{value.Month:02d}-{value.Day:02d}"
    if isinstance(value, uno.Enum):
        return str(value.value)
    return str(value)


def _elements(container: Any) -> Iterator[Any]:
    enumeration = container.createEnumeration()
    while enumeration.hasMoreElements():
        yield enumeration.nextElement()


def paragraphs(text: Any, tables: list[int], where: dict[str, object]) -> Iterator[Request]:
    """Yield the paragraphs of ``text`` in order, descending into tables cell by cell."""
    for element in _elements(text):
        if element.supportsService("com.sun.star.text.TextTable"):
            index = tables[0]
            tables[0] += 1
            for cell in element.getCellNames():
                inner = {"where": "table", "table": index, "cell": cell}
                yield from paragraphs(element.getCellByName(cell), tables, inner)
        elif element.supportsService("com.sun.star.text.Paragraph"):
            yield {**paragraph(element), **where}


def paragraph(element: Any) -> Request:
    """Return text, style, outline level and list numbering (None outside lists) of a paragraph."""
    numbering = None
    if element.getPropertyValue("ListId"):
        numbering = {
            "is_number": bool(element.getPropertyValue("NumberingIsNumber")),
            "level": element.getPropertyValue("NumberingLevel"),
            "label": element.getPropertyValue("ListLabelString") or _bullet(element),
        }
    return {
        "text": element.getString(),
        "style": element.getPropertyValue("ParaStyleName"),
        "outline_level": element.getPropertyValue("OutlineLevel"),
        "numbering": numbering,
    }


# Word's bullets are private-use characters of symbol fonts; show them as the glyph they draw.
SYMBOL_BULLETS = {
    ("Symbol", "\uf0b7"): "•",
    ("Wingdings", "\uf0a7"): "▪",
    ("Wingdings", "\uf076"): "❖",
    ("Wingdings", "\uf0d8"): "➢",
    ("Wingdings", "\uf0fc"): "✓",
}


def _bullet(element: Any) -> str:
    """Return the bullet glyph of a paragraph (LibreOffice 7.4 leaves ListLabelString empty)."""
    rules = element.getPropertyValue("NumberingRules")
    if rules is None:
        return ""
    index = element.getPropertyValue("NumberingLevel")
    level: dict[str, Any] = {p.Name: p.Value for p in rules.getByIndex(index)}
    char: str = level.get("BulletChar") or ""
    if level.get("NumberingType") != CHAR_SPECIAL or not char:
        return ""
    font = str(level.get("BulletFontName") or getattr(level.get("BulletFont"), "Name", ""))
    return SYMBOL_BULLETS.get((font, char), char)


def redlines(document: Any) -> list[Request]:
    """Return type, author, date, comment and text of each tracked change."""
    result = []
    for redline in _elements(document.getRedlines()):
        result.append(
            {
                "type": redline.getPropertyValue("RedlineType"),
                "author": redline.getPropertyValue("RedlineAuthor"),
                "date": to_json(redline.getPropertyValue("RedlineDateTime")),
                "comment": redline.getPropertyValue("RedlineComment"),
                "text": _redline_text(redline),
            }
        )
    return result


def _redline_text(redline: Any) -> str | None:
    try:
        start = redline.getPropertyValue("RedlineStart")
        end = redline.getPropertyValue("RedlineEnd")
        cursor = start.getText().createTextCursorByRange(start)
        cursor.gotoRange(end, True)
        return str(cursor.getString())
    except Exception:  # e.g. a change to a table row has no text range
        return None


def describe(document: Any) -> Request:
    """Return the reply of ``text``: paragraphs, tracked changes and whether recording is on."""
    return {
        "paragraphs": list(paragraphs(document.getText(), [0], {"where": "body"})),
        "redlines": redlines(document),
        "record_changes": bool(document.getPropertyValue("RecordChanges")),
    }


def store(document: Any, out: str, filter_name: str) -> str:
    """Save a copy of ``document`` at ``out`` with the given export filter; return the path."""
    target = Path(out).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.storeToURL(target.as_uri(), (prop("FilterName", filter_name), prop("Overwrite", True)))
    return str(target)


def cmd_ping(office: Office, request: Request) -> object:
    return office.status()


def cmd_text(office: Office, request: Request) -> object:
    with office.open(request["path"]) as document:
        return describe(document)


def _resolve_all(command: str) -> Callable[[Office, Request], object]:
    def run(office: Office, request: Request) -> object:
        with office.open(request["path"]) as document:
            office.dispatch(document, command)
            return describe(document)

    return run


def cmd_convert(office: Office, request: Request) -> object:
    with office.open(request["path"]) as document:
        out = store(document, request["out"], PDF_FILTER)
        pages = document.getCurrentController().getPropertyValue("PageCount")
    return {"out": out, "pages": pages}


def cmd_save_as_docx(office: Office, request: Request) -> object:
    with office.open(request["path"]) as document:
        return {"out": store(document, request["out"], DOCX_FILTER)}


def cmd_properties(office: Office, request: Request) -> object:
    with office.open(request["path"]) as document:
        custom = document.getDocumentProperties().getUserDefinedProperties()
        names = [p.Name for p in custom.getPropertySetInfo().getProperties()]
        return {
            "custom": {name: to_json(custom.getPropertyValue(name)) for name in names},
            "bookmarks": list(document.getBookmarks().getElementNames()),
        }


# --- Answering a remiss as a respondent would: fill the form, comment, edit with tracking ---


def _column(index: int) -> str:
    """Return the letters LibreOffice names a table column by: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _row_of(document: Any, bookmark: str) -> tuple[Any, int]:
    """Return the table and the 1-based row number of the cell that holds ``bookmark``."""
    anchor = document.getBookmarks().getByName(bookmark).getAnchor()
    table = anchor.getPropertyValue("TextTable")
    cell = anchor.getPropertyValue("Cell")
    if table is None or cell is None:
        raise ValueError(f"bokmärket {bookmark} står inte i en tabell")
    name = cell.getPropertyValue("CellName")
    return table, int(name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _body_paragraphs(document: Any) -> list[Any]:
    return [
        element
        for element in _elements(document.getText())
        if element.supportsService("com.sun.star.text.Paragraph")
    ]


def _heading(document: Any, heading: str) -> Any:
    """Return the first heading paragraph that reads ``heading`` or starts with it."""
    for element in _body_paragraphs(document):
        text = element.getString()
        level = element.getPropertyValue("OutlineLevel")
        if level and (text == heading or text.startswith(heading + " ")):
            return element
    raise ValueError(f"rubriken {heading!r} finns inte")


def _find_after(document: Any, start: Any, word: str) -> Any:
    """Return the first occurrence of ``word`` after the range ``start``."""
    search = document.createSearchDescriptor()
    search.SearchString = word
    search.SearchCaseSensitive = True
    found = document.findNext(start.getEnd(), search)
    if found is None:
        raise ValueError(f"texten {word!r} finns inte efter {start.getString()[:40]!r}")
    return found


def _date_time(value: str) -> Any:
    """Return a com.sun.star.util.DateTime for ``2024-04-12T14:03:00`` (local time)."""
    stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
    day, _, time_of_day = value.partition("T")
    stamp.Year, stamp.Month, stamp.Day = (int(part) for part in day.split("-"))
    if time_of_day:
        stamp.Hours, stamp.Minutes, stamp.Seconds = (int(p) for p in time_of_day.split(":"))
    return stamp


def cmd_fill_form(office: Office, request: Request) -> object:
    """Fill in a response form and save it as .docx.

    ``rows``: rows to add, ``{"after": bookmark, "texts": [...]}``; ``cells``: ``{"bookmark",
    "column" (0-based), "text"}``; ``merges``: ``{"bookmark", "columns": [first, last],
    "rows": n, "text"}`` merges cells from the bookmark's row and sets the text;
    ``general``: text for the cell of the ``styrdok_allmant`` bookmark; ``paragraphs``:
    ``{"after_table": index, "text"}`` typed outside the cells, after a table; ``choices``:
    ``{"bookmark", "column", "item"}`` picks ``item`` in the drop-down of that cell, as a
    user does (the control's text becomes the item, the placeholder goes); ``details``:
    ``{"row": n, "text"}`` writes the value cell of row n (0-based) of the table that holds
    the ``styrdok_uppgifter`` bookmark.
    """
    with office.open(request["path"]) as document:
        for choice in request.get("choices", []):
            table, number = _row_of(document, choice["bookmark"])
            cell = table.getCellByName(f"{_column(choice['column'])}{number}")
            _choose(cell, choice["item"])
        for detail in request.get("details", []):
            table, number = _row_of(document, "styrdok_uppgifter")
            table.getCellByName(f"B{number + detail['row']}").setString(detail["text"])
        for row in request.get("rows", []):
            table, number = _row_of(document, row["after"])
            table.getRows().insertByIndex(number, 1)
            for column, text in enumerate(row["texts"]):
                table.getCellByName(f"{_column(column)}{number + 1}").setString(text)
        for cell in request.get("cells", []):
            table, number = _row_of(document, cell["bookmark"])
            table.getCellByName(f"{_column(cell['column'])}{number}").setString(cell["text"])
        for merge in request.get("merges", []):
            table, number = _row_of(document, merge["bookmark"])
            first, last = merge["columns"]
            start = f"{_column(first)}{number}"
            cursor = table.createCursorByCellName(start)
            cursor.gotoCellByName(f"{_column(last)}{number + merge.get('rows', 1) - 1}", True)
            cursor.mergeRange()
            table.getCellByName(start).setString(merge["text"])
        if request.get("general"):
            table, number = _row_of(document, "styrdok_allmant")
            table.getCellByName(f"A{number}").setString(request["general"])
        tables = document.getTextTables()
        for typed in request.get("paragraphs", []):
            name = tables.getByIndex(typed["after_table"]).getName()
            text = document.getText()
            elements = list(_elements(text))
            at = next(
                i
                for i, element in enumerate(elements)
                if element.supportsService("com.sun.star.text.TextTable")
                and element.getName() == name
            )
            # Typed at the start of what follows the table, then split off as a paragraph
            # of its own (a paragraph inserted after a table cannot be written to over UNO).
            cursor = text.createTextCursorByRange(elements[at + 1].getStart())
            text.insertString(cursor, typed["text"], False)
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            cursor.gotoPreviousParagraph(False)
            cursor.setPropertyValue("ParaStyleName", "Standard")
        return {"out": store(document, request["out"], DOCX_FILTER)}


def _choose(cell: Any, item: str) -> None:
    """Pick ``item`` in the drop-down content control of a table cell."""
    for paragraph in _elements(cell.getText()):
        for portion in _elements(paragraph):
            if portion.TextPortionType != "ContentControl":
                continue
            control = portion.ContentControl
            shown = [
                dict((p.Name, p.Value) for p in entry)["DisplayText"] for entry in control.ListItems
            ]
            if item not in shown:
                raise ValueError(f"{item!r} finns inte i listan {shown}")
            cursor = control.createTextCursor()
            cursor.gotoStart(False)
            cursor.goRight(len(control.getAnchor().getString()), True)
            cursor.setString(item)
            control.ShowingPlaceHolder = False
            return
    raise ValueError("cellen har ingen innehållskontroll")


def cmd_add_comment(office: Office, request: Request) -> object:
    """Add comments and save as .docx. Each of ``comments`` is anchored on ``word`` (through
    ``until`` when given, maybe in a later paragraph) after the heading ``heading``, with
    ``text``, ``author`` and optionally ``date`` (local ISO time)."""
    with office.open(request["path"]) as document:
        for comment in request["comments"]:
            found = _find_after(document, _heading(document, comment["heading"]), comment["word"])
            cursor = found.getText().createTextCursorByRange(found.getStart())
            end = _find_after(document, found, comment["until"]) if comment.get("until") else found
            cursor.gotoRange(end.getEnd(), True)
            annotation = document.createInstance("com.sun.star.text.textfield.Annotation")
            annotation.setPropertyValue("Author", comment["author"])
            annotation.setPropertyValue("Content", comment["text"])
            if comment.get("date"):
                annotation.setPropertyValue("DateTimeValue", _date_time(comment["date"]))
            cursor.getText().insertTextContent(cursor, annotation, True)
        return {"out": store(document, request["out"], DOCX_FILTER)}


def _user_name(office: Office, given: str | None = None) -> str:
    """Return LibreOffice's user name (the author of tracked changes); set it when given."""
    provider = office._create("com.sun.star.configuration.ConfigurationProvider")
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    old = str(access.getByName("givenname"))
    if given is not None:
        access.setPropertyValue("givenname", given)
        access.setPropertyValue("sn", "")
        access.commitChanges()
    return old


def cmd_tracked_edit(office: Office, request: Request) -> object:
    """Edit with changes recorded, as ``author``, and save as .docx. Each of ``edits``
    finds ``find`` after the heading ``heading`` and replaces it with ``replace`` ("" deletes
    it) or, with ``insert_after``, adds that text after it."""
    old = _user_name(office, request["author"])
    try:
        with office.open(request["path"]) as document:
            document.setPropertyValue("RecordChanges", True)
            for edit in request["edits"]:
                found = _find_after(document, _heading(document, edit["heading"]), edit["find"])
                if "insert_after" in edit:
                    found.getText().insertString(found.getEnd(), edit["insert_after"], False)
                else:
                    found.setString(edit.get("replace", ""))
            return {"out": store(document, request["out"], DOCX_FILTER)}
    finally:
        _user_name(office, old)


COMMANDS: dict[str, Callable[[Office, Request], object]] = {
    "ping": cmd_ping,
    "text": cmd_text,
    "accept_all": _resolve_all(".uno:AcceptAllTrackedChanges"),
    "reject_all": _resolve_all(".uno:RejectAllTrackedChanges"),
    "convert": cmd_convert,
    "save_as_docx": cmd_save_as_docx,
    "properties": cmd_properties,
    "fill_form": cmd_fill_form,
    "add_comment": cmd_add_comment,
    "tracked_edit": cmd_tracked_edit,
}


def handle(office: Office, request: Request) -> Request:
    """Run one request and return the reply; errors become ``{"error": ...}``."""
    reply: Request = {"id": request.get("id")}
    command = COMMANDS.get(request.get("cmd", ""))
    if command is None:
        reply["error"] = f"okänt kommando {request.get('cmd')!r}; kända: {', '.join(COMMANDS)}"
        return reply
    began = time.monotonic()
    try:
        if not office.alive():
            office.stop(grace=1.0)
            office.start()
        reply["result"] = command(office, request)
    except Exception as error:
        message = getattr(error, "Message", "") or str(error)
        reply["error"] = f"{type(error).__name__}: {message}"
        reply["traceback"] = traceback.format_exc()
    reply["seconds"] = round(time.monotonic() - began, 3)
    reply["soffice_pid"] = office.process.pid if office.process else None
    return reply


def serve(office: Office, requests: TextIO, replies: TextIO) -> None:
    """Answer requests until ``quit`` or end of input."""
    for line in requests:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("förväntade ett JSON-objekt")
        except ValueError as error:
            send(replies, {"id": None, "error": f"ogiltig begäran: {error}"})
            continue
        if request.get("cmd") == "quit":
            send(replies, {"id": request.get("id"), "result": None})
            return
        send(replies, handle(office, request))


def send(replies: TextIO, reply: Request) -> None:
    replies.write(json.dumps(reply) + "\n")
    replies.flush()


def watch_parent(office: Office) -> None:
    """Kill soffice and exit once the parent (pytest) is gone, even while a UNO call hangs."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    office.kill()
    os._exit(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True, help="profiles and soffice logs")
    parser.add_argument(
        "--profile-template",
        type=Path,
        help="initialised profile to copy, made when missing (default: WORKDIR/profile-template)",
    )
    parser.add_argument("--soffice", default="soffice")
    parser.add_argument("--startup-timeout", type=float, default=120.0)
    args = parser.parse_args()
    # Keep the protocol on a private copy of stdout; stray prints (ours, UNO's or soffice's)
    # then land in stderr, which the pytest side sends to a log file.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.workdir.mkdir(parents=True, exist_ok=True)
    template = args.profile_template or args.workdir / "profile-template"
    office = Office(args.workdir, template, args.soffice, args.startup_timeout)
    threading.Thread(target=watch_parent, args=(office,), daemon=True).start()
    try:
        try:
            office.start()
            ready = {"ready": True, **office.status()}
        except Exception as error:
            send(replies, {"ready": False, "error": f"{type(error).__name__}: {error}"})
            return 1
        send(replies, ready)
        serve(office, sys.stdin, replies)
    finally:
        office.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
