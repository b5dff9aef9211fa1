"""Core forms: sign-in."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both (passwords are case-sensitive) "
            "and try again. After several failures the account is locked for a while."
        ),
        "inactive": _("This account has been disabled. Ask your system administrator."),
    }
