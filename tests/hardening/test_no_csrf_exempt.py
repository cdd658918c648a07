from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
NEEDLE = "csrf" + "_exempt"  # spelled in two parts so this file does not match itself
SKIP = {".venv", "node_modules", ".git", "staticfiles"}


def test_no_view_is_exempt_from_csrf():
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in BASE_DIR.rglob("*.py")
        if not SKIP & set(path.relative_to(BASE_DIR).parts) and NEEDLE in path.read_text(errors="replace")
    ]
    assert offenders == []
