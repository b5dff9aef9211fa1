"""Core views: the workbench home ("my work")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sanxiang.core.worklist import Urgency, work_for


@login_required
def workbench_home(request: HttpRequest) -> HttpResponse:
    items = work_for(request.user)
    groups = [(urgency, [i for i in items if i.urgency == urgency]) for urgency in Urgency]
    return render(request, "core/workbench_home.html", {"groups": groups, "items": items})
