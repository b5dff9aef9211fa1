"""Typing help for views: a request whose user is signed in."""

from django.http import HttpRequest

from sanxiang.agencies.models import User


class AuthedRequest(HttpRequest):
    """An ``HttpRequest`` behind ``login_required``: ``user`` is a Sanxiang ``User``."""

    user: User
