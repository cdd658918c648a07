"""Texts kept in English and French: the French one when the page is in French and one was written."""

from django.utils.translation import get_language


def is_french() -> bool:
    return (get_language() or "en").startswith("fr")


def in_language(english: str, french: str) -> str:
    """`french` when the active language is French and it is not empty, `english` otherwise."""
    return french if french and is_french() else english


def localised(obj, field: str) -> str:
    """`obj.<field>_fr` or `obj.<field>`, as `in_language` chooses."""
    return in_language(getattr(obj, field), getattr(obj, f"{field}_fr"))
