"""Ledger pages: signed tree heads and proofs on the portal (public), JSON for machines,
entries and evidence packages on the workbench (staff with the ledger permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sanxiang.core.audit import record_export
from sanxiang.core.clients import client_address
from sanxiang.core.reauth import reauth_required
from sanxiang.ledger import links, package, selectors, signing, witnessing
from sanxiang.ledger.forms import ConsistencyForm, ExportForm, InclusionForm
from sanxiang.ledger.models import Entry, SignedHead

HEADS_PER_PAGE = 50
ENTRIES_PER_PAGE = 100


def _key_context() -> dict[str, Any]:
    keys = selectors.signing_keys()
    public = keys[-1].public_key
    return {
        "public_key_pem": signing.public_key_pem(public),
        "key_id": keys[-1].key_id,
        "public_key_b64": signing.b64(public),
        "verifier_key": signing.verifier_key(public),
        "keys": keys,
    }


def head_data(head: SignedHead) -> dict[str, Any]:
    return package.head_json(head)


@require_GET
def ledger_home(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.signed_heads(), HEADS_PER_PAGE).get_page(request.GET.get("page"))
    checkpoint = selectors.latest_checkpoint()
    context = {
        "latest": selectors.latest_head(),
        "checkpoint": checkpoint,
        "checkpoint_note": selectors.published_note(checkpoint) if checkpoint else "",
        "witnesses": selectors.witness_progress(),
        "page": page,
        **_key_context(),
    }
    return render(request, "ledger/portal_ledger.html", context)


@require_GET
def head_detail(request: HttpRequest, size: int) -> HttpResponse:
    head = selectors.head_of_size(size)
    if head is None:
        raise Http404
    message = signing.head_message(
        origin=head.origin,
        algorithm=head.algorithm,
        size=head.size,
        root=bytes(head.root),
        signed_at=head.signed_at,
    )
    checkpoint = selectors.checkpoint_of_size(size)
    context = {
        "head": head,
        "data": head_data(head),
        "message": message.decode(),
        "checkpoint": checkpoint,
        "checkpoint_note": selectors.published_note(checkpoint) if checkpoint else "",
    }
    return render(request, "ledger/portal_head.html", context)


# --- C2SP checkpoints: plain text for standard tools (signed-note, tlog-checkpoint) -------

TEXT = "text/plain; charset=utf-8"


@require_GET
def latest_checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint with every cosignature received (a stable URL)."""
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None:
        return HttpResponse(_("No checkpoint has been signed yet.") + "\n", TEXT, status=404)
    response = HttpResponse(selectors.published_note(checkpoint), TEXT)
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def checkpoint_text(request: HttpRequest, size: int) -> HttpResponse:
    """The checkpoint of one size, for ever (its cosignatures may still be added)."""
    checkpoint = selectors.checkpoint_of_size(size)
    if checkpoint is None:
        raise Http404
    return HttpResponse(selectors.published_note(checkpoint), TEXT)


@require_GET
def checkpoint_timestamp(request: HttpRequest, size: int) -> HttpResponse:
    """The RFC 3161 time-stamp response over the checkpoint's signed note (DER)."""
    checkpoint = selectors.checkpoint_of_size(size)
    stamp = getattr(checkpoint, "timestamp", None) if checkpoint else None
    if stamp is None:
        raise Http404
    response = HttpResponse(bytes(stamp.token), content_type="application/timestamp-reply")
    response["Content-Disposition"] = f'attachment; filename="checkpoint-{size}.tsr"'
    return response


@require_GET
def verifier_key(request: HttpRequest) -> HttpResponse:
    """The log's note verifier key, name+hash+key (what C2SP tools are configured with)."""
    return HttpResponse(signing.verifier_key(selectors.current_key().public_key) + "\n", TEXT)


MAX_SUBMISSION = 64 * 1024


@csrf_exempt  # a machine endpoint: the cosignature itself is the authentication
@require_POST
def add_cosignature(request: HttpRequest) -> HttpResponse:
    """Witnesses post a checkpoint of this log with their cosignature line(s) added."""
    body = request.body
    if len(body) > MAX_SUBMISSION:
        return HttpResponse(_("The submission is too large.") + "\n", TEXT, status=413)
    try:
        stored = witnessing.accept_cosignatures(body)
    except witnessing.WitnessError as exc:
        return HttpResponse(f"{exc}\n", TEXT, status=exc.status)
    message = _("Accepted %(count)s cosignature(s).") % {"count": len(stored)}
    return HttpResponse(f"{message}\n", TEXT)


def _form_or_none(form_class: type, request: HttpRequest) -> Any:
    form = form_class(request.GET) if request.GET else form_class()
    return form, (form.cleaned_data if form.is_bound and form.is_valid() else None)


@require_GET
def inclusion(request: HttpRequest) -> HttpResponse:
    form, data = _form_or_none(InclusionForm, request)
    proof, missing = None, False
    if data is not None:
        try:
            proof = selectors.inclusion_for(seq=data["seq"], size=data["size"])
        except selectors.NoSuchProof:
            missing = True
    context = {"form": form, "proof": proof, "missing": missing}
    return render(request, "ledger/portal_inclusion.html", context, status=404 if missing else 200)


