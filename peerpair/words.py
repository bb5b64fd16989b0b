"""How peerpair says things in its messages: a count in the singular or the plural, and the
days of the week by name."""

from __future__ import annotations

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def count(n: int, thing: str, plural: str | None = None) -> str:
    """ "1 session", "2 sessions"; `plural` where adding an s is wrong ("people")."""
    return f"{n} {thing if n == 1 else (plural or thing + 's')}"
