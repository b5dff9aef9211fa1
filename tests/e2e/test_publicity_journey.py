"""Publicity journey: a decision → the publisher's redaction review → publication → a citizen
finds it by a phrase from its facts → withdrawal takes it off the portal at once."""

import pytest

from sanxiang.agencies.tests.factories import PASSWORD
from sanxiang.cases.tests.conftest import case, partner, power_item, urban  # noqa: F401
from sanxiang.publicity import services
from sanxiang.publicity.tests.conftest import decide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def test_decision_redaction_publication_search_and_withdrawal(
    browser,
    live_server,
    page,
    case,  # noqa: F811
    officer,
    reviewer,
    head,
    publisher,
):
    decision = decide(case, officer, reviewer, head)
    assert services.create_missing_drafts() == 1  # what `sanxiang tick` does

    # The publisher finds the draft on the work list and reviews the redaction.
    _sign_in(page, "publisher")
    page.get_by_role("link", name=f"公示决定 {decision.number}").click()
    main = page.locator("main")
    assert "120110198506150017" in main.inner_text()  # the original, for the publisher only
    page.get_by_label("文中出现的其他人员姓名").fill("李四")
    page.get_by_role("button", name="按这些姓名重新隐名").click()
    text = page.get_by_label("公示文本").input_value()
    assert "李某" in text and "李四" not in text and "13812345678" not in text
    page.get_by_label("我已审查：文本中没有个人信息、秘密和隐私。").check()
    page.get_by_role("button", name="审查通过并公示").click()
    assert "已在网站公示" in page.locator("main").inner_text()

    # A citizen searches the portal for words of the facts and opens the decision.
    citizen = browser.new_context(locale="zh-CN", base_url=live_server.url).new_page()
    citizen.goto("/")
    citizen.get_by_label("搜索本网站").fill("水果摊")
    citizen.get_by_role("button", name="搜索").first.click()
    citizen.get_by_role("link", name=decision.number).click()
    body = citizen.locator("main").inner_text()
    headings = [citizen.locator(f"#{h}").inner_text() for h in ("summary-h", "text-h", "remedy-h")]
    assert body.index(headings[0]) < body.index(headings[1]) < body.index(headings[2])
    assert body.index(decision.number) < body.index("水果摊") < body.index(headings[2])
    for secret in ["120110198506150017", "13812345678", "李四", "12号楼"]:
        assert secret not in body
    decision_url = citizen.url

    # The publisher withdraws it; the citizen sees the notice and search no longer finds it.
    page.get_by_label("撤下理由").fill("该决定已被东丽区人民政府行政复议决定撤销")
    page.get_by_role("button", name="立即撤下").click()
    assert "已从网站撤下" in page.locator("main").inner_text()
    citizen.goto(decision_url)
    notice = citizen.locator("main").inner_text()
    assert "该决定已撤下" in notice and "行政复议决定撤销" in notice and "水果摊" not in notice
    citizen.goto("/decisions/?q=水果摊")
    assert decision.number not in citizen.locator("main").inner_text()
