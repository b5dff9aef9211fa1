"""Historic cases (历史案件): cases an agency handled before it adopted Sanxiang, recorded as
they stand in its earlier records.

A historic case keeps its paper case number, arrives closed or archived with its own dates and
is marked ``migrated``: it does not pass through the state machine or the review gate, and
warnings, evaluation sampling and deadlines leave it out, while the statistics of its years
count it. ``record_historic_case`` joins the caller's transaction (the bulk import writes all
rows or none); the number sequence of the case's year is moved past the imported serial so a
new case never takes the same number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies import permissions as agency_permissions
from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import Agency, Officer, PowerItem, User
from sanxiang.cases import rulebook
from sanxiang.cases.choices import CaseSource, Procedure, RulesFlag, Stage
from sanxiang.cases.models import Case, CaseNumberSequence, CaseOfficer, CaseParty
from sanxiang.cases.services import MIN_OFFICERS, PartyData, _party
from sanxiang.core.rulebook import raise_refusals, refusal

# 东丽万新罚〔2023〕12号, also with [] () （） 【】 brackets as spreadsheets often have them.
NUMBER_PATTERN = re.compile(r"[〔\[(（【](\d{4})[〕\])）】]\s*第?\s*(\d{1,6})\s*号$")


def can_import_historic_cases(user: User, agency: Agency) -> bool:
    """Migrating an agency's earlier records: its administrator (or a superuser)."""
    return agency_permissions.can_manage_agency(user, agency)


def parse_number(number: str) -> tuple[int, int]:
    """The year and serial of a case number like 东丽万新罚〔2023〕12号."""
    match = NUMBER_PATTERN.search(number.strip())
    if not match:
        raise ValidationError(
            {
                "number": _(
                    "Write the case number with its year and serial, e.g. 东丽万新罚〔2023〕12号."
                )
            }
        )
    return int(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class HistoricCase:
    """One historic case as the agency's records give it."""

    number: str
    power_item: PowerItem
    procedure: Procedure
    title: str
    filed_on: dt.date
    closed_on: dt.date
    officers: Sequence[Officer]
    parties: Sequence[PartyData]
    decided_on: dt.date | None = None
    archived_on: dt.date | None = None
    source: CaseSource = CaseSource.OTHER
    violation_on: dt.date | None = None  # 行政处罚法 第三十六条; flagged when unknown


def check_dates(data: HistoricCase, today: dt.date) -> None:
    """Filed ≤ decided ≤ closed ≤ archived ≤ today."""
    order = [("filed_on", data.filed_on), ("decided_on", data.decided_on),
             ("closed_on", data.closed_on), ("archived_on", data.archived_on)]  # fmt: skip
    previous: tuple[str, dt.date] | None = None
    for field, day in order:
        if day is None:
            continue
        if day > today:
            raise ValidationError({field: _("The date cannot be in the future.")})
        if previous is not None and day < previous[1]:
            raise ValidationError(
                {field: _("The date cannot be before %(day)s.") % {"day": previous[1].isoformat()}}
            )
        previous = (field, day)


def record_historic_case(*, actor: User, agency: Agency, data: HistoricCase) -> Case:
    """Record one historic case inside the caller's transaction (``migrated``, closed or
    archived, its paper number kept). Raises ``ValidationError`` keyed by field."""
    if not can_import_historic_cases(actor, agency):
        raise PermissionDenied(_("You do not have permission to do this."))
    if data.power_item.agency_id != agency.pk:
        raise ValidationError({"power_item": _("This agency has no power item with this code.")})
    year, serial = parse_number(data.number)
    if year != data.filed_on.year:
        raise ValidationError(
            {"number": _("The year in the case number is not the year it was filed.")}
        )
    number = data.number.strip()
    if Case.objects.filter(number=number).exists():
        raise ValidationError({"number": _("A case with this number already exists.")})
    check_dates(data, timezone.localdate())
    if data.violation_on is not None and data.violation_on > data.filed_on:
        raise ValidationError(
            {"violation_on": _("The violation cannot be later than the filing of the case.")}
        )
    if len({o.pk for o in data.officers}) < MIN_OFFICERS:
        raise_refusals(
            [refusal(rulebook.TWO_OFFICERS, _("Choose at least two officers."), "officers")]
        )
    if any(o.agency_id != agency.pk for o in data.officers):
        raise ValidationError({"officers": _("Every officer must belong to the case's agency.")})
    if not data.parties:
        raise ValidationError({"party_name": _("A case needs at least one party.")})
    with transaction.atomic():
        party_rows = [_party(agency.pk, party) for party in data.parties]
        sequence, _created = CaseNumberSequence.objects.get_or_create(
            agency=agency, category=data.power_item.category, year=year
        )
        sequence = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
        if sequence.last_serial < serial:
            sequence.last_serial = serial
            sequence.save(update_fields=["last_serial"])
        case = Case(
            agency=agency, number=number, serial=serial, year=year, power_item=data.power_item,
            category=data.power_item.category, procedure=data.procedure, title=data.title.strip(),
            source=data.source, filed_on=data.filed_on, decided_on=data.decided_on,
            closed_on=data.closed_on, archived_on=data.archived_on,
            stage=Stage.ARCHIVED if data.archived_on else Stage.CLOSED,
            stage_changed_at=timezone.now(), filed_by=actor, migrated=True,
            # 行政处罚法 第三十六条: without the violation date from the agency's records, flagged.
            violation_on=data.violation_on,
            rules_flags=[RulesFlag.VIOLATION_DATE_MISSING]
            if data.power_item.category == PowerCategory.PENALTY and data.violation_on is None
            else [],
        )  # fmt: skip
        case.full_clean()
        case.save()
        CaseOfficer.objects.bulk_create(
            CaseOfficer(case=case, officer=o, is_lead=i == 0)
            for i, o in enumerate(dict.fromkeys(data.officers))
        )
        CaseParty.objects.bulk_create(
            CaseParty(case=case, party=p, order=i) for i, p in enumerate(dict.fromkeys(party_rows))
        )
    return case
