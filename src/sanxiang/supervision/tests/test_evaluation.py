"""Case-file evaluation (案卷评查): templates, random samples, pre-scoring, scores, grades."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanxiang.cases.choices import Stage
from sanxiang.cases.models import Case
from sanxiang.cases.tests.factories import open_case
from sanxiang.ledger.models import Entry
from sanxiang.supervision import evaluation as services
from sanxiang.supervision.choices import EvaluationBlock, EvaluationStatus, Grade, RoundStatus
from sanxiang.supervision.models import EvaluationTemplate, ItemScore

TODAY = dt.date.today()


@pytest.fixture
def template(supervisor, sifaju):
    return services.create_template(
        actor=supervisor, owner=sifaju, name="通用标准", items=services.default_items()
    )


def _closed_cases(officer, partner, power_item, n, stage=Stage.ARCHIVED):
    cases = []
    for _ in range(n):
        case = open_case(officer, power_item, partner, filed_on=TODAY - dt.timedelta(days=60))
        Case.objects.filter(pk=case.pk).update(
            stage=stage,
            decided_on=TODAY - dt.timedelta(days=30),
            closed_on=TODAY - dt.timedelta(days=10),
        )
        cases.append(case)
    return cases


@pytest.fixture
def evaluation_round(supervisor, template, wanxin):
    return services.start_round(
        actor=supervisor, name="2026年第四季度评查", template=template, agencies=[wanxin],
        closed_from=TODAY - dt.timedelta(days=90), closed_to=TODAY, sample_size=2,
    )  # fmt: skip


def test_a_template_whose_points_do_not_add_up_is_refused(supervisor, sifaju):
    items = [
        *services.default_items()[:5],
        services.ItemData(EvaluationBlock.FACTS, "证据", Decimal(30)),
    ]
    with pytest.raises(ValidationError) as info:
        services.create_template(actor=supervisor, owner=sifaju, name="错误标准", items=items)
    assert "100" in str(info.value)
    assert not EvaluationTemplate.objects.filter(name="错误标准").exists()


def test_the_default_template_adds_up_to_100(template):
    total = sum(i.points for i in template.items.all() if not i.is_veto)
    assert total == 100


def test_officers_cannot_organise_evaluation(officer, sifaju):
    with pytest.raises(PermissionDenied):
        services.create_template(
            actor=officer, owner=sifaju, name="x", items=services.default_items()
        )


def test_the_sample_is_random_reproducible_and_in_the_ledger(
    supervisor, evaluation_round, officer, partner, power_item
):
    cases = _closed_cases(officer, partner, power_item, 5)
    drawn = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round, seed="abc123")
    assert len(drawn) == 2 and {e.case for e in drawn} <= set(cases)
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.SAMPLED and evaluation_round.seed == "abc123"
    entry = Entry.objects.get(kind="supervision.evaluation_sample")
    assert sorted(entry.payload["cases"]) == sorted(e.case.number for e in drawn)


def test_drawing_from_an_empty_period_says_so(supervisor, evaluation_round):
    with pytest.raises(ValidationError) as info:
        services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    assert "没有" in str(info.value) or "No case" in str(info.value)


def test_pre_scoring_finds_an_unarchived_file(
    supervisor, evaluation_round, officer, partner, power_item
):
    _closed_cases(officer, partner, power_item, 1, stage=Stage.CLOSED)
    (drawn,) = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    archive = ItemScore.objects.get(evaluation=drawn, item__auto_check="archived")
    assert archive.automatic and archive.deducted == archive.item.points


def test_a_late_decision_is_deducted(supervisor, evaluation_round, officer, partner, power_item):
    (case,) = _closed_cases(officer, partner, power_item, 1)
    Case.objects.filter(pk=case.pk).update(
        filed_on=TODAY - dt.timedelta(days=200), decided_on=TODAY - dt.timedelta(days=20)
    )
    (drawn,) = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    late = ItemScore.objects.get(evaluation=drawn, item__auto_check="decided_in_time")
    assert late.deducted == late.item.points


def _scores(evaluation, **by_text):
    return {
        s.item_id: services.Score(**by_text.get(s.item.text, {}))
        for s in evaluation.scores.select_related("item")
    }


def test_scoring_gives_a_grade_and_a_failed_file_needs_rectification(
    supervisor, evaluation_round, officer, partner, power_item, head
):
    _closed_cases(officer, partner, power_item, 1)
    (drawn,) = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    scored = services.score_case(
        actor=supervisor, evaluation=drawn,
        scores=_scores(drawn, **{"证据合法、充分，并逐项列明": {"deducted": Decimal(5)}}),
    )  # fmt: skip
    assert scored.score == Decimal(95) and scored.grade == Grade.EXCELLENT
    vetoed = services.score_case(
        actor=supervisor, evaluation=drawn,
        scores=_scores(drawn, **{"主要事实不清、证据不足或定性错误": {"failed": True}}),
    )  # fmt: skip
    assert vetoed.score == 0 and vetoed.grade == Grade.FAIL
    assert vetoed.status == EvaluationStatus.RECTIFYING
    services.record_rectification(actor=head, evaluation=vetoed, report="补充证据材料并重新归档")
    vetoed.refresh_from_db()
    assert vetoed.status == EvaluationStatus.RECTIFIED


def test_deducting_more_than_an_item_is_worth_is_refused(
    supervisor, evaluation_round, officer, partner, power_item
):
    _closed_cases(officer, partner, power_item, 1)
    (drawn,) = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    with pytest.raises(ValidationError):
        services.score_case(
            actor=supervisor, evaluation=drawn,
            scores=_scores(drawn, **{"证据合法、充分，并逐项列明": {"deducted": Decimal(16)}}),
        )  # fmt: skip


def test_the_agency_does_not_evaluate_its_own_files(
    supervisor, evaluation_round, officer, partner, power_item, wanxin
):
    from sanxiang.agencies.tests.factories import UserFactory
    from sanxiang.core.roles import Role

    _closed_cases(officer, partner, power_item, 1)
    (drawn,) = services.draw_sample(actor=supervisor, evaluation_round=evaluation_round)
    insider = UserFactory(agency=wanxin, roles=[Role.SUPERVISOR])
    with pytest.raises(PermissionDenied):
        services.score_case(actor=insider, evaluation=drawn, scores={})


def test_results_by_agency_and_officer(supervisor, evaluation_round, officer, partner, power_item):
    _closed_cases(officer, partner, power_item, 2)
    for drawn in services.draw_sample(actor=supervisor, evaluation_round=evaluation_round):
        services.score_case(actor=supervisor, evaluation=drawn, scores=_scores(drawn))
    by_agency, by_officer = services.results(evaluation_round)
    assert [(r.count, r.average) for r in by_agency] == [(2, Decimal("100.0"))]
    assert {r.name for r in by_officer} >= {officer.officer.name}
    services.finish_round(actor=supervisor, evaluation_round=evaluation_round)


def test_the_pages_work_for_the_supervisor_and_the_agency(
    client, supervisor, evaluation_round, officer, partner, power_item, head, other_officer
):
    _closed_cases(officer, partner, power_item, 1)
    client.force_login(supervisor)
    response = client.post(
        reverse("workbench:evaluation-round-action", args=[evaluation_round.pk, "draw"])
    )
    assert response.status_code == 302
    drawn = evaluation_round.evaluations.get()
    page = client.get(reverse("workbench:evaluation", args=[drawn.pk]))
    assert page.status_code == 200 and "证据合法" in page.content.decode()
    client.force_login(head)
    assert client.get(reverse("workbench:evaluation", args=[drawn.pk])).status_code == 200
    client.force_login(other_officer)
    assert client.get(reverse("workbench:evaluation", args=[drawn.pk])).status_code == 404
