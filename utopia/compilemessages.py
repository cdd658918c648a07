"""Compile locale/*/LC_MESSAGES/*.po into .mo files with Babel's pure-Python writer.

`manage.py compilemessages` needs GNU gettext from the system; this needs nothing but the venv, so
`make run` and `make test` work on a machine with only Python.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_all(root: Path = ROOT) -> int:
    count = 0
    # The project catalogue (locale/) and the apps' own (e.g. shifts/locale/ for the emails).
    for po_path in sorted([*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("*/locale/*/LC_MESSAGES/*.po")]):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        count += 1
    return count


if __name__ == "__main__":
    print(f"compiled {compile_all()} message catalogues")
