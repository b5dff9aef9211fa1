"""Links to evidence packages (证据包下载链接) for those outside the agency.

Who may get a subject's complete evidence package (defined here and in the apps that own the
subjects, e.g. ``records.archive`` for cases):
- staff and supervisors in the workbench, through the case's export (access logged, R7);
- the party (当事人) and a court (人民法院), through a link the agency issues for a limited
  time and can revoke (行政复议法 第四十七条: the applicant may consult and copy the evidence
  the respondent relied on; 行政诉讼法 第六十七条: the defendant submits its evidence to the
  court). Issuing, revoking and every download are logged: the issue and the revocation
  as ledger entries of the subject, each download as a ``PackageDownload`` and as the
  package's own issuing entry, which names the link.

Links carry a random token; only its hash is stored. Apps register how a subject's package
is built (``register_exporter``), since some add attachments such as a case file's index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.ledger import package, services
from sanxiang.ledger.models import PackageDownload, PackageLink

MAX_DAYS = 30  # a link is for one proceeding; a longer need gets a new link
Exporter = Callable[[str, str], bytes]  # (subject, recipient) -> the package's bytes
_exporters: dict[str, Exporter] = {}


class LinkError(ValueError):
    """The link cannot be issued or revoked; the message says why."""


def register_exporter(prefix: str) -> Callable[[Exporter], Exporter]:
    """Build the packages of subjects "<prefix>:…" with the decorated function."""

    def decorator(func: Exporter) -> Exporter:
        _exporters[prefix] = func
        return func

    return decorator


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    *, actor: Any, subject: str, label: str, kind: str, recipient: str, days: int
) -> tuple[PackageLink, str]:
    """A new link and its token (shown once). The caller has checked the actor may issue it."""
    recipient = recipient.strip()
    if kind not in PackageLink.Kind.values or not recipient or len(recipient) > 200:
        raise LinkError(_("Name the recipient (the party or the court) and its reference."))
    if not 1 <= days <= MAX_DAYS:
        raise LinkError(_("A link is valid for 1 to %(max)s days.") % {"max": MAX_DAYS})
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        link = PackageLink.objects.create(
            token_hash=_hash(token), subject=subject, label=label[:200], kind=kind,
            recipient=recipient, issued_by_id=actor.pk, issued_by_name=str(actor)[:150],
            expires_at=timezone.now() + dt.timedelta(days=days),
        )  # fmt: skip
        services.append(
            kind="ledger.package_link_issued", actor=actor, subject=subject,
            payload={"link": link.pk, "kind": kind, "recipient": recipient,
                     "expires_at": link.expires_at.isoformat()},
        )  # fmt: skip
    return link, token


def revoke_link(*, actor: Any, link: PackageLink, reason: str) -> PackageLink:
    reason = reason.strip()
    if not reason:
        raise LinkError(_("Give the reason for revoking the link."))
    with transaction.atomic():
        link = PackageLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is not None:
            raise LinkError(_("The link is already revoked."))
        link.revoked_at, link.revoked_by_name = timezone.now(), str(actor)[:150]
        link.revoke_reason = reason[:300]
        link.save(update_fields=["revoked_at", "revoked_by_name", "revoke_reason"])
        services.append(
            kind="ledger.package_link_revoked", actor=actor, subject=link.subject,
            payload={"link": link.pk, "reason": link.revoke_reason},
        )  # fmt: skip
    return link


def valid_link(token: str) -> PackageLink | None:
    """The link of ``token`` if it is neither expired nor revoked."""
    link = PackageLink.objects.filter(token_hash=_hash(token[:100])).first()
    if link is None or link.revoked_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def download(*, link: PackageLink, address: str) -> bytes:
    """The package, built now (so it covers everything up to now), and the download logged."""
    prefix = link.subject.split(":", 1)[0]
    recipient = f"{link.get_kind_display()}: {link.recipient} (link {link.pk})"
    exporter = _exporters.get(prefix)
    if exporter is not None:
        data = exporter(link.subject, recipient)
    else:
        data = package.build_subject_package(
            subject=link.subject, label=link.label, actor=None, recipient=recipient
        )
    issued = services.latest_of_subject(link.subject)
    PackageDownload.objects.create(link=link, address=address[:64], entry=issued)
    return data
