"""Summary-procedure journeys in the browser (行政处罚法 第五十一条、第五十二条): the two officers
decide a lawful case on the spot with no head; an over-limit case is refused with the article
and moved to the general procedure."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from sanxiang.agencies.tests.factories import PASSWORD, DomainFactory
from sanxiang.cases.choices import Procedure, Stage
from sanxiang.cases.models import Case
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
)
from sanxiang.decisions.models import Decision
from sanxiang.ledger.store import open_blob_by_hash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def _summary_case(wanxin, officer):
    domain = DomainFactory()
    qualify(officer, domain)
    partner = qualified_officer_user(wanxin, domain, "partner")
    item = PowerItemFactory(agency=wanxin, domain=domain)
    return open_case(officer, item, partner, procedure=Procedure.SUMMARY), partner


def _to_the_decision_form(page, case):
    """On the case page the officer proceeds to decide on the spot, then opens the form
    from the work list (no head involved)."""
    page.goto(case.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="当场作出决定").click()
    page.goto("/workbench/")
    page.get_by_role("link", name=f"当场决定 {case.number}").click()
    page.wait_for_url(f"**/workbench/cases/{case.pk}/decision/")
    assert "第五十一条" in page.locator("#summary-limits").inner_text()


def _fill(page, amount: str):
    page.fill("#id_facts", "当事人于万新街成林道占用城市道路摆摊设点。")
    page.fill("#id_content", f"罚款人民币{amount}元。")
    page.fill("#id_legal_basis", "《天津市市容和环境卫生管理条例》第六十一条")
    page.locator("input[name=penalty_types][value=fine]").check()
    page.fill("#id_fine", amount)
    page.fill("#id_place", "万新街成林道12号")


def test_two_officers_decide_a_lawful_case_on_the_spot(page, wanxin, officer, head):
    case, partner = _summary_case(wanxin, officer)
    problems: list[str] = []
    page.on("response", lambda r: problems.append(r.url) if r.status >= 500 else None)

    _sign_in(page, "officer")
    _to_the_decision_form(page, case)
    _fill(page, "200")
    page.get_by_role("button", name="作出决定").click()
    page.wait_for_url("**/workbench/decisions/*/")
    decision = Decision.objects.get(case=case)
    assert decision.decided_by == officer and decision.fine_amount == 200
    assert "尚未报机关备案" in page.locator("main").inner_text()

    # The 当场处罚决定书 names both officers with their credentials and says reconsideration
    # comes first (行政复议法 第二十三条).
    assert decision.document is not None
    with open_blob_by_hash(decision.document.digest) as handle:
        text = "\n".join(p.text for p in WordDocument(io.BytesIO(handle.read())).paragraphs)
    for person in (officer, partner):
        assert person.officer.current_credential().number in text
    assert "应当先向行政复议机关申请行政复议" in text

    # The second officer serves it on the spot; the head never had to act on the decision.
    _sign_in(page, "partner")
    page.goto(decision.get_absolute_url())
    page.get_by_label("受送达人").fill("张三")
    with page.expect_navigation():
        page.get_by_role("button", name="记录送达").click()
    case.refresh_from_db()
    assert case.stage == Stage.EXECUTION

    # The head files it with the agency (备案; 第五十二条) from the work list.
    _sign_in(page, "head")
    page.get_by_role("link", name=f"当场处罚决定 {decision.number} 报机关备案").click()
    with page.expect_navigation():
        page.get_by_role("button", name="登记备案").click()
    case.refresh_from_db()
    assert case.summary_filed_by == head
    assert "已于" in page.locator("main").inner_text()
    assert problems == []


def test_an_over_limit_case_is_refused_and_moved_to_the_general_procedure(
    page, wanxin, officer, head
):
    case, _partner = _summary_case(wanxin, officer)
    _sign_in(page, "officer")
    _to_the_decision_form(page, case)
    _fill(page, "500")
    page.get_by_role("button", name="作出决定").click()
    main = page.locator("main").inner_text()
    assert "第五十一条" in main and "penalty.summary.scope" in main
    assert not Decision.objects.filter(case=case).exists()

    page.goto(case.get_absolute_url())
    page.locator("form:has(button:text('转为普通程序')) textarea[name=reason]").fill(
        "罚款超过当场处罚限额，适用普通程序"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="转为普通程序").click()
    case = Case.objects.get(pk=case.pk)
    assert case.procedure == Procedure.GENERAL and case.stage == Stage.INVESTIGATION
    assert "普通程序" in page.locator("main").inner_text()
    assert "罚款超过当场处罚限额" in page.locator("main").inner_text()
