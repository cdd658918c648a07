"""volunteers/ is the floor of the house: no module in it imports an app built on it, not even inside a
function. The apps above come to it (personal_data modules, access.py)."""

import ast
from pathlib import Path

import volunteers

ABOVE = {"sites", "shifts", "stays", "records", "donations", "store", "api"}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_volunteers_imports_no_app_above_it():
    root = Path(volunteers.__file__).parent
    offenders = {
        str(path.relative_to(root)): sorted(imported_apps(path) & ABOVE)
        for path in root.rglob("*.py")
        if imported_apps(path) & ABOVE
    }
    assert offenders == {}
