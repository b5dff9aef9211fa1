"""REST endpoints of the ledger: signed tree heads and Merkle proofs (public, read-only).

Anyone outside the agency can hold the platform to its history:
fetch signed heads, then inclusion proofs (RFC 9162 §2.1.3) and consistency proofs
(§2.1.4) between signed heads, and check them with any RFC 9162 verifier, e.g.
``sanxiang.ledger.merkle``. The data are those of the portal's JSON (``package.head_json``,
``selectors.inclusion_for`` and ``consistency_for``): hashes in hex, keys and signatures in
base64. Entry records themselves are not public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sanxiang.ledger import package, selectors
from sanxiang.ledger.models import SignedHead

# Query integers are bounded well inside a 64-bit column.
MAX_SIZE = 2**62


class SignedHeadSerializer(serializers.Serializer):
    """A signed tree head as the portal publishes it (``package.head_json``)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # Declared here, not as attributes: "root" would shadow Field.root.
        text = serializers.CharField
        return {
            "origin": text(),
            "algorithm": text(),
            "size": serializers.IntegerField(),
            "root": text(help_text="根哈希（十六进制） / root hash, hex"),
            "time": text(help_text="签名时间（UTC） / signing time, UTC"),
            "key_id": text(),
            "public_key": text(help_text="Ed25519 公钥（base64） / public key"),
            "signature": text(help_text="Ed25519 签名（base64） / signature"),
        }

    def to_representation(self, instance: SignedHead) -> dict[str, Any]:
        return package.head_json(instance)


class SignedHeadViewSet(viewsets.ReadOnlyModelViewSet):
    """Signed tree heads (签名树头), newest first; one by its size, or the latest."""

    serializer_class = SignedHeadSerializer
    permission_classes = [AllowAny]
    lookup_field = "size"
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return selectors.signed_heads()

    @action(detail=False, url_path="latest", pagination_class=None, filter_backends=[])
    def latest(self, request: Request) -> Response:
        head = selectors.latest_head()
        if head is None:
            raise Http404
        return Response(self.get_serializer(head).data)


class InclusionQuery(serializers.Serializer):
    seq = serializers.IntegerField(
        min_value=0, max_value=MAX_SIZE, help_text="条目序号 / entry number"
    )
    size = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, required=False,
        help_text="签名树头的大小，缺省为最新 / signed head size, latest if omitted",
    )  # fmt: skip


class InclusionProofSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    tree_size = serializers.IntegerField()
    leaf_hash = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField())
    head = SignedHeadSerializer()


class ConsistencyQuery(serializers.Serializer):
    old = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, help_text="较早的签名树头大小 / earlier head size"
    )
    new = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, required=False,
        help_text="较新的签名树头大小，缺省为最新 / later head size, latest if omitted",
    )  # fmt: skip


class ConsistencyProofSerializer(serializers.Serializer):
    old = SignedHeadSerializer()
    new = SignedHeadSerializer()
    proof = serializers.ListField(child=serializers.CharField())


def _query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


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
        query = _query(InclusionQuery, request)
        try:
            proof = selectors.inclusion_for(seq=query["seq"], size=query.get("size"))
        except selectors.NoSuchProof as exc:
            raise Http404 from exc
        head: SignedHead = proof["head"]  # type: ignore[assignment]
        data = {
            "seq": proof["seq"], "tree_size": head.size,
            "leaf_hash": proof["leaf_hash"].hex(),  # type: ignore[attr-defined]
            "proof": [item.hex() for item in proof["path"]],  # type: ignore[attr-defined]
            "head": head,
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
        query = _query(ConsistencyQuery, request)
        try:
            proof = selectors.consistency_for(old=query["old"], new=query.get("new"))
        except selectors.NoSuchProof as exc:
            raise Http404 from exc
        data = {
            "old": proof["old"], "new": proof["new"],
            "proof": [item.hex() for item in proof["path"]],  # type: ignore[attr-defined]
        }  # fmt: skip
        return Response(ConsistencyProofSerializer(data).data)


class SigningKeySerializer(serializers.Serializer):
    """A key that signs or signed tree heads, with its validity (``package.key_json``)."""

    key_id = serializers.CharField(help_text="密钥指纹 / key fingerprint")
    public_key = serializers.CharField(help_text="Ed25519 公钥（base64） / public key")
    verifier_key = serializers.CharField(
        help_text="签名检查点的验证密钥（名称+校验值+密钥） / note verifier key, name+hash+key"
    )
    valid_from = serializers.CharField(
        allow_null=True, help_text="启用时间（UTC） / valid from, UTC"
    )
    valid_until = serializers.CharField(
        allow_null=True, help_text="停用时间（UTC），在用为空 / valid until, UTC; null if current"
    )


class SigningKeysView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="ledger_signing_keys",
        tags=["ledger"],
        summary="签名密钥及有效期 / every signing key with its validity, oldest first",
        responses={200: SigningKeySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        keys = [package.key_json(key) for key in selectors.signing_keys()]
        return Response(SigningKeySerializer(keys, many=True).data)


routes = [("ledger/heads", SignedHeadViewSet, "ledger-head")]
urlpatterns = [
    path("ledger/proofs/inclusion/", InclusionProofView.as_view(), name="ledger-inclusion"),
    path("ledger/proofs/consistency/", ConsistencyProofView.as_view(), name="ledger-consistency"),
    path("ledger/keys/", SigningKeysView.as_view(), name="ledger-keys"),
]
