"""The agencies demo: a realistic power list with history, guides and a window; idempotent."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from sanxiang.agencies import demo
from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import PowerItem, PowerItemVersion, ServiceGuide, ServiceWindow

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_power_list_with_discretion_guides_and_a_window_twice(client):
    demo.load(stdout=io.StringIO())
    counts = (PowerItem.objects.count(), PowerItemVersion.objects.count(),
              ServiceGuide.objects.count(), ServiceWindow.objects.count())  # fmt: skip
    demo.load(stdout=io.StringIO())
    assert counts == (PowerItem.objects.count(), PowerItemVersion.objects.count(),
                      ServiceGuide.objects.count(), ServiceWindow.objects.count())  # fmt: skip
    penalties = PowerItem.objects.filter(agency__code="wanxin", category=PowerCategory.PENALTY)
    assert penalties.count() >= 24
    assert all(p.current_version.discretion_rules.exists() for p in penalties)
    assert ServiceGuide.objects.filter(agency__code="wanxin").count() >= 3
    amended = PowerItem.objects.get(code="CF-SR-005")
    page = client.get(amended.get_absolute_url()).content.decode()
    assert "<ins" in page and "首违不罚" in page
    # The guides' sample forms are real PDF files in storage (downloadable, editable).
    from sanxiang.agencies.models import GuideMaterial

    samples = GuideMaterial.objects.exclude(sample_form="")
    assert samples.exists()
    for material in samples:
        with material.sample_form.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    window = ServiceWindow.objects.get()
    assert window.posts.count() == 2
    assert client.get(reverse("portal:window", args=[window.code])).status_code == 200
