"""The admin: the display-period table and settings edit; publications are read-only."""

from __future__ import annotations

from django.urls import reverse


def test_the_superuser_edits_display_rules_and_only_reads_publications(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:publicity_displaypolicy_add")).status_code == 200
    assert client.get(reverse("admin:publicity_publicitysettings_add")).status_code == 200
    assert client.get(reverse("admin:publicity_publication_add")).status_code == 403
