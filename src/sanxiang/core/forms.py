"""Core forms: sign-in."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both (passwords are case-sensitive) "
            "and try again. After several failures the account is locked for a while."
        ),
        "inactive": _("This account has been disabled. Ask your system administrator."),
    }


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
