"""Personal data in the browser: the handling officer sees a party's ID number masked, reveals
it with the button, and the reveal is logged; the publisher gets no button."""

from __future__ import annotations

import pytest

from sanxiang.agencies.tests.factories import PASSWORD, DomainFactory
from sanxiang.cases.models import PartyDisclosure
from sanxiang.cases.services import PartyData
from sanxiang.cases.tests.factories import (
    PERSON_ID,
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def test_an_officer_reveals_an_id_number_and_the_publisher_cannot(page, wanxin, officer, publisher):
    domain = DomainFactory()
    qualify(officer, domain)
    partner = qualified_officer_user(wanxin, domain, "partner")
    person = PartyData(kind="natural_person", name="张三", id_number=PERSON_ID, phone="13812345678")
    case = open_case(
        officer, PowerItemFactory(agency=wanxin, domain=domain), partner, parties=[person]
    )
    party = case.parties.get()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(r.url) if r.status >= 500 else None)

    _sign_in(page, "officer")
    page.goto(f"/workbench/parties/{party.pk}/")
    facts = page.locator("dl.facts")
    assert "1201**********0017" in facts.inner_text() and PERSON_ID not in facts.inner_text()
    page.locator("form.reveal[action$='/id_number/'] button").click()
    page.wait_for_url("**/reveal/id_number/")
    assert PERSON_ID in page.locator("dl.facts").inner_text()
    assert "本次查看已记录" in page.locator("dl.facts").inner_text()
    assert PartyDisclosure.objects.get().field == "id_number"

    _sign_in(page, "publisher")
    page.goto(f"/workbench/parties/{party.pk}/")
    page.get_by_label("调阅事由").fill("公示前核对当事人信息")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/workbench/parties/{party.pk}/")
    assert "1201**********0017" in page.locator("dl.facts").inner_text()
    assert page.locator("form.reveal").count() == 0
    assert problems == []
