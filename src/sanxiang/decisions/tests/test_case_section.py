"""The case page's review-and-decision section: where review stands, and the next step."""

from django.urls import reverse

from sanxiang.decisions.tests.test_services import passed  # noqa: F401  (fixture)


def test_the_head_sees_the_way_to_decide_once_review_passed(client, passed, head):  # noqa: F811
    client.force_login(head)
    html = client.get(reverse("workbench:case", args=[passed.pk])).content.decode()
    assert reverse("workbench:decision-new", args=[passed.pk]) in html
    assert reverse("workbench:review-case", args=[passed.pk]) in html


def test_the_officer_sees_the_review_but_no_way_to_decide(client, passed, officer):  # noqa: F811
    client.force_login(officer)
    html = client.get(reverse("workbench:case", args=[passed.pk])).content.decode()
    assert reverse("workbench:review-case", args=[passed.pk]) in html
    assert reverse("workbench:decision-new", args=[passed.pk]) not in html
