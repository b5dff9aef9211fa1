"""REST endpoints of legal reviews (法制审核), assembled under /api/v1/ by the api app.

Read only, for agency and supervisor tokens (public tokens get 403), through
``selectors.reviews_visible_to`` (the cases' visibility rule). Each review carries its
opinions (审核意见) in the order given; reviewers are named, never identified further.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from rest_framework import serializers, viewsets

from sanxiang.agencies.api import ID, IdFilter
from sanxiang.review import selectors
from sanxiang.review.choices import OpinionKind, ReviewStatus
from sanxiang.review.models import Opinion, Review


class OpinionSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.name", read_only=True)

    class Meta:
        model = Opinion
        fields = ["id", "kind", "text", "reviewer", "given_at", "ledger_seq"]


class ReviewSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    agency = serializers.IntegerField(source="case.agency_id", read_only=True)
    reviewer = serializers.CharField(source="reviewer.name", read_only=True, allow_null=True)
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id", "case", "case_number", "agency", "version", "previous", "status",
            "proposed_decision", "proposed_penalties", "proposed_fine",
            "proposed_confiscation", "circumstances", "discretion_level",
            "discretion_reasoning", "revision_note", "reviewer", "submitted_at", "accepted_on",
            "due_on", "finished_at", "ledger_seq", "opinions",
        ]  # fmt: skip


class ReviewFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="case__agency_id")
    case = IdFilter(field_name="case_id")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    opinion = django_filters.ChoiceFilter(
        field_name="opinions__kind", choices=OpinionKind.choices, distinct=True
    )
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Review
        fields = ["agency", "case", "status", "opinion", "due_from", "due_to"]


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Legal reviews of the cases in scope, each with its opinions."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Review]:
        opinions = Opinion.objects.select_related("reviewer").order_by("given_at", "pk")
        return (
            selectors.reviews_visible_to(user=self.request.user)
            .prefetch_related(Prefetch("opinions", queryset=opinions))
            .order_by("-submitted_at", "-pk")
        )


routes = [("reviews", ReviewViewSet, "review")]
