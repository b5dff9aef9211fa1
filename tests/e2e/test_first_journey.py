"""First journey: a citizen reads the portal; an officer signs in and sees the workbench."""

import pytest

from sanxiang.agencies.tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_opens_the_portal_and_an_agency_page(page, wanxin, officer):
    wanxin.duties = "依法对辖区内违反市容环境卫生管理规定的行为实施行政处罚。"
    wanxin.complaint_phone = "022-24390012"
    wanxin.save()
    page.goto("/")
    assert page.locator("h1").inner_text() == "行政执法公示"
    page.get_by_role("link", name="东丽区人民政府万新街道办事处").first.click()
    page.wait_for_url("**/agencies/wanxin/")
    assert "市容环境卫生" in page.locator("main").inner_text()
    assert "022-24390012" in page.locator("main").inner_text()
    page.get_by_role("link", name="本机关执法人员").click()
    assert officer.full_name in page.locator("table").inner_text()


def test_an_officer_signs_in_and_sees_the_workbench(page, officer):
    page.goto("/workbench/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")
    assert page.locator("h1").inner_text() == "我的待办"
    page.get_by_role("link", name="人员").first.click()
    assert officer.full_name in page.locator("table").inner_text()


def test_the_portal_is_usable_on_a_phone(browser, live_server, wanxin):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/agencies/wanxin/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    context.close()
