"""Serializers of the api app's own endpoints (bulk import)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class PeopleImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The workbook (.xlsx), first sheet, names in row 1."))
    dry_run = serializers.BooleanField(
        default=True, help_text=_("Check only, write nothing (the default).")
    )


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class PeopleImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    officers_created = serializers.IntegerField()
    credentials_issued = serializers.IntegerField()
    ledger_entry = serializers.IntegerField(allow_null=True)
    problems = ImportProblemSerializer(many=True)
