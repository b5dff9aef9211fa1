"""What records add to the case, act and party pages (through ``cases.sections``)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases import sections
from sanxiang.cases.choices import Transition
from sanxiang.cases.models import Act, Case, Party
from sanxiang.cases.permissions import can_take
from sanxiang.cases.statemachine import TRANSITIONS
from sanxiang.core.roles import Role
from sanxiang.records import permissions
from sanxiang.records.archive import can_issue_package_link, missing_for_archive
from sanxiang.records.models import Correction, Document, Evidence, Recording


@sections.register("case")
def case_records(request: Any, case: Case) -> sections.Section:
    return sections.Section(
        "records/_case_records.html",
        {
            "case": case,
            "recordings": Recording.objects.filter(case=case).select_related("act", "collector"),
            "can_upload": permissions.can_upload(request.user, case),
            "can_read_log": permissions.can_read_access_log(request.user, case),
        },
    )


@sections.register("case")
def case_documents(request: Any, case: Case) -> sections.Section:
    return sections.Section(
        "records/_case_documents.html",
        {
            "case": case,
            "documents": Document.objects.filter(case=case),
            "can_write": permissions.can_write_records(request.user, case) and not case.is_frozen,
        },
    )


@sections.register("case")
def case_file(request: Any, case: Case) -> sections.Section:
    user = request.user
    return sections.Section(
        "records/_case_file.html",
        {
            "case": case,
            "evidence": Evidence.objects.filter(case=case),
            "corrections": Correction.objects.filter(case=case).select_related("approved_by"),
            "missing": [] if case.is_frozen else missing_for_archive(case),
            "can_write": permissions.can_write_records(user, case) and not case.is_frozen,
            "can_archive": not case.is_frozen
            and can_take(user, case, TRANSITIONS[Transition.ARCHIVE]),
            "can_correct": case.is_frozen
            and user.agency_id == case.agency_id
            and user.has_role(Role.HEAD),
            "can_issue_link": can_issue_package_link(user, case),
        },
    )


@sections.register("act")
def act_records(request: Any, act: Act) -> sections.Section:
    return sections.Section(
        "records/_act_records.html",
        {
            "act": act,
            "recordings": Recording.objects.filter(act=act),
            "can_upload": permissions.can_upload(request.user, act.case),
        },
    )


@sections.register("party")
def party_records(request: Any, party: Party) -> sections.Section:
    cases = party.cases.all()
    return sections.Section(
        "records/_party_records.html",
        {
            "recordings": Recording.objects.filter(case__in=cases).select_related("case"),
            "documents": Document.objects.filter(case__in=cases).select_related("case"),
            "evidence": Evidence.objects.filter(case__in=cases).select_related("case"),
        },
    )
