"""The cells of an .xlsx workbook, read straight from its XML, at a cost that follows the data.

A workbook is a zip of XML parts. openpyxl, even in read-only mode, loads every shared string
at once and pads rows to the sheet's claimed size, so one stray cell at XFD1048576 or one
300 MB string costs gigabytes (measured, December 2026). Here each part is parsed with
expat as a stream: a sheet is only parsed when asked for, only rows holding a value are kept,
a text longer than Excel's own limit is counted, never held, and what read-only mode cannot
give is read on the way: merged ranges, rows hidden by a filter, and formulas never
calculated.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

__all__ = [
    "CELL_LIMIT",
    "NotAWorkbook",
    "Sheet",
    "TooLong",
    "Uncalculated",
    "Workbook",
]

CELL_LIMIT = 32_767  # the most characters Excel lets a cell hold
_CHUNK = 1 << 16
# The small parts read whole (workbook, relationships, styles); bigger is not a real workbook.
_SMALL_PART = 64 << 20
_WORKSHEET = "/worksheet"  # how a relationship's Type ends for a worksheet (not a chart)


class NotAWorkbook(Exception):
    """The file is not an .xlsx workbook this module can read (damaged, encrypted, other)."""


@dataclass(frozen=True)
class TooLong:
    """A cell holding more characters than Excel allows: only its length is kept."""

    length: int


@dataclass(frozen=True)
class Uncalculated:
    """A formula saved without its value (by a program that never calculated it)."""

    formula: str


@dataclass(frozen=True, slots=True)
class _Shared:
    """A cell's shared string, by number, until the strings the sheets use are read."""

    index: int


@dataclass
class Sheet:
    """A worksheet's cells: each row that holds a value, by Excel row number, as a mapping of
    column number (A is 1) to value."""

    rows: dict[int, dict[int, object]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)  # data rows hidden (by a filter, often)
    # Merged blocks as (first column, first row, last column, last row).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


class Workbook:
    """An open .xlsx file: its worksheet titles in tab order, and each worksheet on request."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
            self._parts = {info.filename: info for info in self._zip.infolist()}
            book = self._workbook_part()
            root = self._small_xml(book)
            targets = self._relationships(book)
            self._epoch = WINDOWS_EPOCH
            for element in root.iter():
                if _local(element.tag) == "workbookPr" and _true(element.get("date1904")):
                    self._epoch = MAC_EPOCH
            self._sheets: dict[str, str] = {}
            for element in root.iter():
                if _local(element.tag) != "sheet":
                    continue
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                kind, target = targets.get(rid or "", ("", ""))
                if kind.endswith(_WORKSHEET) and target in self._parts:
                    self._sheets[element.get("name", "")] = target
            self._dates, self._durations = self._date_styles(book, targets)
            self._strings_part = next(
                (t for k, t in targets.values() if k.endswith("/sharedStrings")), None
            )
        except NotAWorkbook:
            self.close()
            raise
        except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as error:
            self.close()
            raise NotAWorkbook(str(error)) from error

    def close(self) -> None:
        if zip_file := getattr(self, "_zip", None):
            zip_file.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def titles(self) -> list[str]:
        return list(self._sheets)

    def sheets(self, titles: list[str]) -> dict[str, Sheet]:
        """The cells of the worksheets named, parsed now: the others never are. Of the
        workbook's shared strings, only those these sheets use are kept."""
        try:
            sheets = {}
            for title in titles:
                reader = _SheetReader(self._dates, self._durations, self._epoch)
                _stream(self._zip, self._sheets[title], reader)
                sheets[title] = reader.sheet
            used = [
                (row, column, value.index)
                for sheet in sheets.values()
                for row in sheet.rows.values()
                for column, value in row.items()
                if isinstance(value, _Shared)
            ]
            strings = self._shared_strings({index for _, _, index in used})
            for row, column, index in used:
                row[column] = strings[index]
            return sheets
        except (
            zipfile.BadZipFile,
            expat.ExpatError,
            ElementTree.ParseError,
            ValueError,
            KeyError,
        ) as error:
            raise NotAWorkbook(str(error)) from error

    # --- the parts -----------------------------------------------------------------

    def _workbook_part(self) -> str:
        for kind, target in self._relationships("").values():
            if kind.endswith("/officeDocument"):
                return target
        raise NotAWorkbook("no workbook part")

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, path of the target inside the zip)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self._parts:
            return {}
        found = {}
        for element in self._small_xml(rels).iter():
            if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(path))
        return found

    def _small_xml(self, part: str) -> ElementTree.Element:
        info = self._parts.get(part)
        if info is None:
            raise NotAWorkbook(f"no {part}")
        if info.file_size > _SMALL_PART:
            raise NotAWorkbook(f"{part} is {info.file_size} bytes")
        return ElementTree.fromstring(self._zip.read(info))

    def _date_styles(
        self, book: str, targets: dict[str, tuple[str, str]]
    ) -> tuple[set[int], set[int]]:
        """The style numbers that show a number as a date or time, and those of them that
        show a duration, as openpyxl decides."""
        part = next((t for k, t in targets.values() if k.endswith("/styles")), None)
        if part is None or part not in self._parts:
            return set(), set()
        root = self._small_xml(part)
        custom = {}
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        dates, durations = set(), set()
        for cell_xfs in root.iter():
            if _local(cell_xfs.tag) != "cellXfs":
                continue
            for number, xf in enumerate(e for e in cell_xfs if _local(e.tag) == "xf"):
                code = int(xf.get("numFmtId", "0"))
                fmt = custom.get(code, BUILTIN_FORMATS.get(code))
                if is_date_format(fmt):
                    dates.add(number)
                if is_timedelta_format(fmt):
                    durations.add(number)
        return dates, durations

    def _shared_strings(self, used: set[int]) -> dict[int, object]:
        """The shared strings by number, of those `used` (KeyError for one that is not
        there)."""
        reader = _SharedStrings(used)
        if used and self._strings_part in self._parts:
            _stream(self._zip, self._strings_part, reader)
        return reader.strings


