"""Writing output safely: peerpair never overwrites its input (SPEC 5), a file it writes
is either complete or not there at all, even if the run fails half way, and a CSV it writes
holds nothing a spreadsheet would run (SPEC 10)."""

from __future__ import annotations

import csv
import glob
import io
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

# A spreadsheet opening a CSV runs a cell starting with one of these as a formula (OWASP's
# list: Excel runs "+", "-" and "@" too, and tab and carriage return hide the start).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Ctrl-C (`stop_writing`) may come from another thread while a file is being written: the
# lock makes "moved into place" and "stopped" one or the other, never both.
_moving = threading.Lock()
_stopped = False
_being_written: set[Path] = set()
_written: list[Path] = []


class OutputError(Exception):
    """The output cannot be written where asked; the message says why in plain words."""


def refuse_to_overwrite(output: str | Path, *inputs: str | Path | None) -> None:
    """Raise OutputError when `output` is one of the `inputs` (inputs that are None, such as
    an optional previous plan that was not given, are skipped) or cannot be written at all
    because its folder does not exist or it is a folder."""
    output = Path(output)
    folder = output.resolve().parent
    if not folder.is_dir():
        raise OutputError(f'Cannot write "{output}": the folder "{folder}" does not exist.')
    if output.is_dir():
        raise OutputError(f'Cannot write "{output}": it is a folder. Give a file name.')
    for given in inputs:
        if given is not None and _same_file(output, Path(given)):
            raise OutputError(
                f'Cannot write "{output}": it is the input file "{given}", which peerpair never '
                "overwrites. Choose another name for the output."
            )
    lock = lock_file(output)
    if output.is_file() and lock is not None:
        raise OutputError(
            f'Cannot write "{output}": it is open in {_program(lock)} ({lock.name} is beside '
            "it), which would later save its own copy over the new one. Close it there and run "
            f"again, or choose another name. (If it is not open, delete {lock.name}.)"
        )


def lock_file(path: str | Path) -> Path | None:
    """The file Excel (`~$NAME`) or LibreOffice (`.~lock.NAME#`) keeps beside `path` while
    it has it open, or None."""
    path = Path(path)
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        if path.with_name(name).is_file():
            return path.with_name(name)
    return None


def open_warning(path: str | Path) -> str | None:
    """A warning that `path`, about to be read, is open in a spreadsheet program, whose
    changes not yet saved peerpair cannot see; None when it is not open."""
    lock = lock_file(path)
    if lock is None:
        return None
    return (
        f"{Path(path).name} is open in {_program(lock)}: peerpair reads it as last saved. If "
        "you have changed it there, save it and run again."
    )


def _program(lock: Path) -> str:
    return "Excel" if lock.name.startswith("~$") else "LibreOffice"


def write_atomically(path: str | Path, save: Callable[[Path], None]) -> None:
    """Call `save` with a temporary file beside `path`, then move it into place in one step,
    so readers never see a half-written file and a failed run leaves any old file as it was.
    What a killed run left beside `path` is removed first.

    OS errors (no permission, disk full, the file open in Excel on Windows) become an
    OutputError; anything else `save` raises passes through."""
    path = Path(path)
    try:
        _remove_stale_temporaries(path)
    except OSError as error:
        raise OutputError(f'Could not write "{path}": {_in_words(error)}') from error
    _write(path, save)


def write_files_atomically(files: dict[Path, bytes]) -> None:
    """Write each file's bytes as `write_atomically` does, listing each folder once for
    what killed runs left, rather than once a file: thousands of invitations in one folder
    would otherwise list it thousands of times."""
    names: dict[Path, set[str]] = {}
    for path in files:
        names.setdefault(path.parent, set()).add(path.name)
    try:
        for folder, wanted in names.items():
            with os.scandir(folder) as entries:
                for entry in entries:
                    left_for = _TEMPORARY.fullmatch(entry.name)
                    if left_for and left_for[1] in wanted and entry.is_file():
                        Path(entry.path).unlink(missing_ok=True)
    except OSError as error:
        raise OutputError(f'Could not write into "{folder}": {_in_words(error)}') from error
    for path, content in files.items():
        _write(path, lambda temporary, content=content: temporary.write_bytes(content))


# peerpair's temporary name for a file being written, as `_write` makes it.
_TEMPORARY = re.compile(r"\.(.+)\.[0-9a-f]{8}\.tmp")


def _write(path: Path, save: Callable[[Path], None]) -> None:
    """Save to a fresh temporary name beside `path` and move it into place."""
    # A fresh name rather than tempfile.mkstemp, whose private permissions the plan would keep.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    _being_written.add(temporary)
    moved = False
    try:
        save(temporary)
        with _moving:
            if _stopped:
                raise KeyboardInterrupt
            os.replace(temporary, path)
            moved = True
            _written.append(path)
    except OSError as error:
        raise OutputError(f'Could not write "{path}": {_in_words(error)}') from error
    finally:
        _being_written.discard(temporary)
        if not moved:  # a file moved into place has no temporary left to remove
            temporary.unlink(missing_ok=True)


def written() -> list[Path]:
    """Every file this process has written, in order."""
    return list(_written)


def stop_writing() -> list[Path]:
    """Stop for Ctrl-C: from now on no file is moved into place, and the temporary files
    being written are removed. Returns the files this run has already written."""
    global _stopped
    with _moving:
        _stopped = True
        for temporary in list(_being_written):
            temporary.unlink(missing_ok=True)
        return list(_written)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove what a run killed while writing `path` left beside it (SIGKILL, a power cut):
    only peerpair's own temporary names for that one file, never anything else."""
    own = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp")
    folder = path.parent
    for leftover in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        if own.fullmatch(leftover.name) and leftover.is_file():
            leftover.unlink(missing_ok=True)


def csv_cell(value: object) -> str:
    """`value` as CSV text that a spreadsheet shows and never runs: text that would start a
    formula gets a leading `'`, which Excel and LibreOffice read as "this is text"."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV that Excel opens safely: UTF-8 with a byte-order mark, so names like "Siân"
    come out intact, and every cell, header included, passed through `csv_cell`. Every CSV
    peerpair writes is made here."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([csv_cell(v) for v in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write `csv_bytes(header, rows)` to `path`."""
    Path(path).write_bytes(csv_bytes(header, rows))


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _in_words(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied. If the file is open in Excel, close it and try again."
    return error.strerror or str(error)
