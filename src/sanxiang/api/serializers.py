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


class PowerImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("The power-list workbook (.xlsx): sheets 权责清单 and 裁量基准, as exported.")
    )
    dry_run = serializers.BooleanField(
        default=True, help_text=_("Check only, write nothing (the default).")
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text=_("Reason for rows that give none."),
    )  # fmt: skip
    effective_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Effective date for rows that give none.")
    )
    approver = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text=_("Approver for rows that name none."),
    )  # fmt: skip


class PowerImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    changes = serializers.IntegerField()
    recorded = serializers.IntegerField()
    ledger_entry = serializers.IntegerField(allow_null=True)
    problems = ImportProblemSerializer(many=True)


class HistoricCasesImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("The workbook (.xlsx) of historic cases, first sheet, names in row 1.")
    )
    dry_run = serializers.BooleanField(
        default=True, help_text=_("Check only, write nothing (the default).")
    )


class HistoricCasesImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    cases_created = serializers.IntegerField()
    ledger_entry = serializers.IntegerField(allow_null=True)
    problems = ImportProblemSerializer(many=True)
