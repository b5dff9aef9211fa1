"""The reconsideration body named to parties: the government, from the agency's record."""

from __future__ import annotations

import pytest

from sanxiang.agencies.reconsideration import reconsideration_body
from sanxiang.agencies.tests.factories import AgencyFactory, make_uscc


def test_a_subdistrict_office_names_the_district_government_not_the_justice_bureau(wanxin):
    """Rule "remedy.reconsideration_body": 行政复议法 第二十四条 (派出机关)."""
    assert wanxin.supervising_agency.name == "东丽区司法局"
    assert reconsideration_body(wanxin) == "东丽区人民政府"
    assert wanxin.reconsideration_organ == "东丽区人民政府"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("天津市东丽区城市管理委员会", "天津市东丽区人民政府"),
        ("东丽区市场监督管理局", "东丽区人民政府"),
        ("东丽区人民政府金桥街道办事处", "东丽区人民政府"),
    ],
)
def test_a_district_department_names_the_district_government(db, name, body):
    """Rule "remedy.reconsideration_body": 行政复议法 第二十四条 (工作部门)."""
    assert reconsideration_body(AgencyFactory(name=name, uscc=make_uscc(40))) == body


def test_the_recorded_body_is_used_unless_it_is_not_a_government(wanxin):
    wanxin.reconsideration_body = "天津市东丽区人民政府（行政复议申请：东丽区司法局行政复议接待室）"
    assert reconsideration_body(wanxin).startswith("天津市东丽区人民政府（")
    wanxin.reconsideration_body = "东丽区司法局"  # the 复议机构, not the 复议机关
    assert reconsideration_body(wanxin) == "东丽区人民政府"
