"""The lead's workspace: a folder holding every roster uploaded and every plan made.

Files are named by peerpair, never by the browser: `roster-001.xlsx`, `plan-001.xlsx`, each a
new number, so nothing is ever written over. What the lead called the file, when it came in
and which roster a plan was made from are kept beside them in `.peerpair/`, so the folder
itself shows only the lead's own files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peerpair.io.files import write_atomically

ROSTER, PLAN = "roster", "plan"
# A roster's kind is told by its ending; the reader takes these two.
ROSTER_SUFFIXES = (".xlsx", ".csv")
_NAME = re.compile(r"^(roster|plan)-(\d{3,})\.(xlsx|csv)$")


def label(name: str) -> str:
    """'plan-003.xlsx' -> 'Plan 3': how the page names a file of the workspace."""
    match = _NAME.match(name)
    return f"{match.group(1).capitalize()} {int(match.group(2))}" if match else name


class NotInWorkspace(LookupError):
    """A file was asked for that the workspace does not hold."""


@dataclass(frozen=True)
class Entry:
    """A roster or plan in the workspace, with what the lead needs to recognise it."""

    name: str  # the file's name in the folder, e.g. "plan-003.xlsx"
    kind: str  # ROSTER or PLAN
    made: dt.datetime
    note: dict

    @property
    def number(self) -> int:
        return int(_NAME.match(self.name).group(2))

    @property
    def label(self) -> str:
        return label(self.name)


class Workspace:
    """The folder, made if missing. Safe to share between the server's threads."""

    def __init__(self, folder: Path):
        self.folder = Path(folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._notes = self.folder / ".peerpair"
        self._notes.mkdir(exist_ok=True)
        self._lock = threading.Lock()

    def add(self, kind: str, suffix: str, save: Callable[[Path], None], note: dict) -> Entry:
        """Save a new file of `kind` under the next free number, written by `save(path)`, with
        `note` kept beside it. Never replaces a file: the number is taken before writing."""
        with self._lock:
            # Every name counts, even an empty file a stopped run left: a number is used once.
            taken = [_NAME.match(p.name) for p in self.folder.iterdir()]
            number = 1 + max(
                (int(m.group(2)) for m in taken if m and m.group(1) == kind), default=0
            )
            name = f"{kind}-{number:03d}{suffix}"
            path = self.folder / name
            # Reserve the name at once, so a second upload in flight takes the next one.
            path.touch(exist_ok=False)
        note = {"made": dt.datetime.now().isoformat(timespec="seconds"), **note}
        try:
            write_atomically(path, save)
            write_atomically(self._note_path(name), lambda p: p.write_text(json.dumps(note)))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return self.entry(name)

    def entries(self, kind: str) -> list[Entry]:
        """Every file of `kind`, newest first."""
        found = []
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match and match.group(1) == kind and path.is_file() and path.stat().st_size:
                found.append(self._entry(path))
        return sorted(found, key=lambda e: e.number, reverse=True)

    def entry(self, name: str) -> Entry:
        """The file called `name`, or NotInWorkspace. `name` comes from a link on the page,
        so it is matched against the workspace's own names, never joined to a path as given."""
        match = _NAME.match(name)
        if match is None:
            raise NotInWorkspace(name)
        for path in self.folder.iterdir():
            if path.name == name and path.is_file() and path.stat().st_size:
                return self._entry(path)
        raise NotInWorkspace(name)

    def path(self, entry: Entry) -> Path:
        return self.folder / entry.name

    def _entry(self, path: Path) -> Entry:
        kind = _NAME.match(path.name).group(1)
        note_path = self._note_path(path.name)
        try:
            note = json.loads(note_path.read_text())
        except (OSError, ValueError):
            note = {}  # a file the lead put there by hand: shown, with what the folder knows
        made = dt.datetime.fromtimestamp(path.stat().st_mtime)
        if isinstance(note.get("made"), str):
            made = dt.datetime.fromisoformat(note["made"])
        return Entry(path.name, kind, made, note)

    def _note_path(self, name: str) -> Path:
        return self._notes / f"{name}.json"
