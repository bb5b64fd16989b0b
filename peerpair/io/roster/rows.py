"""Reading one row of a sheet: each cell by the schema's parser (or one that knows the other
sheets), every bad cell recorded as a problem, and reading carrying on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from peerpair.io.cells import show
from peerpair.io.roster.problems import Problem, Report
from peerpair.io.roster.tables import Row, Table


def plain(error: ValidationError) -> str:
    """A model's refusal in the keeper's words, without pydantic's own wording around it."""
    details = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
    return f"peerpair could not accept this: {details}"


class Left(ValueError):
    """A reference to someone who has left (SPEC 8): warned of, and the reference dropped."""


class Cells:
    """One row's cells: each bad one is recorded as a problem and reading carries on."""

    __slots__ = ("dropped", "ok", "report", "row", "table")

    def __init__(self, table: Table, row: Row, report: Report) -> None:
        self.table, self.row, self.report = table, row, report
        self.ok = True
        self.dropped = False  # the row names someone who has left, so it is ignored

    def has(self, column: str) -> bool:
        return column in self.row.cells

    def get(
        self, column: str, parse: Callable[[object], Any] | None = None, *, default: Any = None
    ) -> Any:
        """The cell's value by `parse` (the schema's parser if none is given), or `default`
        when it is blank or wrong; a blank in a column the schema requires is a problem."""
        spec = self.table.sheet.column(column)
        parse, required = parse or spec.parse, spec.required
        if column in self.row.unreadable:
            self.ok = False  # told already, where the file was read
            return default
        if column not in self.row.cells:
            # A missing required column is reported once for the sheet, not on every row,
            # but the row still cannot be built.
            if required and column in self.table.columns:
                self.problem(column, "required, but blank")
            elif required:
                self.ok = False
            return default
        try:
            return parse(self.row.cells[column])
        except Left as left:
            self.dropped = self.dropped or required
            self.warning(column, f"{left}; {'this row is' if required else 'it is'} ignored")
            return default
        except ValueError as error:
            self.problem(column, str(error))
            return default

    def problem(self, column: str | None, message: str) -> None:
        self.ok = False
        self.report.problems.append(self._at(column, message))

    def warning(self, column: str | None, message: str) -> None:
        self.report.warnings.append(self._at(column, message))

    def build(self, model: type[BaseModel], **fields: Any) -> Any:
        """The row's model, or None when the row has problems (the roster will be refused) or
        is about someone who has left."""
        if not self.ok or self.dropped:
            return None
        try:
            return model(**fields)
        except ValidationError as error:  # the parsers should make this unreachable
            self.problem(None, plain(error))
            return None

    def _at(self, column: str | None, message: str) -> Problem:
        return Problem(self.table.sheet.name, self.row.number, column, message)


def each_row(table: Table | None, report: Report) -> Iterator[Cells]:
    for row in table.rows if table else ():
        yield Cells(table, row, report)


def date_range(cells: Cells, first: str, last: str) -> tuple[Any, Any]:
    """Two date columns that go together, the second not before the first."""
    start, end = cells.get(first), cells.get(last)
    for given, blank in ((first, last), (last, first)):
        if cells.has(given) and not cells.has(blank):
            cells.problem(blank, f"blank, but {given} is given: {first} and {last} go together")
    if start and end and end < start:
        cells.problem(last, f"{show(end)} is before {first} ({show(start)})")
    return start, end
