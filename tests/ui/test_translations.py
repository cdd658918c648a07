"""French and English ship complete, compile without system gettext, and reach the pages."""

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings

from utopia.compilemessages import compile_all

BASE = Path(settings.BASE_DIR)
LOCALE = BASE / "locale"
TEMPLATES = BASE / "templates"


def catalogue(language, root=LOCALE):
    with (root / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return read_po(po_file)


def french_catalogues():
    """The project's catalogue and any app's own (shifts/locale/...): all of them ship."""
    paths = sorted([*BASE.glob("locale/fr/LC_MESSAGES/*.po"), *BASE.glob("*/locale/fr/LC_MESSAGES/*.po")])
    assert paths, "no French catalogue found"
    catalogues = []
    for path in paths:
        with path.open("rb") as po_file:
            catalogues.append((path.relative_to(BASE), read_po(po_file)))
    return catalogues


def test_both_languages_are_shipped():
    assert {code for code, _name in settings.LANGUAGES} == {"en", "fr"}
    for code in ("en", "fr"):
        assert (LOCALE / code / "LC_MESSAGES" / "django.po").exists()


def test_every_french_message_is_translated_and_none_is_fuzzy():
    assert len(catalogue("fr")) > 150
    for path, french in french_catalogues():
        assert not french.fuzzy, f"the header of {path} is marked fuzzy"
        untranslated = [m.id for m in french if m.id and not (all(m.string) if m.pluralizable else m.string)]
        fuzzy = [m.id for m in french if m.id and m.fuzzy]
        assert untranslated == [], f"untranslated in {path}: translate them (after `make makemessages`)"
        assert fuzzy == [], f"fuzzy in {path}: check each translation and remove the fuzzy flag"


def test_french_keeps_every_placeholder():
    for path, french in french_catalogues():
        for message in french:
            if not message.id:
                continue
            ids = message.id if message.pluralizable else (message.id,)
            strings = message.string if message.pluralizable else (message.string,)
            wanted = set(re.findall(r"%\(\w+\)[sd]", "".join(ids)))
            for string in strings:
                assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, (path, message.id)


def test_english_and_french_cover_the_same_messages():
    for root in [LOCALE, *BASE.glob("*/locale")]:
        if (root / "en" / "LC_MESSAGES" / "django.po").exists():
            assert {m.id for m in catalogue("en", root) if m.id} == {m.id for m in catalogue("fr", root) if m.id}


def test_catalogue_holds_every_simple_template_string():
    # A cheap guard against forgetting `make makemessages` after adding a page.
    ids = {m.id for _path, french in french_catalogues() for m in french if m.id}
    found = set()
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        found |= set(re.findall(r"""\{%\s*(?:translate|trans)\s+"([^"{}]+)"[^%]*%\}""", text))
        found |= set(re.findall(r"""\{%\s*(?:translate|trans)\s+'([^'{}]+)'[^%]*%\}""", text))
    assert found, "no template strings found: the pattern is broken"
    assert sorted(found - ids) == []


def test_compile_all_writes_mo_files_that_hold_the_translations(tmp_path):
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    assert compile_all(tmp_path) == 2
    with (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo_file:
        french = read_mo(mo_file)
    assert french.get("Skip to content").string == "Aller au contenu"
    assert compile_all(tmp_path) == 0, "an up-to-date .mo is not rewritten"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "how", [{"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}, {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}=fr"}]
)
def test_home_page_in_french(client, how):
    html = client.get("/", **how).text
    assert '<html lang="fr"' in html
    assert "Aider les personnes réfugiées dans le Nord et à Paris" in html
    assert "Aller au contenu" in html
    assert "Help refugees" not in html


@pytest.mark.django_db
def test_home_page_in_english_by_default(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="de").text
    assert '<html lang="en"' in html
    assert "Help refugees in northern France and Paris" in html
