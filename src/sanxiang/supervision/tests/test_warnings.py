"""Early warnings (plan I3): raised by tick from the rules, handled with a trail (督办)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanxiang.agencies.choices import ReviewerKind
from sanxiang.agencies.models import LegalReviewer
from sanxiang.agencies.tests.factories import CredentialFactory, OfficerFactory, make_resident_id
from sanxiang.cases.tests.factories import open_case
from sanxiang.core import tick
from sanxiang.ledger.models import Entry
from sanxiang.supervision import services
from sanxiang.supervision.choices import EventKind, WarningKind, WarningLevel, WarningStatus
from sanxiang.supervision.models import Warning

TODAY = dt.date.today()


def _kinds():
    return {(w.kind, w.level) for w in Warning.objects.filter(is_active=True)}


def test_a_case_past_its_90_day_limit_raises_a_red_warning(officer, partner, power_item):
    case = open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=100))
    services.refresh_warnings()
    warning = Warning.objects.get(kind=WarningKind.CASE_DEADLINE)
    assert warning.level == WarningLevel.RED
    assert case.number in warning.title
    assert "第六十条" in warning.details


def test_a_case_near_its_limit_is_yellow_and_turns_red_when_late(officer, partner, power_item):
    open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=89))
    services.refresh_warnings(today=TODAY)
    warning = Warning.objects.get(kind=WarningKind.CASE_DEADLINE)
    assert warning.level == WarningLevel.YELLOW
    services.refresh_warnings(today=TODAY + dt.timedelta(days=10))
    warning.refresh_from_db()
    assert warning.level == WarningLevel.RED
    assert list(warning.events.values_list("kind", flat=True)) == [
        EventKind.RAISED,
        EventKind.ESCALATED,
    ]


def test_refreshing_twice_raises_nothing_new(officer, partner, power_item):
    open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=100))
    first = services.refresh_warnings()
    second = services.refresh_warnings()
    assert first["raised"] >= 1 and second["raised"] == 0
    assert Warning.objects.count() == first["raised"]


def test_a_warning_clears_itself_when_the_condition_goes(officer, partner, power_item, wanxin):
    services.refresh_warnings()
    ratio = Warning.objects.get(kind=WarningKind.REVIEWER_RATIO, agency=wanxin)
    LegalReviewer.objects.create(agency=wanxin, name="审核员", kind=ReviewerKind.FULL_TIME)
    services.refresh_warnings()
    ratio.refresh_from_db()
    assert ratio.status == WarningStatus.RESOLVED and not ratio.is_active
    assert ratio.events.last().kind == EventKind.CLEARED


def test_reviewers_under_five_percent_of_officers_is_red(wanxin):
    for n in range(21):
        OfficerFactory(agency=wanxin, id_number=make_resident_id(700 + n))
    LegalReviewer.objects.create(agency=wanxin, name="审核员", kind=ReviewerKind.FULL_TIME)
    services.refresh_warnings()
    warning = Warning.objects.get(kind=WarningKind.REVIEWER_RATIO, agency=wanxin)
    assert "21" in warning.title and warning.level == WarningLevel.RED


def test_an_expiring_credential_is_yellow(wanxin):
    officer = OfficerFactory(agency=wanxin, name="快到期")
    CredentialFactory(officer=officer, valid_to=TODAY + dt.timedelta(days=10))
    services.refresh_warnings()
    assert (WarningKind.CREDENTIAL_EXPIRING, WarningLevel.YELLOW) in _kinds()


def test_a_case_closed_in_two_days_under_general_procedure_is_flagged(officer, partner, power_item):
    case = open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=5))
    type(case).objects.filter(pk=case.pk).update(closed_on=TODAY - dt.timedelta(days=3))
    services.refresh_warnings()
    assert (WarningKind.CLOSED_FAST, WarningLevel.YELLOW) in _kinds()


def test_the_same_party_three_times_in_a_year_is_flagged(officer, partner, power_item):
    for _ in range(3):
        open_case(officer, power_item, partner)
    services.refresh_warnings()
    assert (WarningKind.REPEATED_PARTY, WarningLevel.YELLOW) in _kinds()


def test_tick_runs_the_warning_job(officer, partner, power_item):
    open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=100))
    job = next(j for j in tick.jobs() if j.name == "supervision-warnings")
    assert "raised" in job.run()
    assert Warning.objects.filter(kind=WarningKind.CASE_DEADLINE).exists()


@pytest.fixture
def overdue(officer, partner, power_item):
    open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=100))
    services.refresh_warnings()
    return Warning.objects.get(kind=WarningKind.CASE_DEADLINE)


def test_a_supervisor_urges_and_the_head_resolves_with_a_trail(overdue, supervisor, head):
    services.urge_warning(actor=supervisor, warning=overdue, note="请于三日内报告处理情况")
    services.acknowledge_warning(actor=head, warning=overdue)
    services.resolve_warning(actor=head, warning=overdue, note="已报请延长办案期限")
    kinds = list(overdue.events.values_list("kind", flat=True))
    assert kinds == [EventKind.RAISED, EventKind.URGED, EventKind.ACKNOWLEDGED, EventKind.RESOLVED]
    assert Entry.objects.filter(kind="supervision.warning_urged").exists()
    assert Entry.objects.filter(kind="supervision.warning_resolved").exists()


def test_a_resolution_needs_a_note(overdue, head):
    with pytest.raises(ValidationError):
        services.resolve_warning(actor=head, warning=overdue, note="  ")
    overdue.refresh_from_db()
    assert overdue.status == WarningStatus.OPEN


@pytest.mark.parametrize("persona", ["officer", "reviewer", "other_officer"])
def test_others_cannot_resolve(overdue, request, persona):
    with pytest.raises(PermissionDenied):
        services.resolve_warning(actor=request.getfixturevalue(persona), warning=overdue, note="x")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervisor", 200),
        ("head", 200),
        ("agency_admin", 200),
        ("officer", 404),
        ("other_officer", 404),
    ],
)
def test_who_sees_a_warning(client, overdue, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("workbench:warning", args=[overdue.pk])).status_code == status


def test_the_list_shows_warnings_in_scope_only(client, overdue, jinqiao, supervisor, head):
    client.force_login(head)
    assert overdue.title in client.get(reverse("workbench:warnings")).content.decode()
    foreign = Warning.objects.create(
        key="x", agency=jinqiao, kind=WarningKind.REVIEWER_RATIO, level=WarningLevel.RED,
        title="金桥街的预警", last_seen_at=overdue.last_seen_at,
    )  # fmt: skip
    assert foreign.title not in client.get(reverse("workbench:warnings")).content.decode()
    client.force_login(supervisor)
    assert foreign.title in client.get(reverse("workbench:warnings")).content.decode()


def test_warnings_appear_on_the_heads_work_list(client, overdue, head):
    client.force_login(head)
    assert overdue.title in client.get(reverse("workbench:home")).content.decode()


def test_the_head_resolves_through_the_page(client, overdue, head):
    client.force_login(head)
    url = reverse("workbench:warning-action", args=[overdue.pk, "resolve"])
    response = client.post(url, {"note": "已处理"}, follow=True)
    assert response.status_code == 200
    overdue.refresh_from_db()
    assert overdue.status == WarningStatus.RESOLVED


def test_the_daily_digest_goes_once_a_day_when_mail_is_configured(
    overdue, head, settings, mailoutbox
):
    settings.EMAIL_HOST = "mail.example"
    head.email = "head@example.gov.cn"
    head.save()
    job = next(j for j in tick.jobs() if j.name == "supervision-digest")
    job.run()
    job.run()
    assert len(mailoutbox) == 1
    assert overdue.title in mailoutbox[0].body


def test_many_warnings_of_one_kind_are_one_line_on_the_work_list(client, head, wanxin):
    from django.utils import timezone

    for n in range(6):
        Warning.objects.create(
            key=f"pattern:{n}", agency=wanxin, kind=WarningKind.MISSING_RECORDING,
            level=WarningLevel.YELLOW, title=f"缺少音像记录{n}", last_seen_at=timezone.now(),
        )  # fmt: skip
    client.force_login(head)
    html = client.get(reverse("workbench:home")).content.decode()
    assert "缺少音像记录0" not in html
    assert "6" in html and "kind=missing_recording" in html


def test_an_act_without_its_recording_is_named_with_its_local_day(officer, partner, power_item):
    from django.utils import timezone

    from sanxiang.cases import services as case_services
    from sanxiang.cases.choices import ActKind

    today = timezone.localdate()
    case = open_case(officer, power_item, partner, filed_on=today - dt.timedelta(days=3))
    # Half past midnight in Beijing is still the day before in UTC.
    day = today - dt.timedelta(days=1)
    started = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 30)))
    assert started.astimezone(dt.UTC).date() != day
    act = case_services.record_act(
        actor=officer, case=case, kind=ActKind.INSPECTION, started_at=started,
        place="万新街成林道12号", summary="现场检查", officers=list(case.officers.all()),
    )  # fmt: skip
    case_services.complete_act(actor=officer, act=act, ended_at=started + dt.timedelta(hours=1))
    services.refresh_warnings()
    warning = Warning.objects.get(kind=WarningKind.MISSING_RECORDING)
    assert warning.level == WarningLevel.YELLOW
    assert f"{day.isoformat()}的现场检查" in warning.title
