"""The UI is Chinese: every app's catalogue is complete, compiled, and covers its strings."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sanxiang"
APPS = sorted(
    p.parent.parent.parent.parent.name
    for p in PACKAGE.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
)


def _catalogue(app: str) -> Path:
    return PACKAGE / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_message_is_translated_and_none_is_fuzzy(app):
    po = polib.pofile(str(_catalogue(app)))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("app", APPS)
def test_the_compiled_catalogue_matches_its_source(app):
    po = polib.pofile(str(_catalogue(app)))
    with _catalogue(app).with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural
        and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
        != e.msgstr
    ]
    assert stale == [], "run `make messages` to recompile"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (CI installs it)")
@pytest.mark.parametrize("app", APPS)
def test_every_string_in_the_code_is_in_the_catalogue(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [str(Path(sys.executable).parent / "sanxiang"), "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(_catalogue(app))) if e.msgstr or e.msgstr_plural}
    assert sorted(fresh - known) == [], "run `make messages` and translate the new strings"
