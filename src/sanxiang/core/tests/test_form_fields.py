"""``form_fields.html`` ties each field to its help text and errors with Django's own ids,
so a screen reader reads them with the field (aria-describedby → ``…_helptext``, ``…_error``)."""

from __future__ import annotations

from html.parser import HTMLParser

from django import forms
from django.template.loader import render_to_string

CONTROLS = {"input", "select", "textarea", "fieldset"}


class _Page(HTMLParser):
    """Texts of elements by id, and the aria-describedby of each form control."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self.described: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in CONTROLS and found.get("aria-describedby"):
            key = found.get("name") or found.get("id") or tag
            self.described[key] = (found["aria-describedby"] or "").split()
        if tag not in {"input", "br", "img", "meta", "link"}:
            self._open.append((tag, found.get("id")))
            if found.get("id"):
                self.texts.setdefault(str(found["id"]), "")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, ident in self._open:
            if ident:
                self.texts[ident] += data


def described_texts(html: str) -> dict[str, list[str | None]]:
    """For each described control: the texts of the elements its aria-describedby names.

    A name that points at no element gives ``None``, so a broken reference shows up."""
    page = _Page()
    page.feed(html)
    return {
        control: [" ".join(page.texts[i].split()) if i in page.texts else None for i in ids]
        for control, ids in page.described.items()
    }


class _Form(forms.Form):
    number = forms.CharField(label="Number", help_text="Six digits.", max_length=6)
    note = forms.CharField(label="Note", required=False)
    colours = forms.MultipleChoiceField(
        label="Colours", choices=[("r", "Red"), ("g", "Green")],
        widget=forms.CheckboxSelectMultiple, help_text="One or more.",
    )  # fmt: skip


def test_help_text_is_read_with_its_field():
    html = render_to_string("form_fields.html", {"form": _Form()})
    assert described_texts(html)["number"] == ["Six digits."]
    assert 'id="id_number_helptext"' in html


def test_an_error_and_the_help_are_both_read_with_the_field():
    form = _Form(data={"number": "1234567", "colours": []})
    assert not form.is_valid()
    html = render_to_string("form_fields.html", {"form": form})
    texts = described_texts(html)
    help_text, error = texts["number"]
    assert help_text == "Six digits."
    assert error is not None and "6" in error
    assert 'aria-invalid="true"' in html


def test_a_group_of_checkboxes_is_a_fieldset_described_by_its_help_and_error():
    form = _Form(data={"number": "123456"})
    assert not form.is_valid()
    html = render_to_string("form_fields.html", {"form": form})
    texts = described_texts(html)
    fieldsets = [ids for control, ids in texts.items() if control == "fieldset"]
    assert fieldsets == [["One or more.", str(form.errors["colours"][0])]]
    assert "<legend>Colours</legend>" in html


def test_a_field_without_help_or_error_is_not_described():
    html = render_to_string("form_fields.html", {"form": _Form()})
    assert "note" not in described_texts(html)


def test_date_pickers_get_iso_values_whatever_the_language():
    """A date input shows nothing for 2026/12/05 (the zh-hans format): values must be ISO."""
    import datetime as dt
    from pathlib import Path

    from django import forms
    from django.utils import translation

    from sanxiang.core.forms import DateInput, DateTimeInput

    class When(forms.Form):
        day = forms.DateField(widget=DateInput)
        at = forms.DateTimeField(widget=DateTimeInput)

    with translation.override("zh-hans"):
        html = str(
            When(initial={"day": dt.date(2026, 12, 5), "at": dt.datetime(2026, 12, 5, 9, 30)})
        )
    assert 'type="date"' in html and 'value="2026-12-05"' in html
    assert 'type="datetime-local"' in html and 'value="2026-12-05T09:30"' in html
    # Every form uses these widgets: Django's own render the localised format.
    package = Path(__file__).resolve().parents[2]
    offenders = [
        str(path) for path in package.glob("*/**/*.py")
        if "tests" not in path.parts and path != package / "core" / "forms.py"
        and ("forms.DateInput(" in (text := path.read_text(encoding="utf-8"))
             or "forms.DateTimeInput(" in text)
    ]  # fmt: skip
    assert offenders == []
