"""The mandatory-recording rule as an officer meets it on the act page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from sanxiang.cases.choices import ActStatus
from sanxiang.records.tests.test_services import _seizure, _upload


def test_completing_a_seizure_on_the_act_page_without_video_shows_the_rule(client, case, officer):
    act = _seizure(case, officer)
    client.force_login(officer)
    ended = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("workbench:act", args=[act.pk]), {"ended_at": ended})
    assert response.status_code == 200
    assert "查封扣押应当进行全过程音像记录" in response.content.decode()
    act.refresh_from_db()
    assert act.status == ActStatus.OPEN
    _upload(officer, case, act=act, is_full=True)
    response = client.post(reverse("workbench:act", args=[act.pk]), {"ended_at": ended})
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == ActStatus.COMPLETED
