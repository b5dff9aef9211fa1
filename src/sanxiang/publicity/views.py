"""Publicity pages: the portal home and search, published decisions, progress look-up; the
publisher's work in the workbench (redaction review, publication, withdrawal)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxiang.agencies import selectors as agency_selectors
from sanxiang.agencies.http import AuthedRequest
from sanxiang.agencies.models import Agency
from sanxiang.cases import selectors as case_selectors
from sanxiang.core import prepared, ratelimit
from sanxiang.core.clients import client_address
from sanxiang.core.forms import add_service_errors
from sanxiang.core.reauth import reauth_required
from sanxiang.ledger import selectors as ledger_selectors
from sanxiang.publicity import page_cache, permissions, selectors, services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.constants import PROGRESS_ATTEMPTS, PROGRESS_WINDOW_SECONDS
from sanxiang.publicity.forms import DecisionSearchForm, ProgressForm, PublishForm, WithdrawForm
from sanxiang.publicity.models import Publication

PAGE_SIZE = 20
# What the decision list shows: reading only these leaves the texts (several kB a row) unread.
LIST_COLUMNS = ("public_id", "number", "party_name", "violation", "agency_name", "decided_on")


class ResultPage:
    """One page of results without counting them all: a word as common as a surname matches
    hundreds of thousands of decisions, and counting them costs more than the page itself.
    One row more than the page tells whether there is a next page; the total is known (and
    shown) when everything fits on the first page."""

    def __init__(self, rows: QuerySet[Any], number: str | None, size: int = PAGE_SIZE) -> None:
        try:
            self.number = max(1, min(int(number or 1), 10_000))
        except ValueError:
            self.number = 1
        start = (self.number - 1) * size
        found = list(rows[start : start + size + 1])
        self.object_list = found[:size]
        self.has_next = len(found) > size
        self.has_previous = self.number > 1
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1
        self.total = len(found) if self.number == 1 and not self.has_next else None

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


# --- Portal -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    context = {"agencies": agency_selectors.public_agencies(), **selectors.whats_new()}
    return render(request, "publicity/home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    q = selectors.clean_query(request.GET.get("q"))
    results = selectors.search_everything(q)
    found = sum(len(v) for v in results.values())
    return render(request, "publicity/search.html", {"q": q, "results": results, "found": found})


def decision_list(request: HttpRequest) -> HttpResponse:
    form = DecisionSearchForm(request.GET or None)
    publications = selectors.public_publications()
    if form.is_valid():
        publications = selectors.filter_publications(publications, form.cleaned_data)
    rows = publications.order_by("-decided_on", "-pk").only(*LIST_COLUMNS)
    page = ResultPage(rows, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "publicity/decision_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )  # fmt: skip


def decision(request: HttpRequest, public_id: str) -> HttpResponse:
    state = public_page_state(public_id)
    if state is None:
        withdrawn = selectors.withdrawn_publication(public_id=public_id)
        if withdrawn is None:
            raise Http404
        return render(request, "publicity/decision_withdrawn.html", {"p": withdrawn}, status=410)
    personal = _has_messages(request)  # a flash message is this visitor's own
    key = decision_page_key(public_id, state)
    html = None if personal else page_cache.get(key)
    if html is None:
        publication = selectors.public_publication(public_id=public_id)
        if publication is None:  # withdrawn this very moment
            raise Http404
        context = {"p": publication, "agency": publication.agency}
        html = loader.render_to_string("publicity/decision.html", context, request)
        # Kept only if the record did not change while it was rendered (else the next visit
        # renders again): the HTML stored under a key is always that state's.
        if not personal and public_page_state(public_id) == state:
            page_cache.put(key, html)
    return HttpResponse(html)


# The decision page's HTML, cached. The page has nothing per visitor (no form, no CSRF token,
# no nonce, no user-specific navigation; flash messages bypass the cache), so the whole body
# is kept. Its key is a digest of everything the HTML is made of: every column of the
# publication's and its agency's rows (their versions on PostgreSQL), read by one query that
# also decides whether the record is public at all (``selectors.public_publications``,
# compiled once a day: the ORM's compiling cost more than the query itself), the language,
# and the templates, static URLs and translation catalogues of this build. An edit, a re-publication or a new agency address is a new key at once; a withdrawn,
# revoked or expired record fails the query before the cache is asked. Entries are never
# invalidated, they only stop being asked for and age out (``page_cache``: this process's
# memory, then the shared cache).
DECISION_PAGE_TEMPLATES = ("publicity/decision.html", "portal_base.html", "base.html")
DECISION_PAGE_ASSETS = ("sanxiang/css/sanxiang.css", "sanxiang/js/sanxiang.js",
                        "sanxiang/css/publicity.css")  # fmt: skip
_PUBLIC_ID = "\x00public_id\x00"
_build: str | None = None
_state_sql: dict[tuple[str, dt.date], tuple[str, list[Any], int]] = {}


def _state_query() -> tuple[str, list[Any], int]:
    day = timezone.localdate()
    if (connection.alias, day) not in _state_sql:
        rows = selectors.public_publications(today=day).filter(public_id=_PUBLIC_ID)
        if connection.vendor == "postgresql":
            # Each row's version instead of its values: the transaction that wrote it and
            # where (every UPDATE writes a new tuple, so xmin and ctid change together with
            # any column). Nothing of the texts is read, sent or parsed; their values were
            # most of the page's cost when it came from the cache.
            versions = {
                "publication_version": RawSQL(
                    '"publicity_publication"."xmin"::text || "publicity_publication"."ctid"', []
                ),
                "agency_version": RawSQL(
                    '"agencies_agency"."xmin"::text || "agencies_agency"."ctid"', []
                ),
            }
            rows = rows.annotate(**versions).values_list(*versions)
        else:
            columns = [f.name for f in Publication._meta.concrete_fields] + [
                f"agency__{f.name}" for f in Agency._meta.concrete_fields
            ]
            rows = rows.values_list(*columns)
        sql, params = rows.order_by().query.sql_with_params()
        _state_sql.clear()
        _state_sql[(connection.alias, day)] = (sql, list(params), list(params).index(_PUBLIC_ID))
    return _state_sql[(connection.alias, day)]


def public_page_state(public_id: str) -> tuple[Any, ...] | None:
    """What a public decision's page is made of: every column of its publication and agency
    rows (on PostgreSQL, the rows' versions: ``xmin`` and ``ctid``); None if it is not public
    (draft, withdrawn, expired, decision no longer in force, agency not public)."""
    sql, params, index = _state_query()
    params = [*params]
    params[index] = public_id
    return prepared.fetchone(sql, params)


def _has_messages(request: HttpRequest) -> bool:
    """Whether a flash message waits for this visitor. Messages live in a cookie or in the
    session (Django's default storage): without either cookie there are none, and opening the
    storage (a signer per request) cost more than the cached page."""
    if settings.MESSAGE_STORAGE == "django.contrib.messages.storage.fallback.FallbackStorage":
        cookies = request.COOKIES
        if CookieStorage.cookie_name not in cookies and settings.SESSION_COOKIE_NAME not in cookies:
            return False
    return bool(messages.get_messages(request))


def _catalogues() -> list[Path]:
    """The compiled translation catalogues of Sanxiang's apps (the page's wording)."""
    found: list[Path] = []
    for config in apps.get_app_configs():
        if config.name.startswith("sanxiang."):
            found += sorted(Path(config.path, "locale").glob("*/LC_MESSAGES/*.mo"))
    return found


def _page_build() -> str:
    """A digest of the templates' source, the assets' URLs (hashed names under the manifest
    storage) and the translation catalogues: a deploy that changes the page's frame or its
    wording starts new keys. Once per process, or at every request under DEBUG, where
    templates change while the server runs."""
    global _build
    if _build is None or settings.DEBUG:
        digest = hashlib.sha256()
        for name in DECISION_PAGE_TEMPLATES:
            digest.update(loader.get_template(name).template.source.encode())  # type: ignore[attr-defined]
        for asset in DECISION_PAGE_ASSETS:
            digest.update(static(asset).encode())
        for catalogue in _catalogues():
            digest.update(catalogue.read_bytes())
        _build = digest.hexdigest()[:16]
    return _build


def decision_page_key(public_id: str, state: tuple[Any, ...]) -> str:
    digest = hashlib.sha256()
    for part in (_page_build(), get_language() or "", repr(state)):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"publicity:decision-page:{public_id}:{digest.hexdigest()}"


def decision_json(request: HttpRequest, public_id: str) -> HttpResponse:
    publication = selectors.public_publication(public_id=public_id)
    if publication is None:
        raise Http404
    data = {
        "id": publication.public_id, "number": publication.number,
        "category": publication.category, "party": publication.party_name,
        "violation": publication.violation, "conclusion": publication.conclusion,
        "agency": publication.agency_name, "decided_on": publication.decided_on.isoformat(),
        "display_until": publication.display_until.isoformat() if publication.display_until else None,
        "text": publication.redacted_text, "fields": publication.fields,
        "url": request.build_absolute_uri(publication.get_absolute_url()),
        "ledger": _ledger_link(request, publication),
    }  # fmt: skip
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _ledger_link(request: HttpRequest, publication: Publication) -> dict[str, Any] | None:
    """Where the publication is in the ledger: its entry (the leaf data itself, so anyone can
    hash it), the SHA-256 of ``text`` that the entry records, and its inclusion proof."""
    if publication.ledger_seq is None:
        return None
    entry = ledger_selectors.entry(publication.ledger_seq)
    proof = reverse("portal:ledger-inclusion-json") + f"?seq={publication.ledger_seq}"
    return {
        "index": publication.ledger_seq,
        "published_text_sha256": publication.redacted_hash,
        "record": entry.record if entry is not None else None,
        "inclusion_proof": request.build_absolute_uri(proof),
        "checkpoint": request.build_absolute_uri(reverse("portal:ledger-checkpoint")),
    }


def progress(request: HttpRequest) -> HttpResponse:
    """办件进度查询: case number plus the party's code; the same answer for any mismatch."""
    form = ProgressForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST":
        allowed = ratelimit.take(
            "progress", client_address(request) or "unknown",
            limit=PROGRESS_ATTEMPTS, window_seconds=PROGRESS_WINDOW_SECONDS,
        )  # fmt: skip
        if not allowed:
            form.add_error(None, _("Too many attempts. Please try again in ten minutes."))
            status = 429
        elif form.is_valid():
            case = services.check_progress_code(
                case_number=form.cleaned_data["case_number"], code=form.cleaned_data["code"]
            )
            if case is None:
                form.add_error(
                    None,
                    _("No case matches this number and code. Check both against your receipt."),
                )
            else:
                result = selectors.progress_of(case)
    return render(
        request, "publicity/progress.html", {"form": form, "result": result}, status=status
    )


# --- Workbench ----------------------------------------------------------------------------


@login_required
def publication_list(request: AuthedRequest) -> HttpResponse:
    publications = selectors.publications_visible_to(user=request.user)
    status = request.GET.get("status", PublicationStatus.DRAFT)
    if status in PublicationStatus.values:
        publications = publications.filter(status=status)
    page = Paginator(publications.order_by("due_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request, "publicity/publication_list.html",
        {"page": page, "status": status, "statuses": PublicationStatus.choices},
    )  # fmt: skip


def _publication_for(request: AuthedRequest, publication_id: int) -> Publication:
    publication = get_object_or_404(
        selectors.publications_visible_to(user=request.user), pk=publication_id
    )
    return publication


def _publishes(request: HttpRequest) -> bool:
    return request.method == "POST" and "preview" not in request.POST


@login_required
@reauth_required(when=_publishes)  # publishing is sensitive; the preview is not
def publication_detail(request: AuthedRequest, publication_id: int) -> HttpResponse:
    publication = _publication_for(request, publication_id)
    can_publish = permissions.can_publish(request.user, publication.agency)
    persons = request.POST.get("persons", "") if request.method == "POST" else ""
    preview = services.preview_redaction(publication=publication, persons=persons.splitlines())
    form = PublishForm(
        request.POST or None, initial={"redacted_text": publication.redacted_text or preview.text}
    )
    if request.method == "POST" and "preview" in request.POST:
        # The publisher added names: show the engine's new text to check, nothing saved.
        form = PublishForm(initial={"persons": persons, "redacted_text": preview.text})
    elif request.method == "POST":
        if not can_publish:
            raise PermissionDenied(_("Only the agency's publisher may publish."))
        if form.is_valid():
            try:
                services.publish_decision(
                    actor=request.user, publication=publication,
                    redacted_text=form.cleaned_data["redacted_text"],
                    persons=form.cleaned_data["persons"].splitlines(),
                    confirmed=form.cleaned_data["confirmed"],
                    kept=form.cleaned_data["kept"].splitlines(),
                    kept_reason=form.cleaned_data["kept_reason"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Published on the portal."))
                return redirect("workbench:publication", publication_id=publication.pk)
    context = {
        "p": publication, "form": form, "preview": preview, "can_publish": can_publish,
        "withdraw_form": WithdrawForm(), "is_draft": publication.status == PublicationStatus.DRAFT,
    }  # fmt: skip
    return render(request, "publicity/publication_detail.html", context)


@login_required
@require_POST
@reauth_required
def publication_withdraw(request: AuthedRequest, publication_id: int) -> HttpResponse:
    publication = _publication_for(request, publication_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_publication(
                actor=request.user, publication=publication, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Withdrawn from the portal."))
    else:
        messages.error(request, _("Give the reason for the withdrawal; the public sees it."))
    return redirect("workbench:publication", publication_id=publication.pk)


@login_required
def progress_code(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Give the party a look-up code (printable receipt); a new code replaces the old one."""
    case = case_selectors.get_case_for_user(user=request.user, case_id=case_id)
    if not permissions.can_issue_progress_code(request.user, case):
        raise PermissionDenied(_("Only the agency's officers may give look-up codes."))
    code = ""
    if request.method == "POST":
        code = services.issue_progress_code(actor=request.user, case=case)
    issued = getattr(case, "progress_code", None) if hasattr(case, "progress_code") else None
    return render(
        request, "publicity/progress_code.html", {"case": case, "code": code, "issued": issued}
    )
