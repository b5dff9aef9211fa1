"""Scheduled work of supervision, run by `sanxiang tick`: warnings and the daily digest."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanxiang.agencies.models import User
from sanxiang.core import tick
from sanxiang.supervision import permissions, selectors, services, summary
from sanxiang.supervision.models import DigestSent


@tick.register("supervision-warnings")
def refresh() -> str:
    """Raise, keep or clear the supervisors' warnings."""
    counts = services.refresh_warnings()
    return "raised {raised}, kept {kept}, cleared {cleared}".format(**counts)


@tick.register("supervision-digest")
def daily_digest() -> str:
    """One e-mail a day per watcher with open warnings, when mail is configured."""
    if not settings.EMAIL_HOST:
        return "mail not configured"
    today = timezone.localdate()
    sent = 0
    watchers = User.objects.filter(is_active=True).exclude(email="").select_related("agency")
    with translation.override(settings.LANGUAGE_CODE):
        for user in watchers:
            if not permissions.can_watch(user):
                continue
            warnings = list(selectors.open_warnings_visible_to(user=user)[:200])
            if not warnings:
                continue
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, day=today)
            except IntegrityError:
                continue  # already sent today
            body = render_to_string(
                "supervision/digest.txt", {"user": user, "warnings": warnings, "day": today}
            )
            send_mail(_("Sanxiang warnings for %(day)s") % {"day": today}, body, None, [user.email])
            sent += 1
    return f"sent {sent}"


@tick.register("supervision-summary")
def refresh_summary() -> str:
    """The dashboards' monthly summary, for every whole month before this one."""
    rows = summary.refresh()
    return f"{rows} monthly rows"
