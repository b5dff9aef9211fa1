"""The workbench's editing of service guides and window boards: the agency's administrator
creates and edits them with their rows; bad input is shown back in Chinese and nothing is
written; others may not edit; the portal and the flowchart follow at once."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.agencies.models import GuideMaterial, GuideStage, ServiceGuide, ServiceWindow
from sanxiang.agencies.services import guides as guide_services
from sanxiang.agencies.tests.factories import OfficerFactory, ServiceGuideFactory
from sanxiang.ledger.models import Entry

GUIDE = {
    "code": "road-occupation", "name": "城市道路临时占用许可", "power_item": "",
    "accepting_body": "万新街道综合行政执法大队", "legal_basis": "《城市道路管理条例》第三十一条",
    "conditions": "因特殊情况需要临时占用城市道路的单位或者个人", "time_limit": "法定20个工作日，承诺5个工作日",
    "fees": "不收费", "channels": "万新街道政务服务中心1号窗口", "consultation": "022-24390001",
    "complaints": "", "is_published": "on",
    "materials-TOTAL_FORMS": "2", "materials-INITIAL_FORMS": "0",
    "materials-0-name": "临时占用城市道路申请表", "materials-0-form": "原件1份",
    "materials-0-required": "on",
    "materials-1-name": "", "materials-1-form": "原件1份", "materials-1-required": "on",
    "stages-TOTAL_FORMS": "3", "stages-INITIAL_FORMS": "0",
    "stages-0-name": "受理", "stages-0-responsible": "窗口工作人员",
    "stages-0-time_limit_days": "1", "stages-0-time_basis": "working",
    "stages-1-name": "审查决定", "stages-1-responsible": "执法大队",
    "stages-1-time_limit_days": "4", "stages-1-time_basis": "working",
    "stages-2-name": "", "stages-2-time_basis": "working",
}  # fmt: skip


def _sample(name="申请表样表.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def test_the_agency_admin_creates_a_guide_with_materials_steps_and_a_sample_form(
    client, agency_admin, wanxin
):
    client.force_login(agency_admin)
    response = client.post(
        reverse("workbench:guide-new", args=[wanxin.pk]),
        {**GUIDE, "materials-0-sample_form": _sample()},
    )
    assert response.status_code == 302, re.findall(r"<li>[^<]*</li>", response.content.decode())
    guide = ServiceGuide.objects.get(code="road-occupation")
    assert guide.agency == wanxin
    assert [m.name for m in guide.materials.all()] == ["临时占用城市道路申请表"]
    assert guide.materials.get().sample_form.name.endswith(".pdf")
    assert [(s.name, s.time_limit_days) for s in guide.stages.all()] == [
        ("受理", 1),
        ("审查决定", 4),
    ]
    entry = Entry.objects.filter(kind=guide_services.GUIDE_KIND).get()
    assert entry.subject == "guide:wanxin:road-occupation"
    # The portal and the generated flowchart show it at once.
    client.logout()
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "临时占用城市道路申请表" in page
    svg = client.get(reverse("portal:guide-flowchart", args=[guide.code])).content.decode()
    assert "审查决定" in svg and "4" in svg


def test_editing_changes_reorders_and_deletes_rows_and_the_flowchart_follows(
    client, agency_admin, wanxin
):
    client.force_login(agency_admin)
    client.post(reverse("workbench:guide-new", args=[wanxin.pk]), GUIDE)
    guide = ServiceGuide.objects.get()
    stages = list(guide.stages.all())
    data = {
        **GUIDE, "time_limit": "承诺3个工作日",
        "materials-TOTAL_FORMS": "1", "materials-INITIAL_FORMS": "1",
        "materials-0-id": str(guide.materials.get().pk), "materials-0-DELETE": "on",
        "stages-TOTAL_FORMS": "3", "stages-INITIAL_FORMS": "2",
        "stages-0-id": str(stages[0].pk), "stages-1-id": str(stages[1].pk),
        "stages-1-time_limit_days": "2", "stages-2-name": "送达",
        "stages-2-time_limit_days": "1",
    }  # fmt: skip
    response = client.post(reverse("workbench:guide-edit", args=[guide.pk]), data)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.time_limit == "承诺3个工作日" and not guide.materials.exists()
    assert [(s.name, s.time_limit_days) for s in guide.stages.all()] == [
        ("受理", 1), ("审查决定", 2), ("送达", 1)
    ]  # fmt: skip
    svg = client.get(reverse("portal:guide-flowchart", args=[guide.code])).content.decode()
    assert "送达" in svg


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "该字段是必填项"),
        ({"code": "不是 代码"}, "字母"),
        ({"stages-1-time_limit_days": "0"}, "1 到 365"),
        ({"stages-1-time_limit_days": "abc"}, "整数"),
        ({"stages-1-name": "受理"}, "名称相同"),
        ({"materials-0-sample_form": SimpleUploadedFile("x.exe", b"MZ", "application/x-msdos-program")},
         "PDF"),
    ],
)  # fmt: skip
def test_bad_input_is_shown_back_in_chinese_and_nothing_is_written(
    client, agency_admin, wanxin, changes, message
):
    client.force_login(agency_admin)
    response = client.post(reverse("workbench:guide-new", args=[wanxin.pk]), {**GUIDE, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "error-summary" in page
    assert not ServiceGuide.objects.exists()
    assert not GuideMaterial.objects.exists() and not GuideStage.objects.exists()
    assert not Entry.objects.filter(kind=guide_services.GUIDE_KIND).exists()


def test_a_duplicate_public_code_is_refused(client, agency_admin, wanxin, jinqiao):
    ServiceGuideFactory(agency=jinqiao, code="road-occupation")
    client.force_login(agency_admin)
    response = client.post(reverse("workbench:guide-new", args=[wanxin.pk]), GUIDE)
    assert response.status_code == 200 and "已存在" in response.content.decode()
    assert ServiceGuide.objects.filter(agency=wanxin).count() == 0


def test_only_the_agencys_admin_edits_and_other_agencies_see_nothing(
    client, officer, other_officer, agency_admin, wanxin
):
    guide = ServiceGuideFactory(agency=wanxin)
    client.force_login(officer)
    assert client.get(reverse("workbench:guide-list", args=[wanxin.pk])).status_code == 200
    assert client.post(reverse("workbench:guide-edit", args=[guide.pk]), GUIDE).status_code == 403
    client.force_login(other_officer)
    assert client.get(reverse("workbench:guide-edit", args=[guide.pk])).status_code == 404
    client.force_login(agency_admin)
    page = client.get(reverse("workbench:home")).content.decode()
    assert reverse("workbench:guide-list", args=[wanxin.pk]) in page  # in the nav
    guide.refresh_from_db()
    assert guide.code != "road-occupation"


def test_the_admin_makes_a_window_board_with_posts_and_staff(client, agency_admin, wanxin, jinqiao):
    guide = ServiceGuideFactory(agency=wanxin)
    staff = OfficerFactory(agency=wanxin, name="王窗口")
    stranger = OfficerFactory(agency=jinqiao, name="金桥人")
    data = {
        "code": "window-1", "name": "1号综合受理窗口", "location": "万新街道政务服务中心一楼",
        "hours": "工作日 9:00-17:00", "duties": "受理城市管理类许可申请", "guides": [guide.pk],
        "consultation_phone": "022-24390001", "complaint_phone": "022-24390002",
        "complaint_channel": "", "is_published": "on",
        "posts-TOTAL_FORMS": "2", "posts-INITIAL_FORMS": "0",
        "posts-0-post": "A岗", "posts-0-officer": str(staff.pk), "posts-0-duties": "受理、咨询",
        "posts-1-post": "", "posts-1-officer": "", "posts-1-duties": "",
    }  # fmt: skip
    client.force_login(agency_admin)
    bad = client.post(reverse("workbench:window-new", args=[wanxin.pk]),
                      {**data, "posts-0-officer": str(stranger.pk)})  # fmt: skip
    assert bad.status_code == 200 and "选择一个有效的选项" in bad.content.decode()
    assert not ServiceWindow.objects.exists()
    response = client.post(reverse("workbench:window-new", args=[wanxin.pk]), data)
    assert response.status_code == 302
    window = ServiceWindow.objects.get()
    assert [(p.post, p.officer.name) for p in window.posts.all()] == [("A岗", "王窗口")]
    assert list(window.guides.all()) == [guide]
    assert Entry.objects.filter(kind=guide_services.WINDOW_KIND).count() == 1
    client.logout()
    page = client.get(window.get_absolute_url()).content.decode()
    assert "王窗口" in page and "受理、咨询" in page


def test_a_material_whose_stored_sample_is_missing_still_saves(wanxin):
    """Saving a guide used to open every stored sample file: one missing from storage (as
    the demo's were) made the save a 500."""
    from sanxiang.agencies.guide_forms import MaterialForm

    guide = ServiceGuideFactory(agency=wanxin, code="missing-sample")
    material = GuideMaterial.objects.create(
        guide=guide, order=0, name="申请表", sample_form="guide-samples/not-there.pdf"
    )
    form = MaterialForm(
        data={"name": "申请表（新版）", "form": "原件1份", "required": "on", "note": ""},
        instance=material,
    )
    assert form.is_valid(), form.errors
    form.save()
    material.refresh_from_db()
    assert material.name == "申请表（新版）"
    assert material.sample_form.name == "guide-samples/not-there.pdf"
