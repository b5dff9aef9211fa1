"""REST endpoints of the ledger: signed tree heads and Merkle proofs (public, read-only).

Anyone outside the agency can hold the platform to its history (DESIGN.md → Architecture):
fetch signed heads, then inclusion proofs (RFC 9162 §2.1.3) and consistency proofs
(§2.1.4) and check them with any RFC 9162 verifier, e.g. ``sanxiang.ledger.merkle``.
Hashes are hex; keys and signatures base64. Entry records themselves are not public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.ledger import selectors, signing
from sanxiang.ledger.models import SignedHead
from sanxiang.ledger.services import current_root

# Query integers are bounded well inside a 64-bit column.
MAX_SIZE = 2**62


class SignedHeadSerializer(serializers.ModelSerializer):
    root = serializers.SerializerMethodField()
    public_key = serializers.SerializerMethodField()
    public_key_pem = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField()
    signed_text = serializers.SerializerMethodField()

    class Meta:
        model = SignedHead
        fields = ["size", "root", "algorithm", "origin", "signed_at", "key_id", "public_key",
                  "public_key_pem", "signature", "signed_text"]  # fmt: skip

    def get_root(self, head: SignedHead) -> str:
        return bytes(head.root).hex()

    def get_public_key(self, head: SignedHead) -> str:
        """Raw Ed25519 public key, base64."""
        return signing.b64(head.public_key)

    def get_public_key_pem(self, head: SignedHead) -> str:
        return signing.public_key_pem(head.public_key)

    def get_signature(self, head: SignedHead) -> str:
        """Ed25519 signature of ``signed_text`` (UTF-8), base64."""
        return signing.b64(head.signature)

    def get_signed_text(self, head: SignedHead) -> str:
        return signing.head_message(
            origin=head.origin, algorithm=head.algorithm, size=head.size,
            root=bytes(head.root), signed_at=head.signed_at,
        ).decode()  # fmt: skip


class SignedHeadViewSet(viewsets.ReadOnlyModelViewSet):
    """Signed tree heads (签名树头), newest first; one by its size, or the latest."""

    serializer_class = SignedHeadSerializer
    permission_classes = [AllowAny]
    lookup_field = "size"
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return selectors.signed_heads()

    @action(detail=False, url_path="latest")
    def latest(self, request: Request) -> Response:
        head = selectors.latest_head()
        if head is None:
            raise Http404
        return Response(self.get_serializer(head).data)


def _log_size() -> int:
    size, _root, _algorithm = current_root()
    return size


class InclusionQuery(serializers.Serializer):
    index = serializers.IntegerField(
        min_value=0, max_value=MAX_SIZE, help_text="叶序号（从 0 起） / leaf index, from 0"
    )
    size = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, help_text="树的大小 / tree size"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["size"] > _log_size():
            raise serializers.ValidationError({"size": _("The log is not that large yet.")})
        if attrs["index"] >= attrs["size"]:
            raise serializers.ValidationError({"index": _("The index must be below the size.")})
        return attrs


class InclusionProofSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    size = serializers.IntegerField()
    algorithm = serializers.CharField()
    leaf_hash = serializers.CharField()
    root = serializers.CharField()
    audit_path = serializers.ListField(child=serializers.CharField())


class ConsistencyQuery(serializers.Serializer):
    first = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, help_text="较早的树大小 / older size"
    )
    second = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, help_text="较新的树大小 / newer size"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["second"] > _log_size():
            raise serializers.ValidationError({"second": _("The log is not that large yet.")})
        if attrs["first"] > attrs["second"]:
            raise serializers.ValidationError(
                {"first": _("The older size must not exceed the newer size.")}
            )
        return attrs


class ConsistencyProofSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    algorithm = serializers.CharField()
    first_root = serializers.CharField()
    second_root = serializers.CharField()
    consistency_path = serializers.ListField(child=serializers.CharField())


class InclusionProofView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="ledger_inclusion_proof",
        tags=["ledger"],
        summary="包含性证明 / inclusion proof (RFC 9162 §2.1.3)",
        parameters=[InclusionQuery],
        responses={200: InclusionProofSerializer},
    )
    def get(self, request: Request) -> Response:
        query = InclusionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        index, size = query.validated_data["index"], query.validated_data["size"]
        tree = selectors.stored_tree()
        leaf, path = tree.inclusion(index, size)
        data = {
            "index": index, "size": size, "algorithm": tree.algorithm, "leaf_hash": leaf.hex(),
            "root": tree.root(size).hex(), "audit_path": [item.hex() for item in path],
        }  # fmt: skip
        return Response(InclusionProofSerializer(data).data)


class ConsistencyProofView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="ledger_consistency_proof",
        tags=["ledger"],
        summary="一致性证明 / consistency proof (RFC 9162 §2.1.4)",
        parameters=[ConsistencyQuery],
        responses={200: ConsistencyProofSerializer},
    )
    def get(self, request: Request) -> Response:
        query = ConsistencyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        first, second = query.validated_data["first"], query.validated_data["second"]
        tree = selectors.stored_tree()
        data = {
            "first": first, "second": second, "algorithm": tree.algorithm,
            "first_root": tree.root(first).hex(), "second_root": tree.root(second).hex(),
            "consistency_path": [item.hex() for item in tree.consistency(first, second)],
        }  # fmt: skip
        return Response(ConsistencyProofSerializer(data).data)


routes = [("ledger/heads", SignedHeadViewSet, "ledger-head")]
urlpatterns = [
    path("ledger/proofs/inclusion/", InclusionProofView.as_view(), name="ledger-inclusion"),
    path("ledger/proofs/consistency/", ConsistencyProofView.as_view(), name="ledger-consistency"),
]
