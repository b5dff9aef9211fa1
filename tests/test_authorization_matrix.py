"""The authorization matrix: every persona × every URL, from one table.

Every named URL of the site must be listed in ``RULES`` (except Django's admin, which checks
its own permissions, and the REST API, whose token matrix lives in the api app). A new URL that is not listed fails
``test_every_url_is_in_the_matrix`` until someone decides who may open it.

Objects belong to 万新街 (the personas' own agency); ``other_officer`` belongs to 金桥街 and
must get 404 for anything of 万新街's, exactly as for something that does not exist.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sanxiang.agencies.models import User
from sanxiang.agencies.tests.factories import (
    CredentialFactory,
    DomainFactory,
    OfficerFactory,
    ServiceGuideFactory,
    ServiceWindowFactory,
    UserFactory,
    establish_item,
)
from sanxiang.cases import services as case_services
from sanxiang.cases.choices import ActKind
from sanxiang.cases.tests.factories import (
    PowerItemFactory,
    open_case,
    qualified_officer_user,
    qualify,
)
from sanxiang.core.roles import Role
from sanxiang.records import services as records
from sanxiang.records.documents import generate_document
from sanxiang.records.evidence import add_evidence
from sanxiang.records.tests.test_services import MP4
from sanxiang.supervision.choices import ReportStatus, WarningKind, WarningLevel
from sanxiang.supervision.models import (
    AnnualReport,
    CaseEvaluation,
    EvaluationRound,
    EvaluationTemplate,
    Warning,
)

PERSONAS = [
    "anonymous",
    "officer",
    "reviewer",
    "head",
    "publisher",
    "agency_admin",
    "supervisor",
    "other_officer",
    "superuser",
]
WANXIN_STAFF = {"officer", "reviewer", "head", "publisher", "agency_admin"}

# Outcome per persona for each kind of page (GET).
PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {p: 302 if p == "anonymous" else 200 for p in PERSONAS}
READ_WANXIN = {**SIGNED_IN, "other_officer": 404}
MANAGE_WANXIN = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "agency_admin": 200,
    "superuser": 200,
    "other_officer": 404,
}
MANAGE_OWN = {**MANAGE_WANXIN, "other_officer": 403, "superuser": 403}
SUPERUSER_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "superuser": 200}
POST_ONLY = {p: 302 if p == "anonymous" else 405 for p in PERSONAS}
# A 万新街 case handled by ``officer``, just filed: the handler and the head (whose approval
# it awaits) read it; other readers in scope, the agency's reviewer included, are asked
# their reason first (302, 调阅监督); 金桥街 sees nothing (404).
READ_CASE = {
    **dict.fromkeys(PERSONAS, 302),
    "officer": 200, "head": 200, "other_officer": 404,
}  # fmt: skip
# A case in legal review awaits the agency's reviewers too.
READ_CASE_IN_REVIEW = {**READ_CASE, "reviewer": 200}
HANDLE_CASE = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "officer": 200}
HANDLE_CASE["other_officer"] = 404
OWN_UPLOAD = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "officer": 200}


# Warnings: supervisors, heads and administrators (in scope); others are refused.
WATCH = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302, "head": 200, "agency_admin": 200, "supervisor": 200, "superuser": 200,
}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    expected: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = lambda objects: {}


READ_ROUND = {**WATCH, **dict.fromkeys(["officer", "reviewer", "publisher", "other_officer"], 404)}


def _evaluation(o):
    if "evaluation" not in o:
        template = EvaluationTemplate.objects.create(name="matrix", owner=o["wanxin"])
        evaluation_round = EvaluationRound.objects.create(
            name="matrix", organiser=o["wanxin"].supervising_agency, template=template,
            closed_from=timezone.localdate(), closed_to=timezone.localdate(), sample_size=1,
            created_by=User.objects.get(username="supervisor"),
        )  # fmt: skip
        evaluation_round.agencies.add(o["wanxin"])
        o["evaluation"] = CaseEvaluation.objects.create(round=evaluation_round, case=o["case"])
    return o["evaluation"]


def _signed_head(o):
    from sanxiang.ledger.models import SignedHead
    from sanxiang.ledger.services import append, sign_tree_head

    if "head" not in o:
        append(kind="test.matrix", payload={}, actor=None, subject="test:matrix")
        o["head"] = sign_tree_head() or SignedHead.objects.order_by("-size").first()
    return o["head"]


def _warning(o):
    warning = Warning.objects.create(
        key="matrix", agency=o["wanxin"], kind=WarningKind.REVIEWER_RATIO,
        level=WarningLevel.RED, title="预警", last_seen_at=timezone.now(),
    )  # fmt: skip
    return {"warning_id": warning.pk}


def _report(o):
    if "report" not in o:
        o["report"] = AnnualReport.objects.create(
            agency=o["wanxin"], year=2025, status=ReportStatus.PUBLISHED, narrative="情况说明",
            figures={"penalty.fine": 1, "penalty.total": 1}, generated_at=timezone.now(),
            published_at=timezone.now(),
        )  # fmt: skip
    return o["report"]


READ_REPORT = {**WATCH, **dict.fromkeys(["officer", "reviewer", "publisher", "other_officer"], 404)}


def _officer(o):
    return {"officer_id": o["officer"].pk}


def _credential(o):
    return {"credential_id": o["credential"].pk}


def _case(o):
    return {"case_id": o["case"].pk}


def _hearing(o):
    """A scheduled hearing of the 万新街 case (its notice and request made directly)."""
    from sanxiang.cases.models import Hearing, PartyResponse, PriorNotice

    if "hearing" not in o:
        officer = User.objects.get(username="officer")
        today = timezone.localdate()
        notice = PriorNotice.objects.create(
            case=o["case"], penalty_types=["fine"], fine=20000, content="拟罚款", facts="f",
            reasons="r", legal_basis="b", statement_working_days=5, hearing_right=True,
            notified_on=today, method="direct", served_by=officer, recorded_at=timezone.now(),
        )  # fmt: skip
        request = PartyResponse.objects.create(
            case=o["case"], notice=notice, kind="hearing_request", on=today, recorded_by=officer,
            recorded_at=timezone.now(),
        )  # fmt: skip
        o["hearing"] = Hearing.objects.create(
            case=o["case"], request=request, scheduled_at=timezone.now(), place="听证室",
            party_notified_on=today, presiding="赵敏", scheduled_by=officer,
        )  # fmt: skip
    return {"case_id": o["case"].pk, "hearing_id": o["hearing"].pk}


def _recording(o):
    return {"recording_id": o["recording"].pk}


def _review(o):
    """A submitted review of the 万新街 case (legal review pages)."""
    if "review" not in o:
        from sanxiang.review import services as review_services
        from sanxiang.review.tests.builders import NO, materials, proposal, walk_to_notice

        handler = User.objects.get(username="officer")
        case = walk_to_notice(o["case"], handler)
        review_services.assess_applicability(actor=handler, case=case, answers=NO)
        o["review"] = review_services.submit_for_review(
            actor=handler, case=case, proposal=proposal(), materials=materials(),
            responsibility_confirmed=True,
        )  # fmt: skip
    return {"review_id": o["review"].pk}


def _material_file(o):
    """A file submitted with the review (served only through the case's access door)."""
    from django.core.files.base import ContentFile

    _review(o)
    material = o["review"].materials.first()
    material.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"))
    return {"material_id": material.pk}


def _catalogue(o):
    from sanxiang.review.models import ReviewCatalogue

    catalogue = ReviewCatalogue.objects.create(
        agency=o["wanxin"], version=1, title="审核事项清单", derived_from="东丽区清单",
        effective_from=timezone.localdate(), imported_by=User.objects.get(username="officer"),
        imported_at=timezone.now(),
    )  # fmt: skip
    return {"catalogue_id": catalogue.pk}


def _decision(o):
    from sanxiang.decisions.models import Decision

    decision = Decision.objects.create(
        case=o["case"], agency=o["wanxin"], number="万新街罚决〔2026〕99号", category="penalty",
        facts="f", content="警告", legal_basis="b", decided_on=timezone.localdate(),
        decided_by=User.objects.get(username="officer"), review_required=False,
        created_at=timezone.now(),
    )  # fmt: skip
    return {"decision_id": decision.pk}


REVIEW_QUEUE = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "reviewer": 200, "head": 200,
                "superuser": 200}  # fmt: skip
