"""The tamper-evident log (账本), its Merkle tree, signed tree heads and stored files.

``Entry``, ``Node``, ``SignedHead``, ``SigningKey`` and ``Blob`` are append-only (database triggers, see
``triggers.py``); ``LogState`` is a cache of the tree's right edge that appends update.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from django.db import NotSupportedError, models
from django.utils.translation import gettext_lazy as _


class RecordText(models.Func):
    """A value inside an entry's record, extracted by the database (for generated columns)."""

    def __init__(self, *path: str, integer: bool = False, default: str | None = None) -> None:
        self.path, self.integer, self.default = path, integer, default
        super().__init__(output_field=models.BigIntegerField() if integer else models.CharField())

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        raise NotSupportedError(f"no JSON extraction for {connection.vendor}")

    def _wrap(self, sql: str) -> str:
        return sql if self.default is None else f"COALESCE({sql}, '{self.default}')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        return self._wrap(f"json_extract(\"record\", '$.{'.'.join(self.path)}')"), []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql = f"((\"record\")::jsonb #>> '{{{','.join(self.path)}}}')"
        return self._wrap(f"({sql})::bigint" if self.integer else sql), []


class LogState(models.Model):
    """The current head of the log (账本状态): its size and the right edge of its tree."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(_("size"), default=0)
    algorithm = models.CharField(_("hash algorithm"), max_length=16, blank=True)
    # Hashes of the perfect subtrees that make up the tree, largest first (one per set bit
    # of ``size``): enough to append and to compute the root without reading the tree.
    frontier = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("log state")
        verbose_name_plural = _("log states")

    def __str__(self) -> str:
        return f"{self.size}"


class Entry(models.Model):
    """One record in the tamper-evident log (账本条目); ``record`` is the Merkle leaf."""

    seq = models.BigIntegerField(_("number"), primary_key=True)
    # The leaf data: canonical JSON of actor, kind, payload, subject and time.
    record = models.TextField(_("record"))
    # Parts of the record for searching, computed by the database from ``record`` itself
    # (generated columns): they cannot be written, so they cannot disagree with it.
    kind = models.GeneratedField(
        expression=RecordText("kind"), output_field=models.CharField(_("kind"), max_length=64),
        db_persist=True, db_index=True,
    )  # fmt: skip
    subject = models.GeneratedField(
        expression=RecordText("subject"),
        output_field=models.CharField(_("subject"), max_length=200),
        db_persist=True, db_index=True,
    )  # fmt: skip
    blob = models.GeneratedField(
        expression=RecordText("payload", "file", "digest", default=""),
        output_field=models.CharField(_("file hash"), max_length=64),
        db_persist=True, db_index=True,
    )  # fmt: skip

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["seq"]
        permissions = [("export_package", _("Can export evidence packages"))]
        # A subject's latest entry in one index seek: each append names it (``prev``).
        indexes = [models.Index(fields=["subject", "seq"], name="ledger_entry_subject_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"

    @cached_property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.record)
        return value

    @property
    def payload(self) -> dict[str, Any]:
        value: dict[str, Any] = self.data["payload"]
        return value

    @property
    def time(self) -> str:
        return str(self.data["time"])

    @property
    def actor_id(self) -> int | None:
        value = self.data["actor_id"]
        return None if value is None else int(value)

    @property
    def actor_name(self) -> str:
        return str(self.data["actor_name"])


class Node(models.Model):
    """A perfect subtree's hash in the log's Merkle tree (level 0: the leaf hashes)."""

    pk = models.CompositePrimaryKey("level", "position")
    level = models.PositiveSmallIntegerField()
    position = models.BigIntegerField()
    hash = models.BinaryField()

    class Meta:
        verbose_name = _("tree node")
        verbose_name_plural = _("tree nodes")

    def __str__(self) -> str:
        return f"{self.level}/{self.position}"


class SignedHead(models.Model):
    """A signed tree head (签名树头): the log's size and root, signed with the platform's key."""

    size = models.BigIntegerField(_("size"))
    root = models.BinaryField(_("root hash"))
    algorithm = models.CharField(_("hash algorithm"), max_length=16)
    origin = models.CharField(_("log name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))
    key_id = models.CharField(_("key id"), max_length=16)
    public_key = models.BinaryField(_("public key"))
    signature = models.BinaryField(_("signature"))

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        ordering = ["-size"]
        constraints = [models.UniqueConstraint(fields=["size"], name="ledger_one_head_per_size")]

    def __str__(self) -> str:
        return f"{self.size} {bytes(self.root).hex()[:16]}"


class SigningKey(models.Model):
    """A key that signs tree heads (签名密钥): its public part, kept for ever.

    A key is valid from ``valid_from`` until the next key's ``valid_from`` (its rotation):
    the table only grows, and the current key is the latest one.
    """

    key_id = models.CharField(_("key id"), max_length=16, primary_key=True)
    public_key = models.BinaryField(_("public key"))
    valid_from = models.DateTimeField(_("valid from"), unique=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.key_id


class Blob(models.Model):
    """A stored file (存证文件), addressed and deduplicated by the hash of its content."""

    digest = models.CharField(_("hash"), max_length=64, primary_key=True)
    algorithm = models.CharField(_("hash algorithm"), max_length=16)
    size = models.BigIntegerField(_("size in bytes"))
    name = models.CharField(_("storage name"), max_length=255)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.algorithm}:{self.digest}"


class Checkpoint(models.Model):
    """A signed checkpoint (签名检查点): the log's size and root as a C2SP tlog-checkpoint in a
    signed note, signed with the platform's key; witnesses' cosignatures are kept beside it."""

    size = models.BigIntegerField(_("size"), unique=True)
    origin = models.CharField(_("log name"), max_length=200)
    root = models.BinaryField(_("root hash"))
    # The signed note exactly as issued: checkpoint text, a blank line, the log's signature.
    note = models.TextField(_("signed checkpoint"))
    key_id = models.CharField(_("key id"), max_length=16)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signed checkpoint")
        verbose_name_plural = _("signed checkpoints")
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"{self.origin} {self.size}"

    @property
    def text(self) -> str:
        """The checkpoint's note text (origin, size, root), without signatures."""
        return self.note[: self.note.rfind("\n\n") + 1]


