"""Publish the demo's decisions, as each agency's publisher would, for the load test.

The demo leaves decisions awaiting publication (the publisher's work); the portal's decision
pages need published ones. Every draft is published with the automatic redaction, through
the publicity service. Idempotent: already published ones are left alone.
"""

from __future__ import annotations

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    django.setup()
    from django.core.exceptions import PermissionDenied, ValidationError

    from sanxiang.agencies.models import User
    from sanxiang.core.roles import Role
    from sanxiang.publicity import services
    from sanxiang.publicity.choices import PublicationStatus
    from sanxiang.publicity.models import Publication

    services.create_missing_drafts()
    published = 0
    for publication in Publication.objects.filter(status=PublicationStatus.DRAFT):
        publishers = [
            user
            for user in User.objects.filter(agency=publication.agency, is_active=True)
            if user.has_role(Role.PUBLISHER)
        ]
        preview = services.preview_redaction(publication=publication)
        for publisher in publishers[:1]:
            try:
                services.publish_decision(
                    actor=publisher, publication=publication, redacted_text=preview.text,
                    confirmed=True,
                )  # fmt: skip
                published += 1
            except (ValidationError, PermissionDenied) as error:
                print(f"{publication.number}: {error}")
    total = Publication.objects.filter(status=PublicationStatus.PUBLISHED).count()
    print(f"published {published} now, {total} in all")


if __name__ == "__main__":
    main()
