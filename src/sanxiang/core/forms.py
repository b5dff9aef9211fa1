"""Core forms: sign-in, password change."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanxiang.core import ratelimit
from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.clients import client_address
from sanxiang.core.twofactor import confirmed_device

LOGIN_SCOPE = "login-failures"


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (YYYY-MM-DD): the zh-hans format
    (2026/12/05) is one a date input cannot show, so the field looked empty."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker, with the ISO value it needs."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class LoginForm(AuthenticationForm):
    """Sign-in. Besides the per-account lock-out (django-axes), failures are limited per
    client address over every user name, so one address cannot try name after name."""

    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both (passwords are case-sensitive) "
            "and try again. After several failures the account is locked for a while."
        ),
        "inactive": _("This account has been disabled. Ask your system administrator."),
        "address_limited": _(
            "Too many failed sign-ins from this network address. Wait a quarter of an hour "
            "and try again, or ask your system administrator."
        ),
    }

    def clean(self) -> dict[str, Any]:
        if not (self.data.get("username") and self.data.get("password")):
            return super().clean()
        address = (client_address(self.request) if self.request else None) or "unknown"
        window = settings.LOGIN_FAILURES_WINDOW_SECONDS
        # The attempt is counted before the password is checked (atomic under concurrency)
        # and given back when it succeeds: only failures use up the address's allowance.
        if not ratelimit.take(
            LOGIN_SCOPE, address, limit=settings.LOGIN_FAILURES_PER_ADDRESS, window_seconds=window
        ):
            record_security_event(
                kind=Kind.LOGIN_FAILED, username=str(self.data.get("username"))[:150],
                request=self.request, detail={"reason": "address_limited"},
            )  # fmt: skip
            raise ValidationError(self.error_messages["address_limited"], code="address_limited")
        data = super().clean()
        ratelimit.give_back(LOGIN_SCOPE, address, window_seconds=window)
        return data


class SecondFactorPasswordChangeForm(PasswordChangeForm):
    """Django's password change, plus the one-time code when the user has an authenticator:
    a stolen session or password alone cannot take the account over."""

    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\d{6}$",
        max_length=6,
        help_text=_("The 6-digit code your authenticator app shows now."),
        error_messages={
            "invalid": _("Enter the 6 digits your authenticator app shows."),
            "required": _("Enter the one-time code from your authenticator app as well."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.device = confirmed_device(user)
        if self.device is None:
            del self.fields["code"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        assert self.device is not None
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(_("Too many wrong codes. Wait a little before trying again."))
        if not self.device.verify_token(code):
            raise ValidationError(_("The code is wrong or has expired. Wait for the next code."))
        return code


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\d{6}$",
        max_length=6,
        help_text=_("The 6-digit code your authenticator app shows now."),
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside each field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
