"""Rosters built to make a reader hang or run out of memory (SPEC 2 "Size"), and the time and
peak memory `peerpair validate` takes on each.

    PYTHONPATH=. python -m benchmarks.hostile_files    # writes benchmarks/HOSTILE_FILES.md

The files are written as XML straight into the zip, streamed, because openpyxl itself cannot
write a 300 MB cell or a million rows quickly. tests/test_roster_hostile.py builds the same
files and asserts what peerpair says about each.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384  # Excel's XFD1048576
RUNS = 3
TIME = "/usr/bin/time"  # GNU time (Debian's `time` package), for the peak memory
STAFF_HEADER = ("ID", "Name", "School", "Supervision Trained")


def write_xlsx(
    path: Path,
    sheets: dict[str, Iterable[str]],
    strings: Iterable[str] = (),
    dimension: str | None = None,
) -> Path:
    """An .xlsx whose sheets hold the given <row> elements, streamed into the zip, and
    `strings` (chunks of text) as its one shared string when there are any."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        names = list(sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{_CONTENT}.worksheet+xml"/>'
            for n in range(1, len(names) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_CONTENT}.sharedStrings+xml"/>{overrides}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rIdS" Type="{_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{_MAIN}"><si><t>'.encode())
            for chunk in strings:
                part.write(chunk.encode())
            part.write(b"</t></si></sst>")
        for n, rows in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                size = f'<dimension ref="{dimension}"/>' if dimension else ""
                part.write(f'<worksheet xmlns="{_MAIN}">{size}<sheetData>'.encode())
                batch: list[str] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 10_000:
                        part.write("".join(batch).encode())
                        batch = []
                part.write("".join(batch).encode())
                part.write(b"</sheetData></worksheet>")
    return path


def row(number: int, values: Iterable[object], first_column: int = 1) -> str:
    """A <row> of inline-string cells (None leaves a cell out)."""
    cells = "".join(
        f'<c r="{get_column_letter(column)}{number}" t="inlineStr"><is><t>{escape(str(v))}</t>'
        "</is></c>"
        for column, v in enumerate(values, start=first_column)
        if v is not None
    )
    return f'<row r="{number}">{cells}</row>'


def staff_rows(people: int, header: tuple[str, ...] = STAFF_HEADER) -> Iterator[str]:
    """A Staff sheet's header and `people` rows, each at a school of their own."""
    yield row(1, header)
    for n in range(1, people + 1):
        yield row(n + 1, (f"P{n:05d}", f"Person {n}", f"School {n}", "Yes"))


def _stray(reference: str) -> str:
    number = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f'<row r="{number}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'


def stray_cell_at_xfd(path: Path) -> Path:
    """One `x` typed at Staff!XFD1048576, below a real Staff sheet."""
    rows = [*staff_rows(20), _stray(f"XFD{LAST_ROW}")]
    return write_xlsx(path, {"Staff": rows}, dimension=f"A1:XFD{LAST_ROW}")


def stray_cell_at_a(path: Path) -> Path:
    """One `x` typed at Staff!A1048576: an ID with no name, a million rows down."""
    rows = [*staff_rows(20), _stray(f"A{LAST_ROW}")]
    return write_xlsx(path, {"Staff": rows}, dimension=f"A1:D{LAST_ROW}")


def stray_cell_on_an_unknown_sheet(path: Path) -> Path:
    """One `x` at XFD1048576 of a sheet peerpair does not read."""
    sheets = {"Staff": list(staff_rows(20)), "Notes": [_stray(f"XFD{LAST_ROW}")]}
    return write_xlsx(path, sheets, dimension=f"A1:XFD{LAST_ROW}")


def million_blank_rows(path: Path) -> Path:
    """A real Staff sheet followed by a million rows of blank (formatted) cells."""
    blank = (f'<row r="{n}"><c r="A{n}"/><c r="B{n}"/></row>' for n in range(22, 1_000_022))
    rows = (r for part in (staff_rows(20), blank) for r in part)
    return write_xlsx(path, {"Staff": rows}, dimension="A1:D1000021")