class CheckpointTimestamp(models.Model):
    """An RFC 3161 time-stamp token (可信时间戳) over a signed checkpoint, from the agency's
    time-stamping authority."""

    checkpoint = models.OneToOneField(
        Checkpoint, on_delete=models.PROTECT, related_name="timestamp", verbose_name=_("checkpoint")
    )
    authority = models.CharField(_("time-stamping authority"), max_length=300)
    token = models.BinaryField(_("time-stamp token (DER)"))
    stamped_at = models.DateTimeField(_("time in the token"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted timestamp")
        verbose_name_plural = _("trusted timestamps")

    def __str__(self) -> str:
        return f"{self.checkpoint_id} @ {self.stamped_at:%Y-%m-%dT%H:%M:%SZ}"


class Witness(models.Model):
    """A witness this log accepts cosignatures from (见证方), e.g. the district justice bureau
    or a court: its cosigner name and Ed25519 public key (C2SP tlog-cosignature)."""

    name = models.CharField(_("cosigner name"), max_length=200)
    key_id = models.CharField(_("key id"), max_length=8)
    public_key = models.BinaryField(_("public key"))
    label = models.CharField(_("who the witness is"), max_length=200)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    active = models.BooleanField(_("accepted"), default=True)

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["name", "key_id"], name="ledger_witness_key_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Cosignature(models.Model):
    """A witness's cosignature (见证签名) of one of this log's checkpoints, as received."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="cosignatures",
        verbose_name=_("checkpoint"),
    )  # fmt: skip
    witness = models.ForeignKey(
        Witness, on_delete=models.PROTECT, related_name="cosignatures", verbose_name=_("witness")
    )
    line = models.TextField(_("signature line"))
    cosigned_at = models.DateTimeField(_("cosigned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cosignature")
        verbose_name_plural = _("cosignatures")
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness"], name="ledger_one_cosignature_per_witness"
            )
        ]

    def __str__(self) -> str:
        return f"{self.witness} @ {self.checkpoint_id}"


class WatchedLog(models.Model):
    """Another installation's log that this installation witnesses (被见证的账本): the keys it
    trusts for it and the latest checkpoint it has cosigned."""

    origin = models.CharField(_("log name"), max_length=200, unique=True)
    url = models.CharField(_("address"), max_length=500)
    keys = models.JSONField(_("trusted verifier keys"), default=list)
    size = models.BigIntegerField(_("size cosigned"), default=0)
    root = models.BinaryField(_("root hash cosigned"), default=b"")
    checkpoint = models.TextField(_("latest checkpoint cosigned"), blank=True)
    cosigned_at = models.DateTimeField(_("cosigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("witnessed log")
        verbose_name_plural = _("witnessed logs")

    def __str__(self) -> str:
        return self.origin


class ForkEvidence(models.Model):
    """Evidence that a witnessed log forked (分叉证据): two signed checkpoints that cannot both
    be true, or one that does not extend what was cosigned, kept as the witness received them."""

    origin = models.CharField(_("log name"), max_length=200)
    url = models.CharField(_("address"), max_length=500)
    reason = models.TextField(_("what is wrong"))
    cosigned = models.TextField(_("checkpoint cosigned before"))
    received = models.TextField(_("checkpoint received"))
    proof = models.JSONField(_("consistency proof received"), default=list)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fork evidence")
        verbose_name_plural = _("fork evidence")
        ordering = ["-found_at"]

    def __str__(self) -> str:
        return f"{self.origin} {self.found_at:%Y-%m-%d}"


class PackageLink(models.Model):
    """A time-limited, revocable link to a subject's evidence package (证据包下载链接), issued
    by the agency to the party or a court; every download is logged."""

    class Kind(models.TextChoices):
        PARTY = "party", _("the party")
        COURT = "court", _("a court")

    token_hash = models.CharField(max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    label = models.CharField(_("what it is for"), max_length=200)
    kind = models.CharField(_("recipient"), max_length=10, choices=Kind.choices)
    recipient = models.CharField(_("recipient's name and reference"), max_length=200)
    # The ledger comes before the people's app: users by id and name, as in entries.
    issued_by_id = models.BigIntegerField()
    issued_by_name = models.CharField(_("issued by"), max_length=150)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by_name = models.CharField(_("revoked by"), max_length=150, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evidence package link")
        verbose_name_plural = _("evidence package links")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.label} → {self.recipient}"


class PackageDownload(models.Model):
    """One download of an evidence package through a link (下载记录)."""

    link = models.ForeignKey(PackageLink, on_delete=models.PROTECT, related_name="downloads")
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True)
    address = models.CharField(_("network address"), max_length=64, blank=True)
    entry = models.BigIntegerField(_("ledger entry of the issue"))

    class Meta:
        verbose_name = _("package download")
        verbose_name_plural = _("package downloads")
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.link_id} {self.downloaded_at:%Y-%m-%d %H:%M}"
