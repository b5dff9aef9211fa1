"""A process killed mid-publication leaves no half-published decision, loses nothing
committed before, and leaves the ledger intact (issue 9 item 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from crashing import Child, ledger_report

from sanxiang.cases.tests.factories import open_case
from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import PenaltyType
from sanxiang.ledger.models import Entry
from sanxiang.publicity import services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import Publication
from sanxiang.publicity.tests.conftest import FACTS, decide
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.tests.builders import all_pass, ready_case, submit

PUBLISH_TWO = """
from sanxiang.agencies.models import User
from sanxiang.publicity import services
from sanxiang.publicity.models import Publication

publisher = User.objects.get(pk={publisher})
first, second = (Publication.objects.get(pk=pk) for pk in ({first}, {second}))


def publish(publication):
    preview = services.preview_redaction(publication=publication)
    services.publish_decision(actor=publisher, publication=publication,
                              redacted_text=preview.text, confirmed=True)


publish(first)
print("first published", flush=True)
# Every row of the second publication is written, its ledger entry appended: then the kill,
# before the commit.
pause_after(Publication, "save", when=lambda self, *a, **k: self.pk == {second})
publish(second)
"""


def _decide_again(the_case, officer, reviewer, head):
    """``decide`` for a second case, by the reviewer already appointed for the first."""
    item = submit(ready_case(the_case, officer), officer, fine="2000")
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    the_case.refresh_from_db()
    data = decisions.DecisionData(
        facts=FACTS, content="罚款人民币二千元。", legal_basis="《城市道路管理条例》第四十二条",
        penalty_types=[PenaltyType.FINE], fine=Decimal("2000"),
        discretion_reasoning="初次违法，按一般阶次裁量。",
    )  # fmt: skip
    return decisions.make_decision(actor=head, case=the_case, data=data)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_publication_publishes_nothing_and_keeps_what_was_published(
    case, officer, partner, reviewer, head, publisher, power_item, tmp_path
):
    first = services.create_publication_draft(decision=decide(case, officer, reviewer, head))
    other_case = open_case(officer, power_item, partner, title="乱倒垃圾")
    second = services.create_publication_draft(
        decision=_decide_again(other_case, officer, reviewer, head)
    )
    entries_before = Entry.objects.count()

    output = Child(tmp_path).run_until(
        PUBLISH_TWO.format(publisher=publisher.pk, first=first.pk, second=second.pk)
    )

    assert "first published" in output
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PublicationStatus.PUBLISHED and first.ledger_seq
    assert second.status == PublicationStatus.DRAFT
    assert (second.redacted_text, second.published_at, second.ledger_seq) == ("", None, None)
    published = Entry.objects.filter(kind="publicity.published")
    assert [entry.seq for entry in published] == [first.ledger_seq]
    assert Entry.objects.count() == entries_before + 1
    report = ledger_report()
    assert report.ok, report.faults
    # The interrupted publication can simply be published again.
    preview = services.preview_redaction(publication=second)
    services.publish_decision(
        actor=publisher, publication=second, redacted_text=preview.text, confirmed=True
    )
    assert Publication.objects.filter(status=PublicationStatus.PUBLISHED).count() == 2
    assert ledger_report().ok