def _local(tag: str) -> str:
    """An element's name without its namespace or prefix: strict OOXML and "x:row" read
    alike."""
    return tag.rpartition("}")[2].rpartition(":")[2]


def _true(value: str | None) -> bool:
    return value in ("1", "true")


class _Parse:
    """An expat handler: start, end and text callbacks, given element names as written (a
    prefix, if any, included)."""

    done = False  # set once the rest of the part is not needed

    def start(self, name: str, attributes: dict[str, str]) -> None: ...
    def end(self, name: str) -> None: ...
    def text(self, data: str) -> None: ...


def _stream(archive: zipfile.ZipFile, part: str, handler: _Parse) -> None:
    """Parse one part of the zip in chunks, never holding all of it."""
    # Without namespace processing: a prefixed "x:row" is the handler's to recognise.
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    with archive.open(part) as stream:
        while not handler.done and (chunk := stream.read(_CHUNK)):
            parser.Parse(chunk, False)
    if not handler.done:
        parser.Parse(b"", True)


class _Text:
    """Characters of one cell as they stream in, holding at most Excel's limit."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, data: str) -> None:
        if self.length <= CELL_LIMIT:
            self.parts.append(data[: CELL_LIMIT + 1 - self.length])
        self.length += len(data)

    def value(self) -> str | TooLong:
        return TooLong(self.length) if self.length > CELL_LIMIT else "".join(self.parts)


class _SharedStrings(_Parse):
    """sharedStrings.xml: the text of each <si> of those `used` (runs joined, phonetic guides
    left out), by number; the others are passed over unheld."""

    def __init__(self, used: set[int]) -> None:
        self.used = used
        self.last = max(used, default=-1)  # the part is read up to the last string used
        self.strings: dict[int, object] = {}
        self.number = 0
        self.item: _Text | None = None
        self.phonetic = False
        self.in_text = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        name = _local(name)
        if name == "si":
            self.item = _Text() if self.number in self.used else None
        elif name == "rPh":
            self.phonetic = True
        elif name == "t" and not self.phonetic:
            self.in_text = True

    def end(self, name: str) -> None:
        name = _local(name)
        if name == "si":
            if self.item is not None:
                self.strings[self.number] = self.item.value()
            self.item = None
            self.number += 1
            self.done = self.number > self.last
        elif name == "rPh":
            self.phonetic = False
        elif name == "t":
            self.in_text = False

    def text(self, data: str) -> None:
        if self.in_text and self.item is not None:
            self.item.add(data)


# Element names a worksheet's reader acts on, as small numbers for quick comparison.
_ROW, _CELL, _VALUE, _FORMULA, _TEXT, _PHONETIC, _MERGE = range(1, 8)
_SHEET_NAMES = {"row": _ROW, "c": _CELL, "v": _VALUE, "f": _FORMULA, "t": _TEXT}
_SHEET_NAMES |= {"rPh": _PHONETIC, "mergeCell": _MERGE}


class _SheetReader(_Parse):
    """A worksheet's XML into a Sheet, row by row, each cell typed as openpyxl types it with
    data_only=True, except a formula without a saved value, which is Uncalculated. A million
    blank rows pass through two short callbacks each and leave nothing behind."""

    def __init__(self, dates: set[int], durations: set[int], epoch: datetime) -> None:
        self.sheet = Sheet()
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.days: dict[tuple[str, bool], object] = {}  # date and time cells, by text
        self.codes: dict[str, int] = {}
        self.row_number = 0
        self.row: dict[int, object] = {}
        self.row_hidden = False
        self.column = 0
        self.skipped: str | None = None  # reference of a blank cell since the last value
        self.cell: dict[str, str] = {}
        self.value: _Text | None = None
        self.formula: _Text | None = None
        self.reading: _Text | None = None  # the <v>, <f> or inline <t> being read
        self.phonetic = False

    def code(self, name: str) -> int:
        code = self.codes.get(name)
        if code is None:
            code = self.codes[name] = _SHEET_NAMES.get(_local(name), 0)
        return code

    def start(self, name: str, attributes: dict[str, str]) -> None:
        code = self.codes.get(name)
        if code is None:
            code = self.code(name)
        if code == _CELL:
            self.cell = attributes
        elif code == _ROW:
            self.row_number = int(attributes.get("r") or self.row_number + 1)
            self.row, self.column, self.skipped = {}, 0, None
            self.row_hidden = "hidden" in attributes and _true(attributes["hidden"])
        elif code == _VALUE:
            self.value = self.reading = _Text()
        elif code == _FORMULA:
            self.formula = self.reading = _Text()
        elif code == _PHONETIC:
            self.phonetic = True
        elif code == _TEXT and not self.phonetic:
            # An inline string's runs all add to one value.
            self.value = self.reading = self.value or _Text()
        elif code == _MERGE and (ref := attributes.get("ref")):
            first_column, first_row, last_column, last_row = range_boundaries(ref)
            if None not in (first_column, first_row, last_column, last_row):
                self.sheet.merged.append((first_column, first_row, last_column, last_row))

    def end(self, name: str) -> None:
        code = self.codes.get(name)
        if code is None:
            code = self.code(name)
        if code == _CELL:
            reference = self.cell.get("r")
            if self.value is None and self.formula is None:  # a formatted blank
                if reference:
                    self.skipped = reference  # its column is only worked out if needed
                else:
                    self.column = self._column_so_far() + 1
                return
            self.column = _column(reference) if reference else self._column_so_far() + 1
            self.skipped = None
            value = self._cell_value()
            if value is not None and value != "":
                self.row[self.column] = value
            self.value = self.formula = None
        elif code == _ROW:
            if self.row:
                self.sheet.rows[self.row_number] = self.row
                if self.row_hidden:
                    self.sheet.hidden.add(self.row_number)
        elif code in (_VALUE, _FORMULA, _TEXT):
            self.reading = None
        elif code == _PHONETIC:
            self.phonetic = False

    def text(self, data: str) -> None:
        if self.reading is not None:
            self.reading.add(data)

    def _column_so_far(self) -> int:
        """The column of the row's last cell (for one that gives no reference of its own)."""
        if self.skipped:
            self.column, self.skipped = _column(self.skipped), None
        return self.column

    def _cell_value(self) -> object:
        kind = self.cell.get("t", "n")
        if self.value is None or not self.value.length:
            # A formula whose text result is empty was calculated (Excel saves t="str" and an
            # empty value); any other formula without a value never was (openpyxl saves <v/>).
            if self.formula is not None and kind != "str":
                text = self.formula.value()
                return Uncalculated("=" + text if isinstance(text, str) else "")
            return None
        text = self.value.value()
        if isinstance(text, TooLong):
            return text
        if kind == "s":
            return _Shared(int(text))
        if kind in ("str", "inlineStr", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(text.strip())
        style = int(self.cell.get("s") or 0)
        if style not in self.dates:
            return _number(text)
        # A plan's 90,000 dates and times are a few hundred values: each is converted once.
        key = (text, style in self.durations)
        day = self.days.get(key)
        if day is None:
            try:
                day = from_excel(_number(text), self.epoch, timedelta=key[1])
            except (OverflowError, ValueError):
                day = "#VALUE!"
            self.days[key] = day
        return day


def _number(text: str) -> int | float:
    text = text.strip()
    return float(text) if any(c in text for c in ".eE") else int(text)


def _column(reference: str) -> int:
    """The column number of a cell reference like "XFD1048576"."""
    return column_index_from_string(reference.rstrip("0123456789"))
