"""Signal receivers that turn sign-in activity into security events (connected in ready()).

Django sends ``user_logged_in`` / ``user_logged_out`` / ``user_login_failed`` whatever door
was used (the sign-in page, the admin, a test's ``force_login``); django-axes sends
``user_locked_out``; the authenticator devices of django-otp are watched for enrolment and
removal. A fresh sign-in also opens the re-authentication window (``core.reauth``).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core import reauth, sessions
from sanxiang.core.audit import Kind, record_security_event


def _username(credentials: dict[str, Any] | None) -> str:
    # Django has already replaced the password with asterisks; take only the name.
    return str((credentials or {}).get("username", "") or "")


@receiver(user_logged_in, dispatch_uid="sanxiang-audit-login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_security_event(kind=Kind.LOGIN, actor=user, request=request)
    if request is not None and hasattr(request, "session"):
        reauth.start_window(request)
        sessions.start(request)


@receiver(user_logged_out, dispatch_uid="sanxiang-audit-logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        reason = getattr(request, "sanxiang_logout_reason", "") or "signed out"
        record_security_event(
            kind=Kind.LOGOUT, actor=user, request=request, detail={"reason": reason}
        )


@receiver(user_login_failed, dispatch_uid="sanxiang-audit-login-failed")
def on_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    record_security_event(kind=Kind.LOGIN_FAILED, request=request, username=_username(credentials))


@receiver(user_locked_out, dispatch_uid="sanxiang-audit-locked-out")
def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    record_security_event(kind=Kind.LOCKED_OUT, request=request, username=str(username or ""))


def _device_owner(device: TOTPDevice) -> Any:
    try:
        return device.user
    except Exception:  # the user is being deleted with their devices
        return None


@receiver(post_save, sender=TOTPDevice, dispatch_uid="sanxiang-audit-2fa-enrolled")
def on_device_saved(sender: Any, instance: TOTPDevice, created: bool, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields") or ()
    if instance.confirmed and (created or "confirmed" in fields):
        record_security_event(
            kind=Kind.TWO_FACTOR_ENROLLED, actor=_device_owner(instance),
            detail={"device": instance.pk, "name": instance.name},
        )  # fmt: skip


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="sanxiang-audit-2fa-removed")
def on_device_deleted(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    owner = _device_owner(instance)
    record_security_event(
        kind=Kind.TWO_FACTOR_REMOVED, actor=owner,
        username="" if owner else str(instance.user_id),
        detail={"device": instance.pk, "name": instance.name, "confirmed": instance.confirmed},
    )  # fmt: skip
