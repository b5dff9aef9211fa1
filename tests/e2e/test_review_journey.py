"""Legal review journey in the browser: submit → return → resubmit → pass → decide."""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.factories import PASSWORD, DomainFactory
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
)
from sanxiang.review.tests.builders import make_reviewer, walk_to_notice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MATERIALS = ["investigation_report", "proposed_decision", "evidence_list", "legal_basis",
             "discretion", "defence"]  # fmt: skip


def _login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def _submit(page, case, note=""):
    page.goto(f"/workbench/cases/{case.pk}/review/")
    page.fill("#id_proposed_decision", "拟对当事人处以罚款人民币二千元。")
    page.check("input[name=penalties][value=fine]")
    page.fill("#id_fine", "2000")
    page.fill("#id_discretion_reasoning", "初次违法，按一般情节裁量。")
    if note:
        page.fill("#id_revision_note", note)
    for kind in MATERIALS:
        page.fill(f"#id_m_{kind}", "卷宗第3页")
    page.check("#id_responsibility_confirmed")
    page.locator("form:has(input[value=submit]) button[type=submit]").click()
    page.wait_for_url("**/workbench/reviews/*/")


def _open_review(page, case):
    # The worklist link navigates: wait for the review page before filling its form (the
    # opinion's selects were once looked for on the worklist, and the opinion went unsaved).
    page.get_by_role("link", name=f"审核{case.number}").click()
    page.wait_for_url("**/workbench/reviews/*/")
    page.locator("select[name^=r_]").first.wait_for()


def _opinion(page, kind_index, text=""):
    for select in page.locator("select[name^=r_]").all():
        select.select_option("pass")
    page.check(f"#id_kind_{kind_index}")
    if text:
        page.fill("#id_text", text)
    # The opinion posts back to the same page: wait for that navigation itself (the page
    # already counts as loaded before it starts, so wait_for_load_state raced it).
    with page.expect_navigation():
        page.get_by_role("button", name="出具审核意见").click()


def test_submit_return_resubmit_pass_decide(page, wanxin, officer, reviewer, head):
    domain = DomainFactory()
    qualify(officer, domain)
    partner = qualified_officer_user(wanxin, domain, "partner")
    make_reviewer(reviewer)
    case = walk_to_notice(open_case(officer, PowerItemFactory(agency=wanxin, domain=domain),
                                    partner), officer)  # fmt: skip

    _login(page, "officer")
    page.goto(f"/workbench/cases/{case.pk}/review/")
    for index in range(5):
        page.check(
            f"#id_q_{['public_interest', 'social_impact', 'major_rights', 'after_hearing', 'complex'][index]}_1"
        )
    with page.expect_navigation():
        page.get_by_role("button", name="保存认定").click()
    assert "普通程序的行政处罚决定" in page.locator("main").inner_text()
    _submit(page, case)
    assert "审核中" in page.locator("main").inner_text()

    _login(page, "reviewer")
    _open_review(page, case)
    _opinion(page, 3, "请补充现场照片及询问笔录")  # 退回补充材料
    assert "已退回" in page.locator("main").inner_text()

    _login(page, "officer")
    _submit(page, case, note="补充了现场照片和询问笔录")
    assert "第2版" in page.locator("h1").inner_text()

    _login(page, "reviewer")
    _open_review(page, case)
    _opinion(page, 0)  # 同意
    assert "审核通过" in page.locator("main").inner_text()

    _login(page, "head")
    page.get_by_role("link", name=f"对{case.number}作出决定").click()
    page.fill("#id_facts", "当事人于2026年11月在万新街成林道占道经营。")
    page.get_by_role("button", name="作出决定").click()
    page.wait_for_url("**/workbench/decisions/*/")
    assert "罚决" in page.locator("h1").inner_text()
    assert "有效" in page.locator("main").inner_text()


def test_the_decision_page_refuses_before_review_passes(page, wanxin, officer, head):
    domain = DomainFactory()
    qualify(officer, domain)
    partner = qualified_officer_user(wanxin, domain, "partner")
    case = walk_to_notice(open_case(officer, PowerItemFactory(agency=wanxin, domain=domain),
                                    partner), officer)  # fmt: skip
    _login(page, "head")
    page.goto(f"/workbench/cases/{case.pk}/decision/")
    assert "法制审核" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name="作出决定").is_disabled()
