"""What is wrong in a roster (or ignored in it, as a warning), and where."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """Something wrong in the roster (or, as a warning, ignored in it), and where it is."""

    sheet: str  # the canonical sheet name; the file's name for problems with the file itself
    row: int | None  # as Excel numbers it; None for a whole sheet or file
    column: str | None  # the canonical column name
    message: str

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        if self.column is not None:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class RosterError(Exception):
    """The roster cannot be used: `problems` is everything wrong with it, in sheet and row order.
    `warnings` are the things ignored on the way, for a report that shows both."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
        self.warnings = warnings or []


@dataclass
class Report:
    """The problems and warnings found so far, collected so that all are told at once."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
