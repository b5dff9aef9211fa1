"""Service guides, their generated flowcharts, and window boards on the portal."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from sanxiang.agencies.choices import StageTimeBasis
from sanxiang.agencies.models import GuideMaterial, GuideStage, WindowPost
from sanxiang.agencies.tests.factories import (
    OfficerFactory,
    ServiceGuideFactory,
    ServiceWindowFactory,
)


@pytest.fixture
def guide(wanxin):
    guide = ServiceGuideFactory(agency=wanxin, code="road-occupation")
    GuideMaterial.objects.create(
        guide=guide, order=1, name="临时占用城市道路申请表", sample_form="guide-samples/a.pdf"
    )
    GuideMaterial.objects.create(
        guide=guide, order=2, name="营业执照复印件", form="复印件1份", required=False
    )
    for order, (name, days) in enumerate([("受理", 1), ("审查", 3), ("决定", 1)]):
        GuideStage.objects.create(
            guide=guide, order=order, name=name, time_limit_days=days, responsible="窗口工作人员"
        )
    return guide


def test_a_guide_shows_body_conditions_materials_time_limit_fees_and_channels(client, guide):
    page = client.get(guide.get_absolute_url()).content.decode()
    for text in ["万新街道综合行政执法大队", "因特殊情况需要临时占用", "临时占用城市道路申请表",
                 "营业执照复印件", "承诺5个工作日", "不收费", "1号窗口",
                 reverse("portal:guide-sample", args=[guide.materials.get(order=1).pk])]:  # fmt: skip
        assert text in page
    assert "<svg" in page  # the flowchart is inline, so it prints with the page


def test_the_flowchart_is_svg_drawn_from_the_stages_in_order_with_their_limits(client, guide):
    response = client.get(reverse("portal:guide-flowchart", args=[guide.code]))
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ElementTree.fromstring(response.content)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.index("受理") < texts.index("审查") < texts.index("决定")
    assert "3个工作日" in texts or "3 working days" in texts


def test_a_stage_change_changes_the_flowchart_and_text_is_escaped(client, guide):
    GuideStage.objects.create(
        guide=guide, order=9, name="<b>送达&归档</b>", time_limit_days=10,
        time_basis=StageTimeBasis.CALENDAR_DAYS,
    )  # fmt: skip
    response = client.get(reverse("portal:guide-flowchart", args=[guide.code]))
    svg = ElementTree.fromstring(response.content)  # still well-formed XML
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>送达&归档</b>" in texts
    assert b"<b>" not in response.content


def test_an_unpublished_guide_is_not_found(client, guide):
    guide.is_published = False
    guide.save()
    assert client.get(guide.get_absolute_url()).status_code == 404
    assert client.get(reverse("portal:guide-flowchart", args=[guide.code])).status_code == 404
    assert guide.name not in client.get(reverse("portal:guides")).content.decode()


def test_the_window_board_lists_staff_duties_forms_progress_and_complaints(client, wanxin, guide):
    window = ServiceWindowFactory(agency=wanxin, code="window-1")
    window.guides.add(guide)
    officer = OfficerFactory(agency=wanxin, name="李娜")
    WindowPost.objects.create(window=window, post="A岗", officer=officer, duties="受理、登记")
    page = client.get(window.get_absolute_url()).content.decode()
    sample = reverse("portal:guide-sample", args=[guide.materials.get(order=1).pk])
    for text in ["李娜", "A岗", "受理、登记", "城市道路临时占用许可", sample,
                 "022-24390001", "022-24390002", "万新街道政务服务中心一楼"]:  # fmt: skip
        assert text in page
    assert officer.id_number not in page
    window.is_published = False
    window.save()
    assert client.get(window.get_absolute_url()).status_code == 404


def test_the_power_list_heads_its_name_column_as_a_name_of_a_thing(client, wanxin):
    """名称, not 姓名 (the officers' pages keep 姓名): the contexts of "Name"."""
    page = client.get(reverse("portal:powers")).content.decode()
    assert "<th>名称</th>" in page and "<th>姓名</th>" not in page
    officers = client.get(reverse("portal:agency-officers", args=[wanxin.code])).content.decode()
    assert "<th>姓名</th>" in officers


def test_a_sample_form_downloads_from_a_published_guide_only(client, guide):
    """/media/ is never served whole (case files live there): each public file has its view."""
    from django.core.files.base import ContentFile

    material = guide.materials.get(order=1)
    material.sample_form.save("road.pdf", ContentFile(b"%PDF-1.4 sample"))
    page = client.get(reverse("portal:guide", args=[guide.code])).content.decode()
    url = reverse("portal:guide-sample", args=[material.pk])
    assert url in page and "/media/" not in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    guide.is_published = False
    guide.save()
    assert client.get(url).status_code == 404


def test_an_officer_photo_is_shown_while_the_officer_is_on_duty(client, wanxin):
    from django.core.files.base import ContentFile

    from sanxiang.agencies.choices import OfficerStatus
    from sanxiang.agencies.tests.factories import OfficerFactory

    officer = OfficerFactory(agency=wanxin)
    officer.photo.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 32))
    url = reverse("portal:officer-photo", args=[officer.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    officer.status = OfficerStatus.LEFT
    officer.save()
    assert client.get(url).status_code == 404
