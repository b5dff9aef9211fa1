"""Hearing journey in the browser (行政处罚法 第四十四条、第六十三条至第六十五条): the prior notice
with a large fine tells the hearing right; the party asks in time; the hearing is noticed 7
working days ahead, held and recorded; the head decides on it, and not before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.agencies.tests.factories import PASSWORD, DomainFactory
from sanxiang.cases import party_rights
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Transition
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
    to_proposal,
)
from sanxiang.decisions.models import Decision
from sanxiang.review import services as review
from sanxiang.review.tests.builders import NO

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def _post_form(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_a_hearing_requested_noticed_held_and_decided_on(page, wanxin, officer, head, settings):
    settings.REVIEW_ALL_GENERAL_PENALTIES = False  # this journey is about the hearing
    domain = DomainFactory()
    qualify(officer, domain)
    partner = qualified_officer_user(wanxin, domain, "partner")
    item = PowerItemFactory(agency=wanxin, domain=domain)
    case = to_proposal(open_case(officer, item, partner, filed_on=_ago(60)), officer, _ago(50))

    _login(page, "officer")
    page.goto(f"/workbench/cases/{case.pk}/")
    page.get_by_role("link", name="制作并送达事先告知").click()
    page.check("input[name=penalty_types][value=fine]")
    page.fill("#id_fine", "20000")
    page.fill("#id_content", "拟处罚款人民币二万元。")
    page.fill("#id_facts", "当事人在万新街成林道长期占道经营，经多次责令仍未改正。")
    page.fill("#id_reasons", "违法行为持续时间长，经责令拒不改正。")
    page.fill("#id_legal_basis", "《天津市市容和环境卫生管理条例》第六十一条")
    page.fill("#id_notified_on", _ago(40).isoformat())
    _post_form(page, "制作并送达事先告知")
    main = page.locator("main").inner_text()
    assert "较大数额罚款" in main and "拟处罚款人民币二万元" in main

    page.get_by_role("link", name="记录当事人答复").click()
    page.check("input[name=kind][value=hearing_request]")
    page.fill("#id_on", _ago(39).isoformat())
    _post_form(page, "记录当事人答复")

    # Noticed only 6 working days ahead: refused with the article; then 7 working days.
    hearing_day = party_rights.earliest_hearing_day(_ago(30))
    page.get_by_role("link", name="安排听证").click()
    page.fill("#id_scheduled_at", f"{hearing_day - dt.timedelta(days=1)}T09:30")
    page.fill("#id_place", "万新街道办事处听证室")
    page.fill("#id_party_notified_on", _ago(30).isoformat())
    page.fill("#id_presiding", "法制员赵敏")
    _post_form(page, "安排听证")
    assert "penalty.hearing.seven_days_notice" in page.locator("main").inner_text()
    page.fill("#id_scheduled_at", f"{hearing_day}T09:30")
    _post_form(page, "安排听证")
    assert "法制员赵敏" in page.locator("main").inner_text()

    # Put to the head before the hearing: the decision page says why it cannot be made.
    review.assess_applicability(actor=officer, case=case, answers=NO)
    cases.transition_case(actor=officer, case=case, transition=Transition.PREPARE_DECISION)
    _login(page, "head")
    page.goto(f"/workbench/cases/{case.pk}/decision/")
    assert "penalty.hearing.held" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name="作出决定").is_disabled()

    _login(page, "officer")
    page.goto(f"/workbench/cases/{case.pk}/")
    page.get_by_role("link", name="录入听证笔录").click()
    page.fill("#id_summary", "当事人到场，对违法事实无异议，称经营困难，请求减轻罚款。")
    _post_form(page, "录入听证笔录")

    _login(page, "head")
    page.goto(f"/workbench/cases/{case.pk}/decision/")
    page.fill("#id_facts", "当事人在万新街成林道长期占道经营，经多次责令仍未改正。")
    page.fill("#id_content", "根据听证笔录，罚款人民币一万五千元。")
    page.check("input[name=penalty_types][value=fine]")
    page.fill("#id_fine", "15000")
    page.fill("#id_legal_basis", "《天津市市容和环境卫生管理条例》第六十一条")
    page.get_by_role("button", name="作出决定").click()
    page.wait_for_url("**/workbench/decisions/*/")
    decision = Decision.objects.get(case=case)
    assert decision.decided_on >= hearing_day and decision.fine_amount == 15000
