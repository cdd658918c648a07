"""The stylesheet stays right-to-left ready and keeps the class names templates rely on."""

import re
from pathlib import Path

from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "utopia.css").read_text()
RULES = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)


def test_only_logical_properties():
    physical = re.findall(
        r"(?:margin|padding|border|inset)-(?:left|right|top|bottom)\b"
        r"|(?<![-\w])(?:left|right|top|bottom)\s*:"
        r"|(?:text-align|float|clear)\s*:\s*(?:left|right)"
        r"|(?<![-\w(])(?:width|height|min-width|max-width|min-height|max-height)\s*:",
        RULES,
    )
    assert physical == []


def test_shorthands_are_symmetric():
    # `margin: 1px 2px 3px 4px` sets left and right differently; up to three values read the same both ways.
    for prop, value in re.findall(r"(?<![-\w])(margin|padding|inset)\s*:\s*([^;}]+)", RULES):
        values = value.replace("!important", "").split()
        assert len(values) < 4 or values[1] == values[3], (prop, value)


def test_class_names_templates_use_are_defined():
    for name in (
        "button", "button-secondary", "button-danger", "button-small", "card", "cards", "panel",
        "badge", "badge-ok", "badge-warn", "badge-bad", "empty", "muted", "table-scroll", "pagination",
        "message-success", "message-info", "message-warning", "message-error", "visually-hidden", "field",
    ):  # fmt: skip
        assert re.search(rf"\.{name}\b", RULES), name


def test_tap_targets_are_44px():
    assert "--tap: 44px" in RULES
    small = re.search(r"\.button-small\s*\{([^}]*)\}", RULES).group(1)
    assert "min-block-size" not in small
