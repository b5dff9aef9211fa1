"""Power-list pages: the public list and history, and the workbench's adjustments and Excel."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sanxiang.agencies import excel
from sanxiang.agencies.choices import ChangeKind
from sanxiang.agencies.models import PowerItem
from sanxiang.agencies.tests.factories import establish_item


@pytest.fixture
def item(wanxin, agency_admin):
    return establish_item(wanxin, agency_admin)


def _amend(client, agency_admin, item, **changes):
    client.force_login(agency_admin)
    data = {
        "change_kind": ChangeKind.AMEND, "reason": "承诺时限压缩", "effective_on": "2026-03-05",
        "approver": "主任办公会", "code": item.code, "name": item.name, "category": item.category,
        "domain_code": "urban", "legal_basis": item.legal_basis, "responsible_unit": "综合行政执法大队",
        "procedure": "", "time_limit": "立案之日起九十日内", "remedy": "",
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0",
        "rules-0-level": "general", "rules-0-circumstances": "一般情形",
        "rules-0-fine_min": "100", "rules-0-fine_max": "300",
    } | changes  # fmt: skip
    return client.post(reverse("workbench:power-item-adjust", args=[item.pk]), data)


def test_the_public_sees_the_current_list_filtered_and_searched(client, item, wanxin, agency_admin):
    establish_item(wanxin, agency_admin, code="XK-0001", name="城市道路临时占用许可",
                   category="licensing", rules=())  # fmt: skip
    page = client.get(reverse("portal:powers")).content.decode()
    assert "对擅自占用城市道路摆摊设点的处罚" in page and "城市道路临时占用许可" in page
    page = client.get(reverse("portal:powers"), {"category": "licensing"}).content.decode()
    assert "城市道路临时占用许可" in page and "摆摊设点" not in page
    page = client.get(reverse("portal:powers"), {"q": "摆摊"}).content.decode()
    assert "摆摊设点" in page and "临时占用许可" not in page


@pytest.mark.parametrize("q", ["' OR 1=1 --", "<script>alert(1)</script>", "%", "_"])
def test_search_strings_with_sql_or_html_find_nothing_and_echo_safely(client, item, q):
    response = client.get(reverse("portal:powers"), {"q": q})
    page = response.content.decode()
    assert response.status_code == 200
    assert "摆摊设点" not in page
    assert "<script>alert(1)</script>" not in page


def test_an_items_history_shows_every_version_and_the_words_changed(client, item, agency_admin):
    response = _amend(client, agency_admin, item, time_limit="立案之日起六十日内")
    assert response.status_code == 302
    client.logout()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "第2版" in page and "第1版" in page
    assert "<del" in page and ">九<" in page and ">六<" in page
    assert "主任办公会" in page and "承诺时限压缩" in page
    assert "¥100.00" in page  # the new discretion standard


def test_an_abolished_item_leaves_the_list_but_its_page_and_history_remain(
    client, item, agency_admin
):
    response = _amend(
        client, agency_admin, item, change_kind=ChangeKind.ABOLISH, reason="上位法废止"
    )
    assert response.status_code == 302
    client.logout()
    assert "摆摊设点" not in client.get(reverse("portal:powers")).content.decode()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "上位法废止" in page


def test_an_adjustment_without_a_reason_is_shown_back_with_the_problem(client, item, agency_admin):
    response = _amend(client, agency_admin, item, reason="", legal_basis="《条例》")
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert PowerItem.objects.get().current_version.number == 1


def test_an_unknown_or_unpublished_item_is_not_found(client, item, wanxin):
    assert client.get(reverse("portal:power-item", args=["wanxin", "NOPE"])).status_code == 404
    wanxin.is_public = False
    wanxin.save()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_the_export_downloads_a_workbook_in_the_import_layout(client, item, officer, wanxin):
    client.force_login(officer)
    response = client.get(reverse("workbench:power-list-export", args=[wanxin.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book[excel.ITEM_SHEET][1]][:3] == ["序号", "事项编码", "事项名称"]
    assert book[excel.ITEM_SHEET]["B2"].value == "CF-0001"


def _upload(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.ITEM_SHEET
    sheet.append([title for _, title in excel.ITEM_COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "list.xlsx"
    return out


def test_import_checks_first_then_records_on_confirmation(client, agency_admin, wanxin, item):
    client.force_login(agency_admin)
    url = reverse("workbench:power-list-import", args=[wanxin.pk])
    good = [1, "CF-0009", "对乱倒垃圾的处罚", "行政处罚", "城市管理",
            "《城市市容和环境卫生管理条例》第三十四条", "综合行政执法大队", "", "", "", "", "", "", ""]  # fmt: skip
    bad = [
        2,
        "CF-0010",
        "对乱贴广告的处罚",
        "行政处罚",
        "城市管理",
        "《条例》",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    response = client.post(url, {"file": _upload([good, bad]), "reason": "年度调整",
                                 "effective_on": "2026-03-02", "approver": "主任办公会"})  # fmt: skip
    page = response.content.decode()
    assert "F 实施依据" in page and "G 承办机构" in page
    assert 'name="confirm"' not in page
    assert not PowerItem.objects.filter(code="CF-0009").exists()
    response = client.post(url, {"file": _upload([good]), "reason": "年度调整",
                                 "effective_on": "2026-03-02", "approver": "主任办公会"})  # fmt: skip
    digest = response.context["digest"]
    assert not PowerItem.objects.filter(code="CF-0009").exists()  # a dry run writes nothing
    response = client.post(url, {"confirm": "1", "digest": digest})
    assert response.status_code == 302
    assert PowerItem.objects.get(code="CF-0009").current_version.change_kind == ChangeKind.ESTABLISH


def test_the_workbench_list_and_item_pages_show_versions(client, officer, wanxin, item):
    client.force_login(officer)
    page = client.get(reverse("workbench:power-list", args=[wanxin.pk])).content.decode()
    assert "CF-0001" in page and "Establish an item" not in page and "设立事项" not in page
    page = client.get(reverse("workbench:power-item", args=[item.pk])).content.decode()
    assert "街道党工委会议" in page


def test_the_portal_offers_the_current_list_and_each_items_history_as_json(
    client, item, wanxin, agency_admin
):
    abolished = establish_item(wanxin, agency_admin, code="XK-0001", name="城市道路临时占用许可",
                               category="licensing", rules=())  # fmt: skip
    _amend(client, agency_admin, item, time_limit="立案之日起六十日内")
    _amend(client, agency_admin, abolished, change_kind=ChangeKind.ABOLISH, reason="上位法废止",
           code=abolished.code, name=abolished.name, category="licensing",
           **{"rules-TOTAL_FORMS": "0"})  # fmt: skip
    client.logout()
    url = reverse("portal:power-list-json", args=[wanxin.code])
    assert url in client.get(reverse("portal:powers"), {"agency": wanxin.code}).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["agency"] == {"code": wanxin.code, "name": wanxin.name}
    assert [i["code"] for i in data["items"]] == [item.code]  # the abolished item is not current
    current = data["items"][0]
    assert current["version"] == 2 and current["time_limit"] == "立案之日起六十日内"
    assert current["rules"][0]["fine_min"] == "100.00"
    history = current["history"]
    assert [v["version"] for v in history] == [1, 2]
    assert history[1]["adjustment"] == ChangeKind.AMEND and history[1]["reason"] == "承诺时限压缩"
    assert history[0]["content"]["time_limit"] != "立案之日起六十日内"
    assert "recorded_by" not in response.content.decode()  # no user accounts
    wanxin.is_public = False
    wanxin.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:power-list-json", args=["nope"])).status_code == 404
