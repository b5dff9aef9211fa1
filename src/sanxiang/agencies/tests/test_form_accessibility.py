"""A real workbench form read by a screen reader: the ID number field names its help text
and its error through aria-describedby, and both are on the page."""

from __future__ import annotations

from django.urls import reverse

from sanxiang.core.tests.test_form_fields import described_texts


def test_the_officer_form_describes_the_id_number_by_its_help_and_its_error(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("workbench:officer-new"), {"name": "新同志", "id_number": "120110198506151"}
    )
    assert response.status_code == 200
    help_text, error = described_texts(response.content.decode())["id_number"]
    assert help_text is not None and "18" in help_text
    assert error is not None and "请填写18位身份证号码" in error


def test_the_officer_form_describes_its_checkbox_groups_when_they_have_help(client, agency_admin):
    client.force_login(agency_admin)
    html = client.get(reverse("workbench:officer-new")).content.decode()
    assert all(None not in texts for texts in described_texts(html).values())