DECIDE = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "head": 200, "other_officer": 404}


SECURITY_EVENTS = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302, "agency_admin": 200, "supervisor": 200, "superuser": 200,
}  # fmt: skip


RULES: dict[str, Rule] = {
    "login": Rule(PUBLIC),
    "logout": Rule(dict.fromkeys(PERSONAS, 405)),
    "password_change": Rule(SIGNED_IN),
    # Without an authenticator yet, the code page sends everyone to set one up.
    "two-factor-verify": Rule(dict.fromkeys(PERSONAS, 302)),
    "two-factor-setup": Rule(SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN),
    # Re-authentication: a fresh sign-in (as every persona here) still gets the confirm page.
    "reauth": Rule(SIGNED_IN),
    # Security events: administrators and supervisors (their agencies), superusers (all).
    "workbench:security-events": Rule(SECURITY_EVENTS),
    "set_language": Rule(dict.fromkeys(PERSONAS, 302)),
    "portal:home": Rule(PUBLIC),
    "portal:agencies": Rule(PUBLIC),
    "portal:agency": Rule(PUBLIC, lambda o: {"code": "wanxin"}),
    "portal:agency-officers": Rule(PUBLIC, lambda o: {"code": "wanxin"}),
    "portal:credential-lookup": Rule(PUBLIC),
    "portal:credential": Rule(PUBLIC, lambda o: {"token": o["credential"].public_token}),
    "workbench:home": Rule(SIGNED_IN),
    "workbench:agencies": Rule(SIGNED_IN),
    "workbench:agency": Rule(READ_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:officers": Rule(SIGNED_IN),
    "workbench:officer-new": Rule(MANAGE_OWN),
    "workbench:officer": Rule(READ_WANXIN, _officer),
    "workbench:credential-new": Rule(MANAGE_WANXIN, _officer),
    "workbench:credential-status": Rule(MANAGE_WANXIN, _credential),
    "workbench:credential-card": Rule(READ_WANXIN, _credential),
    "workbench:credential-qr": Rule(READ_WANXIN, lambda o: {**_credential(o), "fmt": "svg"}),
    "workbench:credential-rotate-code": Rule(POST_ONLY, _credential),
    # power list, guides and windows (agencies)
    "portal:powers": Rule(PUBLIC),
    "portal:power-item": Rule(PUBLIC, lambda o: {"agency_code": "wanxin", "code": o["item"].code}),
    "portal:power-list-json": Rule(PUBLIC, lambda o: {"agency_code": "wanxin"}),
    "portal:guides": Rule(PUBLIC),
    "portal:guide": Rule(PUBLIC, lambda o: {"code": o["guide"].code}),
    "portal:guide-flowchart": Rule(PUBLIC, lambda o: {"code": o["guide"].code}),
    "portal:window": Rule(PUBLIC, lambda o: {"code": o["window"].code}),
    "portal:guide-sample": Rule(PUBLIC, lambda o: {"material_id": _sample_material(o).pk}),
    "portal:officer-photo": Rule(PUBLIC, lambda o: {"officer_id": _photographed(o).pk}),
    "workbench:power-list": Rule(READ_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:power-list-export": Rule(READ_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:power-list-import": Rule(MANAGE_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:power-item-new": Rule(MANAGE_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:power-item": Rule(READ_WANXIN, lambda o: {"item_id": o["item"].pk}),
    "workbench:power-item-adjust": Rule(MANAGE_WANXIN, lambda o: {"item_id": o["item"].pk}),
    "workbench:guide-list": Rule(READ_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:guide-new": Rule(MANAGE_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:guide-edit": Rule(MANAGE_WANXIN, lambda o: {"guide_id": o["guide"].pk}),
    "workbench:window-new": Rule(MANAGE_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:window-edit": Rule(MANAGE_WANXIN, lambda o: {"window_id": o["window"].pk}),
    # publicity
    "portal:search": Rule(PUBLIC),
    "portal:decisions": Rule(PUBLIC),
    "portal:decisions-feed": Rule(PUBLIC),
    "portal:decision": Rule(PUBLIC, lambda o: {"public_id": o["publication"].public_id}),
    "portal:decision-json": Rule(PUBLIC, lambda o: {"public_id": o["publication"].public_id}),
    "portal:progress": Rule(PUBLIC),
    "workbench:publications": Rule(SIGNED_IN),
    "workbench:publication": Rule(READ_WANXIN, lambda o: {"publication_id": o["publication"].pk}),
    "workbench:publication-withdraw": Rule(
        POST_ONLY, lambda o: {"publication_id": o["publication"].pk}
    ),
    "workbench:progress-code": Rule(
        {
            **dict.fromkeys(PERSONAS, 403),
            "anonymous": 302,
            "officer": 200,
            "head": 200,
            "agency_admin": 200,
            "other_officer": 404,
        },
        _case,
    ),
    # cases
    "workbench:cases": Rule(SIGNED_IN),
    "workbench:case-new": Rule(
        {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "officer": 200, "other_officer": 200}
    ),
    "workbench:case": Rule(READ_CASE, _case),
    "workbench:case-transition": Rule(
        POST_ONLY, lambda o: {**_case(o), "transition": "start_investigation"}
    ),
    "workbench:case-extend": Rule({**HANDLE_CASE, "officer": 403, "head": 200}, _case),
    # Recording the violation: the handlers (the head only for a flagged legacy case).
    "workbench:case-violation": Rule(HANDLE_CASE, _case),
    "workbench:case-extension-basis": Rule({**HANDLE_CASE, "officer": 403, "head": 200}, _case),
    "workbench:case-approve": Rule(
        {**HANDLE_CASE, "officer": 403, "head": 200},
        lambda o: {"case_id": o["case"].pk, "kind": "filing"},
    ),
    "workbench:case-party-new": Rule(HANDLE_CASE, _case),
    "workbench:act-new": Rule(HANDLE_CASE, _case),
    # 事先告知、陈述申辩、听证 (行政处罚法 第四十四条、第六十二条至第六十五条): the handlers.
    "workbench:case-notice-new": Rule(HANDLE_CASE, _case),
    "workbench:case-response-new": Rule(HANDLE_CASE, _case),
    "workbench:case-hearing-new": Rule(HANDLE_CASE, _case),
    "workbench:case-hearing-record": Rule(HANDLE_CASE, _hearing),
    "workbench:act": Rule(READ_CASE, lambda o: {"act_id": o["act"].pk}),
    "workbench:party": Rule(READ_CASE, lambda o: {"party_id": o["case"].parties.get().pk}),
    # POST only; who may reveal: cases/tests/test_personal_data.py (its own persona table)
    "workbench:party-reveal": Rule(
        POST_ONLY, lambda o: {"party_id": o["case"].parties.get().pk, "field": "id_number"}
    ),
    # records
    "workbench:recording-new": Rule(HANDLE_CASE, _case),
    "workbench:upload-start": Rule(POST_ONLY, _case),
    "workbench:upload": Rule(OWN_UPLOAD, lambda o: {"token": o["upload"].token}),
    "workbench:upload-finish": Rule(POST_ONLY, lambda o: {"token": o["upload"].token}),
    "workbench:recording": Rule(READ_CASE, _recording),
    "workbench:recording-file": Rule(READ_CASE, _recording),
    "workbench:case-access": Rule(READ_WANXIN, _case),
    "workbench:party-access": Rule(READ_WANXIN, lambda o: {"party_id": o["case"].parties.get().pk}),
    "workbench:document-new": Rule(HANDLE_CASE, _case),
    "workbench:evidence-new": Rule(HANDLE_CASE, _case),
    "workbench:evidence-file": Rule(READ_CASE, lambda o: {"evidence_id": o["evidence"].pk}),
    "workbench:case-correction-new": Rule({**HANDLE_CASE, "officer": 403, "head": 200}, _case),
    "workbench:case-export": Rule(READ_CASE, _case),
    "workbench:case-package-links": Rule(
        {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "head": 200, "other_officer": 404},
        _case,
    ),
    "workbench:case-package-link-revoke": Rule(
        POST_ONLY, lambda o: {"case_id": o["case"].pk, "link_id": 1}
    ),
    "workbench:case-archive": Rule({**HANDLE_CASE, "head": 200}, _case),
    "workbench:document": Rule(READ_CASE, lambda o: {"document_id": o["document"].pk}),
    "workbench:document-file": Rule(READ_CASE, lambda o: {"document_id": o["document"].pk}),
    "workbench:document-templates": Rule(SIGNED_IN),
    "workbench:document-template-new": Rule(
        {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "head": 200, "agency_admin": 200}
    ),
    "workbench:document-template": Rule(
        SIGNED_IN, lambda o: {"template_id": o["document"].template_id}
    ),
    "workbench:document-template-file": Rule(
        SIGNED_IN, lambda o: {"template_id": o["document"].template_id}
    ),
    "workbench:document-template-standard": Rule(
        SIGNED_IN, lambda o: {"doc_type": "hearing_notice"}
    ),
    "workbench:case-access-log": Rule(
        {**HANDLE_CASE, "officer": 403, "head": 200, "supervisor": 200, "superuser": 200}, _case
    ),
    "portal:ledger": Rule(PUBLIC),
    "portal:ledger-head": Rule(PUBLIC, lambda o: {"size": _signed_head(o).size}),
    "portal:ledger-inclusion": Rule(PUBLIC),
    "portal:ledger-consistency": Rule(PUBLIC),
    "portal:ledger-public-key": Rule(PUBLIC),
    "portal:ledger-heads-json": Rule(PUBLIC),
    "portal:ledger-latest-json": Rule(PUBLIC, lambda o: _signed_head(o) and {}),
    "portal:ledger-inclusion-json": Rule(dict.fromkeys(PERSONAS, 400)),
    "portal:ledger-consistency-json": Rule(dict.fromkeys(PERSONAS, 400)),
    # The whole log and evidence export: the installation's administrators only.
    "portal:ledger-checkpoint": Rule(PUBLIC, lambda o: _signed_head(o) and {}),
    "portal:ledger-checkpoint-size": Rule(PUBLIC, lambda o: {"size": _signed_head(o).size}),
    "portal:ledger-checkpoint-timestamp": Rule(
        dict.fromkeys(PERSONAS, 404), lambda o: {"size": _signed_head(o).size}
    ),  # no time-stamping authority configured
    "portal:ledger-verifier-key": Rule(PUBLIC),
    "portal:ledger-add-cosignature": Rule(dict.fromkeys(PERSONAS, 405)),
    # A link's token is its only key: an unknown one is 404 for everyone.
    "portal:ledger-package": Rule(dict.fromkeys(PERSONAS, 404), lambda o: {"token": "unknown"}),
    "portal:ledger-package-download": Rule(
        dict.fromkeys(PERSONAS, 404), lambda o: {"token": "unknown"}
    ),
    "workbench:ledger-entries": Rule(SUPERUSER_ONLY),
    "workbench:ledger-export": Rule(SUPERUSER_ONLY),
    "workbench:warnings": Rule(WATCH),
    "workbench:warning": Rule(
        {**WATCH, "other_officer": 404, **dict.fromkeys(["officer", "reviewer", "publisher"], 404)},
        _warning,
    ),
    "workbench:evaluation-rounds": Rule(WATCH),
    "workbench:evaluation-round-new": Rule({**WATCH, "head": 403, "agency_admin": 403}),
    "workbench:evaluation-round": Rule(READ_ROUND, lambda o: {"round_id": _evaluation(o).round_id}),
    "workbench:evaluation-round-action": Rule(
        POST_ONLY, lambda o: {"round_id": _evaluation(o).round_id, "action": "draw"}
    ),
    "workbench:evaluation": Rule(READ_ROUND, lambda o: {"evaluation_id": _evaluation(o).pk}),
    "workbench:evaluation-rectify": Rule(POST_ONLY, lambda o: {"evaluation_id": _evaluation(o).pk}),
    "workbench:warning-action": Rule(POST_ONLY, lambda o: {**_warning(o), "action": "resolve"}),
    # supervision: annual reports, dashboard, data-centre search
    "workbench:reports": Rule(WATCH),
    "workbench:report": Rule(READ_REPORT, lambda o: {"report_id": _report(o).pk}),
    "workbench:report-action": Rule(
        POST_ONLY, lambda o: {"report_id": _report(o).pk, "action": "publish"}
    ),
    "workbench:report-export": Rule(
        READ_REPORT, lambda o: {"report_id": _report(o).pk, "fmt": "xlsx"}
    ),
    "workbench:dashboard": Rule(WATCH),
    "workbench:search": Rule(SIGNED_IN),
    "portal:annual-reports": Rule(PUBLIC, lambda o: {"code": o["wanxin"].code}),
    "portal:annual-report": Rule(
        PUBLIC, lambda o: {"code": o["wanxin"].code, "year": _report(o).year}
    ),
    "portal:annual-report-pdf": Rule(
        PUBLIC, lambda o: {"code": o["wanxin"].code, "year": _report(o).year}
    ),
    # legal review and decisions
    "workbench:review-queue": Rule(REVIEW_QUEUE),
    "workbench:review": Rule(READ_CASE_IN_REVIEW, _review),
    "workbench:review-material-file": Rule(READ_CASE_IN_REVIEW, lambda o: _material_file(o)),
    "workbench:review-case": Rule(READ_WANXIN, _case),
    "workbench:review-catalogues": Rule(SIGNED_IN),
    "workbench:review-catalogue-template": Rule(SIGNED_IN),
    "workbench:review-catalogue": Rule(READ_WANXIN, _catalogue),
    "workbench:decisions": Rule(SIGNED_IN),
    "workbench:decision": Rule(READ_CASE, _decision),
    "workbench:decision-new": Rule(DECIDE, _case),
    # 移送司法机关: the case's handling officers or the agency head.
    "workbench:judicial-transfer": Rule({**HANDLE_CASE, "head": 200}, _case),
}


def _named_urls(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            # The admin checks its own permissions; the API has its own token-based matrix
            # (src/sanxiang/api/tests/test_permissions.py).
            if entry.namespace in ("admin", "api"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    unlisted = sorted(set(_named_urls(get_resolver().url_patterns)) - set(RULES))
    assert unlisted == [], "add these URLs to RULES with who may open them"


class _Objects(dict):
    """The objects URLs are built from; the 万新街 case and its records only when asked for."""

    def __init__(self, found, handler):
        super().__init__(found)
        self.handler = handler

    def __missing__(self, key):
        if key in ("item", "guide", "window"):  # the power list, guides and windows
            self.update(_publicity_objects(self["wanxin"]))
        elif key == "publication":
            self["publication"] = _published(self["case"])
        else:
            self.update(_case_objects(self.handler))
        return self[key]


@pytest.fixture
def objects(wanxin, officer):
    someone = OfficerFactory(agency=wanxin)
    found = {"wanxin": wanxin, "officer": someone, "credential": CredentialFactory(officer=someone)}
    return _Objects(found, officer)


def _case_objects(handler):
    """A 万新街 case handled by ``handler`` and a colleague, with an act, an upload, a recording."""
    domain = DomainFactory()
    qualify(handler, domain)
    partner = qualified_officer_user(handler.agency, domain, "partner")
    case = open_case(handler, PowerItemFactory(agency=handler.agency, domain=domain), partner)
    act = case_services.record_act(
        actor=handler, case=case, kind=ActKind.INSPECTION, started_at=timezone.now(),
        place="万新街成林道", summary="现场检查", officers=list(case.officers.all()),
    )  # fmt: skip
    metadata = {
        "collected_at": timezone.now().isoformat(), "place": "万新街成林道",
        "collector_id": handler.officer.pk, "proves": "现场情况", "device": "DSJ-001",
    }  # fmt: skip
    upload = records.start_upload(
        actor=handler, case=case, filename="a.mp4", total_size=len(MP4), metadata=metadata
    )
    recording = records.upload_file(
        actor=handler, case=case, fileobj=io.BytesIO(MP4), filename="b.mp4", size=len(MP4),
        metadata=metadata, act=act,
    )  # fmt: skip
    document = generate_document(actor=handler, case=case, doc_type="penalty_notice")
    evidence = add_evidence(
        actor=handler, case=case, fileobj=io.BytesIO(b"%PDF-1.4 receipt"), filename="收据.pdf",
        kind="received", title="收据", collected_on=timezone.localdate(),
    )  # fmt: skip
    return {
        "case": case, "act": act, "upload": upload, "recording": recording, "document": document,
        "evidence": evidence,
    }  # fmt: skip


def _published(case):
    """A published decision of 万新街 (made without review, straight through the ORM)."""
    from sanxiang.decisions.models import Decision
    from sanxiang.publicity import services as publicity

    head = UserFactory(username="matrix-head", agency=case.agency, roles=[Role.HEAD])
    decision = Decision.objects.create(
        case=case, agency=case.agency, number="东丽万新罚决〔2026〕1号", category=case.category,
        facts="占道经营", content="警告", legal_basis="《城市道路管理条例》第四十二条",
        decided_on=timezone.localdate(), decided_by=head, review_required=False,
        created_at=timezone.now(),
    )  # fmt: skip
    draft = publicity.create_publication_draft(decision=decision)
    publisher = UserFactory(username="matrix-publisher", agency=case.agency, roles=[Role.PUBLISHER])
    text = publicity.preview_redaction(publication=draft).text
    return publicity.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, confirmed=True
    )


def _sample_material(o):
    from django.core.files.base import ContentFile

    from sanxiang.agencies.models import GuideMaterial

    material = GuideMaterial.objects.create(guide=o["guide"], order=9, name="申请表")
    material.sample_form.save("sample.pdf", ContentFile(b"%PDF-1.4 sample"))
    return material


def _photographed(o):
    from django.core.files.base import ContentFile

    officer = o["officer"]
    officer.photo.save("photo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 32))
    return officer


def _publicity_objects(agency):
    """A power item, a service guide and a window of 万新街."""
    admin = UserFactory(username="list-admin", agency=agency, roles=[Role.ADMIN])
    item = establish_item(agency, admin)
    guide = ServiceGuideFactory(agency=agency, power_item=item)
    return {"item": item, "guide": guide, "window": ServiceWindowFactory(agency=agency)}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_the_matrix(client, request, objects, supervisor, other_officer, name, persona):
    rule = RULES[name]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(name, kwargs=rule.kwargs(objects)))
    assert response.status_code == rule.expected[persona], f"{persona} GET {name}"


# Every page that shows a case's content, read through the access door (issue 15, item 4).
CASE_CONTENT = sorted(
    name for name, rule in RULES.items() if rule.expected in (READ_CASE, READ_CASE_IN_REVIEW)
)


def test_the_pages_showing_case_content_include_decisions_and_reviews():
    assert {"workbench:case", "workbench:decision", "workbench:review", "workbench:document",
            "workbench:recording", "workbench:evidence-file", "workbench:party"} <= set(CASE_CONTENT)  # fmt: skip


@pytest.mark.parametrize("persona", ["officer", "reviewer", "head", "supervisor", "superuser"])
@pytest.mark.parametrize("name", CASE_CONTENT)
def test_every_reading_of_case_content_is_logged_or_asks_a_reason_first(
    client, request, objects, supervisor, name, persona
):
    """Walk every content page: a reader who gets the page leaves an access-log row; one who
    has no part in the case is sent to give a reason and sees nothing yet."""
    from sanxiang.records.models import AccessLog

    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse(name, kwargs=RULES[name].kwargs(objects))
    before = AccessLog.objects.filter(user=user).count()
    response = client.get(url)
    if response.status_code == 200:
        assert AccessLog.objects.filter(user=user).count() == before + 1, f"{name} not logged"
    else:
        assert response.status_code == 302 and "/access/" in response.url, (name, response.url)
        assert AccessLog.objects.filter(user=user).count() == before


# --- Probes kept in the suite (issue 15, item 9) ------------------------------------------

# Rows that a refused request may still write: the refusal's own audit trail.
AUDIT_MODELS = {"core.SecurityEvent", "api.ApiCall", "records.AccessLog", "axes.AccessAttempt",
                "axes.AccessLog", "axes.AccessFailureLog", "sessions.Session",
                "core.RateLimitCount"}  # fmt: skip
# Machine endpoints that authenticate by what is posted, not by a session (no CSRF token).
CSRF_EXEMPT = {"portal:ledger-add-cosignature"}


def _row_counts():
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in AUDIT_MODELS and not model._meta.proxy
    }


OTHER_AGENCY_OBJECTS = sorted(
    name for name, rule in RULES.items() if rule.expected.get("other_officer") == 404
)


@pytest.mark.parametrize("name", OTHER_AGENCY_OBJECTS)
def test_another_agency_can_post_to_nothing_of_wanxin(
    client, objects, supervisor, other_officer, name
):
    """The cross-agency walk, POST side: 金桥街's officer posting to any URL that names one of
    万新街's objects gets 404 (or 405 where the page takes no POST) and changes nothing."""
    url = reverse(name, kwargs=RULES[name].kwargs(objects))
    client.force_login(other_officer)
    before = _row_counts()
    response = client.post(url, {"reason": "x", "note": "x", "on": "2026-12-01"})
    assert response.status_code in (404, 405), f"{name}: {response.status_code}"
    assert _row_counts() == before, name


POST_TARGETS = sorted(name for name in RULES if name not in CSRF_EXEMPT)


@pytest.mark.parametrize("name", POST_TARGETS)
def test_no_form_accepts_a_post_without_the_csrf_token(objects, supervisor, superuser, name):
    """The CSRF walk: a signed-in administrator's browser, tricked into posting to any page of
    the site without the form's token, is refused (403) and nothing changes."""
    from django.test import Client

    url = reverse(name, kwargs=RULES[name].kwargs(objects))
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = _row_counts()
    response = client.post(url, {"reason": "x", "note": "x", "on": "2026-12-01"})
    assert response.status_code == 403, f"{name}: {response.status_code}"
    assert _row_counts() == before, name
