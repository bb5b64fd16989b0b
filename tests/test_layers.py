"""The layers import one way only (STYLE: domain -> constraints -> pairing -> diagnosis,
calendar, tiers -> year -> io -> cli, web), so a newcomer can read each layer knowing only
those to its left, and the command line, the year loop and the web page share one pipeline."""

import ast
from pathlib import Path

import peerpair

PACKAGE = Path(peerpair.__file__).parent

# Each top-level module or package of peerpair, and its layer. Modules of one layer do not
# import each other's packages either: the planners share what lies to their left.
LAYERS = {
    "words": -1,
    "version": -1,
    "domain": 0,
    "constraints": 1,
    "pairing": 2,
    "diagnosis": 3,
    "calendar": 3,
    "tiers": 3,
    "summary": 3,
    "year": 4,
    "delivery": 4,  # what a plan delivered, for the report: counts over the planners' rules
    "io": 5,
    "web": 6,
    "cli": 7,  # the command line starts the web page (`peerpair serve`); never the reverse
}


def _part(module: str) -> str | None:
    """The top-level part of a peerpair module's dotted name."""
    parts = module.split(".")
    return parts[1] if parts[0] == "peerpair" and len(parts) > 1 else None


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # TYPE_CHECKING imports count: they are dependencies too
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _layer_breaks() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own in ("__init__", "__main__"):
            continue  # the package's front door and `python -m peerpair` may use every layer
        assert own in LAYERS, f"peerpair/{own} has no layer: add it to LAYERS"
        for line, module in _imports(path):
            other = _part(module)
            if other is None or other == own:
                continue
            where = str(path.relative_to(PACKAGE.parent))
            if other not in LAYERS or LAYERS[other] >= LAYERS[own]:
                found.append(f"{where}:{line} imports {module}")
    return found


def test_every_layer_imports_only_the_layers_to_its_left():
    assert _layer_breaks() == []


def test_the_front_ends_call_the_library_and_build_no_pipeline():
    """Issue 13: the command line and the web page parse, call `plan_year` and friends, and
    show; neither plans anything itself, so both give the same plan."""
    planners = ("pairing", "calendar", "tiers")
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for front in ("cli.py", "web")
        for path in sorted((PACKAGE / front).rglob("*.py") if front == "web" else [PACKAGE / front])
        for line, module in _imports(path)
        if _part(module) in planners
    ]
    assert found == []
