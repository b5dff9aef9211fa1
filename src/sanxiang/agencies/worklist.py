"""Work items from agencies and people: credentials about to expire, for the administrator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import CredentialStatus, OfficerStatus
from sanxiang.agencies.models import Credential
from sanxiang.core import worklist
from sanxiang.core.roles import Role

EXPIRY_NOTICE_DAYS = 60


@worklist.register
def expiring_credentials(user: Any) -> Iterable[worklist.WorkItem]:
    if not user.is_authenticated or user.agency_id is None or not user.has_role(Role.ADMIN):
        return []
    today = timezone.localdate()
    credentials = Credential.objects.filter(
        officer__agency_id=user.agency_id,
        officer__status=OfficerStatus.ACTIVE,
        status=CredentialStatus.VALID,
        valid_to__gte=today,
        valid_to__lte=today + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("officer")
    return [
        worklist.WorkItem(
            title=_("Credential %(number)s of %(name)s expires soon: arrange renewal")
            % {"number": c.number, "name": c.officer.name},
            url=c.officer.get_absolute_url(),
            urgency=worklist.Urgency.DUE_SOON,
            due_on=c.valid_to,
            basis="《天津市持证执法管理办法》",
        )
        for c in credentials
    ]