@require_GET
def consistency(request: HttpRequest) -> HttpResponse:
    form, data = _form_or_none(ConsistencyForm, request)
    proof, missing = None, False
    if data is not None:
        try:
            proof = selectors.consistency_for(old=data["old"], new=data["new"])
        except selectors.NoSuchProof:
            missing = True
    context = {"form": form, "proof": proof, "missing": missing}
    return render(
        request, "ledger/portal_consistency.html", context, status=404 if missing else 200
    )


# --- JSON for machines (monitors, auditors keeping their own copy of the heads) ---------


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def heads_json(request: HttpRequest) -> JsonResponse:
    heads = [head_data(h) for h in selectors.signed_heads()[:1000]]
    keys = selectors.signing_keys()
    return JsonResponse(
        {
            "public_key": signing.b64(keys[-1].public_key),
            "keys": [package.key_json(key) for key in keys],
            "heads": heads,
        }
    )


@require_GET
def latest_head_json(request: HttpRequest) -> JsonResponse:
    head = selectors.latest_head()
    if head is None:
        return _json_error("no signed head yet", 404)
    return JsonResponse(head_data(head))


@require_GET
def inclusion_json(request: HttpRequest) -> JsonResponse:
    form = InclusionForm(request.GET)
    if not form.is_valid():
        return _json_error("give seq (and optionally size)", 400)
    try:
        proof = selectors.inclusion_for(
            seq=form.cleaned_data["seq"], size=form.cleaned_data["size"]
        )
    except selectors.NoSuchProof as exc:
        return _json_error(str(exc), 404)
    head: SignedHead = proof["head"]  # type: ignore[assignment]
    return JsonResponse(
        {
            "seq": proof["seq"],
            "tree_size": head.size,
            "leaf_hash": proof["leaf_hash"].hex(),  # type: ignore[attr-defined]
            "proof": [item.hex() for item in proof["path"]],  # type: ignore[attr-defined]
            "head": head_data(head),
        }
    )


@require_GET
def consistency_json(request: HttpRequest) -> JsonResponse:
    form = ConsistencyForm(request.GET)
    if not form.is_valid():
        return _json_error("give old (and optionally new)", 400)
    try:
        proof = selectors.consistency_for(
            old=form.cleaned_data["old"], new=form.cleaned_data["new"]
        )
    except selectors.NoSuchProof as exc:
        return _json_error(str(exc), 404)
    old: SignedHead = proof["old"]  # type: ignore[assignment]
    new: SignedHead = proof["new"]  # type: ignore[assignment]
    return JsonResponse(
        {
            "old": head_data(old),
            "new": head_data(new),
            "proof": [item.hex() for item in proof["path"]],  # type: ignore[attr-defined]
        }
    )


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    """The current key's PEM, or with ``?key=<key id>`` any key that ever signed heads."""
    keys = selectors.signing_keys()
    wanted = request.GET.get("key")
    key = keys[-1] if not wanted else next((k for k in keys if k.key_id == wanted), None)
    if key is None:
        raise Http404
    return HttpResponse(key.pem, content_type="application/x-pem-file")


# --- Package links for the party and the court (portal) ----------------------------------


@require_GET
def package_link(request: HttpRequest, token: str) -> HttpResponse:
    """What a link gives, until when, and the download button; a dead link says so."""
    link = links.valid_link(token)
    context = {
        "link": link,
        "token": token,
        "verifier_key": signing.verifier_key(selectors.current_key().public_key),
    }
    return render(request, "ledger/portal_package.html", context, status=200 if link else 404)


@require_GET
def package_link_download(request: HttpRequest, token: str) -> HttpResponse:
    link = links.valid_link(token)
    if link is None:
        return render(request, "ledger/portal_package.html", {"link": None}, status=404)
    data = links.download(link=link, address=client_address(request) or "")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="evidence-{link.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


# --- Workbench ----------------------------------------------------------------------------


@login_required
@permission_required("ledger.view_entry", raise_exception=True)
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = Entry.objects.order_by("-seq")
    subject = request.GET.get("subject", "").strip()
    if subject:
        entries = entries.filter(subject=subject)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "subject": subject, "latest": selectors.latest_head()}
    return render(request, "ledger/workbench_entries.html", context)


@login_required
@permission_required("ledger.export_package", raise_exception=True)
@reauth_required
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None, initial={"entries": request.GET.get("entries", "")})
    if request.method == "POST" and form.is_valid():
        seqs = form.cleaned_data["entries"]
        try:
            data = package.build_package(seqs=seqs)
        except package.PackageError:
            form.add_error("entries", _("Some of these entries do not exist."))
        else:
            response = HttpResponse(data, content_type="application/zip")
            name = f"evidence-{'-'.join(str(s) for s in seqs[:5])}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            record_export(request, what="evidence-package", entries=seqs[:100], count=len(seqs))
            return response
    return render(request, "ledger/workbench_export.html", {"form": form})