def huge_cell(path: Path, length: int = 300_000_000) -> Path:
    """A `length`-character string in an unknown column (Notes) of a real Staff sheet."""
    rows = list(staff_rows(20, (*STAFF_HEADER, "Notes")))
    rows[1] = rows[1].replace("</row>", '<c r="E2" t="s"><v>0</v></c></row>')
    chunk = "x" * 1_000_000
    chunks = (chunk[: min(len(chunk), length - start)] for start in range(0, length, len(chunk)))
    return write_xlsx(path, {"Staff": rows}, strings=chunks)


def strings_of_an_unknown_sheet(path: Path, count: int = 2_000_000) -> Path:
    """20 people whose names are the workbook's first 20 shared strings, followed by `count`
    100-character ones that only a sheet peerpair does not read uses (as Excel shares the
    strings of every sheet in one part)."""
    rows = list(staff_rows(20))
    for n in range(1, 21):
        rows[n] = rows[n].replace(
            f'<c r="B{n + 1}" t="inlineStr"><is><t>Person {n}</t></is></c>',
            f'<c r="B{n + 1}" t="s"><v>{n - 1}</v></c>',
        )
    names = "</t></si><si><t>".join(f"Person {n}" for n in range(1, 21))
    filler = ("</t></si><si><t>" + f"{n:09d}" + "x" * 91 for n in range(count))
    notes = [f'<row r="1"><c r="A1" t="s"><v>{count + 19}</v></c></row>']
    return write_xlsx(path, {"Staff": rows, "Notes": notes}, strings=(names, *filler))


def fifty_thousand_people(path: Path) -> Path:
    """A Staff sheet of 50,000 people."""
    return write_xlsx(path, {"Staff": staff_rows(50_000)})


HOSTILE_FILES: dict[str, Callable[[Path], Path]] = {
    "one `x` at Staff!XFD1048576": stray_cell_at_xfd,
    "one `x` at Staff!A1048576": stray_cell_at_a,
    "one `x` at XFD1048576 of an unknown sheet": stray_cell_on_an_unknown_sheet,
    "a million blank rows": million_blank_rows,
    "a 300 MB string in an unknown column": huge_cell,
    "200 MB of shared strings used only by an unknown sheet": strings_of_an_unknown_sheet,
    "50,000 Staff rows": fifty_thousand_people,
}


def measure(path: Path) -> tuple[int, str, float, float]:
    """`peerpair validate` on the file: exit code, what it says, seconds, peak MB. The peak is
    GNU time's: a forked child's own rusage would count the pages of this process, which has
    just built the file."""
    with tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "%M", "-o", peak.name, sys.executable, "-m", "peerpair", "validate"]
            + [str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        kilobytes = int(peak.read().split()[-1])
    # The verdict, then the first problem under it; warnings (unknown sheets and columns)
    # are the same on every file, so they are left out.
    said = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    said = [line for line in said if not line.startswith("Warning:")][:2]
    return done.returncode, " ".join(said), seconds, kilobytes / 1024


def main() -> None:
    lines = [
        "# `peerpair validate` on hostile roster files",
        "",
        f"Measured by `python -m benchmarks.hostile_files` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f} at the start (a busy machine takes longer). Seconds: the "
        f"median wall time of {RUNS} runs of `validate`; peak MB: the largest resident memory "
        "of those runs (GNU time's %M). Python with peerpair's imports, OR-Tools among them, "
        "is most of the baseline's memory and time.",
        "",
        "| file | size on disk | exit | seconds | peak MB | what peerpair says first |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    baseline = {
        "(baseline) a plain 20-person Staff sheet": lambda path: write_xlsx(
            path, {"Staff": staff_rows(20)}
        )
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, build in (baseline | HOSTILE_FILES).items():
            path = build(Path(folder) / "roster.xlsx")
            size = path.stat().st_size / 1e6
            runs = [measure(path) for _ in range(RUNS)]
            code, first = runs[0][:2]
            seconds = statistics.median(run[2] for run in runs)
            peak = max(run[3] for run in runs)
            said = first.replace("|", "\\|")[:160]
            lines.append(
                f"| {name} | {size:.1f} MB | {code} | {seconds:.2f} | {peak:.0f} | {said} |"
            )
            print(lines[-1], flush=True)
            path.unlink()
    out = Path(__file__).with_name("HOSTILE_FILES.md")
    out.write_text("\n".join(lines) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
