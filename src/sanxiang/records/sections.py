"""What records add to the case, act and party pages (through ``cases.sections``)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases import sections
from sanxiang.cases.models import Act, Case, Party
from sanxiang.records import permissions
from sanxiang.records.models import Document, Recording


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
        },
    )
