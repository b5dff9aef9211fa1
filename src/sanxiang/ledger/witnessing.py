"""Witnesses (见证): other installations cosign this log's checkpoints, and this installation
cosigns theirs (C2SP tlog-cosignature, Ed25519, timestamped).

A witness — the district justice bureau, a court — runs ``sanxiang witness URL`` against an
agency's installation: it fetches the latest checkpoint, checks the signature with the log
key it was given once (from the agency's /ledger/ page or a paper document), checks that the
checkpoint extends the last one it cosigned (RFC 9162 consistency proof), cosigns, and posts
the cosignature to the log's submission endpoint. A checkpoint that contradicts what it
cosigned before — another root for the same size, or a proof that does not verify — is a
fork: it refuses, keeps both signed checkpoints and the proof as ``ForkEvidence``, and
records the finding in its own ledger.

The log accepts cosignatures only from witnesses registered with ``register_witness`` and
only for checkpoints it signed; it publishes them after its own signature line.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.ledger import merkle, note, services, signing
from sanxiang.ledger.models import Checkpoint, Cosignature, ForkEvidence, WatchedLog, Witness

MAX_CLOCK_SKEW = 600  # seconds a cosignature's time may be ahead of ours
HTTP_TIMEOUT = 30
MAX_RESPONSE = 1024 * 1024
FORK_KIND = "ledger.fork_found"
COSIGNED_KIND = "ledger.witness_cosigned"


class WitnessError(ValueError):
    """A cosignature or checkpoint is refused; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# --- The log's side: registered witnesses and the submission endpoint ----------------------


def register_witness(*, actor: Any, label: str, key: str) -> Witness:
    """Accept cosignatures from the witness with this verifier key (name+hash+key, type 0x04)."""
    label = label.strip()
    if not label or len(label) > 200:
        raise WitnessError(_("Give who the witness is (1 to 200 characters)."))
    try:
        vkey = note.parse_verifier_key(key)
    except note.NoteError as exc:
        raise WitnessError(_("The witness key is malformed: %(error)s") % {"error": exc}) from exc
    if vkey.sig_type != note.COSIGNATURE_ED25519:
        raise WitnessError(_("This is not a cosignature key (its type byte must be 0x04)."))
    with transaction.atomic():
        if Witness.objects.filter(name=vkey.name, key_id=vkey.id.hex()).exists():
            raise WitnessError(_("This witness key is already registered."))
        witness = Witness.objects.create(
            name=vkey.name, key_id=vkey.id.hex(), public_key=vkey.public, label=label
        )
        services.append(
            kind="ledger.witness_registered", actor=actor, subject=f"witness:{witness.pk}",
            payload={"label": label, "key": str(vkey)},
        )  # fmt: skip
    return witness


def witness_key_of(witness: Witness) -> note.VerifierKey:
    return note.VerifierKey(
        witness.name, bytes.fromhex(witness.key_id), note.COSIGNATURE_ED25519,
        bytes(witness.public_key),
    )  # fmt: skip


def _signed_checkpoint(body: bytes) -> tuple[note.Note, Checkpoint]:
    try:
        received = note.parse_note(body)
        parsed = note.parse_checkpoint(received.text)
    except note.NoteError as exc:
        raise WitnessError(_("Malformed checkpoint: %(error)s") % {"error": exc}) from exc
    checkpoint = Checkpoint.objects.filter(size=parsed.size, origin=parsed.origin).first()
    if checkpoint is None or checkpoint.text != received.text:
        raise WitnessError(_("This log did not sign that checkpoint."), status=404)
    return received, checkpoint


def accept_cosignatures(body: bytes) -> list[Cosignature]:
    """Store the cosignatures of registered witnesses found in a cosigned checkpoint.

    Every signature by a registered witness must verify, or nothing is stored; signatures
    by unknown keys are ignored (C2SP signed-note), but at least one must be known.
    """
    received, checkpoint = _signed_checkpoint(body)
    known = {(w.name, bytes.fromhex(w.key_id)): w for w in Witness.objects.filter(active=True)}
    found: list[tuple[Witness, note.Signature]] = []
    for signature in received.signatures:
        witness = known.get((signature.name, signature.id))
        if witness is None:
            continue
        try:
            note.verified_by(note.Note(received.text, (signature,)), [witness_key_of(witness)])
        except note.NoteError as exc:
            raise WitnessError(
                _("The cosignature of %(name)s does not verify.") % {"name": witness.label},
                status=403,
            ) from exc
        if note.cosignature_time(signature) > time.time() + MAX_CLOCK_SKEW:
            raise WitnessError(_("The cosignature is dated in the future."))
        found.append((witness, signature))
    if not found:
        raise WitnessError(_("No cosignature by a registered witness."), status=403)
    stored = []
    with transaction.atomic():
        for witness, signature in found:
            if Cosignature.objects.filter(checkpoint=checkpoint, witness=witness).exists():
                continue
            stamp = dt.datetime.fromtimestamp(note.cosignature_time(signature), tz=dt.UTC)
            try:
                with transaction.atomic():
                    stored.append(
                        Cosignature.objects.create(
                            checkpoint=checkpoint,
                            witness=witness,
                            line=signature.line,
                            cosigned_at=stamp,
                        )
                    )
            except IntegrityError:  # the same cosignature posted twice at once
                continue
    return stored


# --- The witness's side: ``sanxiang witness URL`` ------------------------------------------


def witness_private_key() -> Ed25519PrivateKey:
    """This installation's witness key: SANXIANG_WITNESS_KEY[_FILE], or the demo's under
    SANXIANG_VAR_DIR (a key of its own, never the log's signing key)."""
    pem = settings.WITNESS_KEY
    if not pem:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("SANXIANG_WITNESS_KEY must be set to witness in production")
        path = Path(settings.WITNESS_DEMO_KEY_PATH)
        if not path.exists():
            signing._generate_demo_key(path)
        pem = path.read_text(encoding="ascii")
    return signing.load_private_key(pem)


def own_witness_key() -> note.VerifierKey:
    public = signing.raw_public_key(witness_private_key())
    return note.verifier_key(settings.WITNESS_NAME, public, note.COSIGNATURE_ED25519)


@dataclass
class Outcome:
    """What one witnessing run did; ``fork`` is set when a fork was found (and kept)."""

    origin: str = ""
    size: int = 0
    cosigned: bool = False
    submitted: bool = False
    message: str = ""
    fork: ForkEvidence | None = None


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "sanxiang-witness"})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        return bytes(response.read(MAX_RESPONSE))


def _post(url: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "text/plain; charset=utf-8", "User-Agent": "sanxiang-witness"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.read(MAX_RESPONSE).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(MAX_RESPONSE).decode("utf-8", "replace")


def base_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise WitnessError(_("Give the installation's address, e.g. https://zfj.example.gov.cn/"))
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _consistency(base: str, old: int, new: int) -> list[bytes]:
    query = urllib.parse.urlencode({"old": old, "new": new})
    data = json.loads(_get(f"{base}/ledger/api/proofs/consistency.json?{query}"))
    return [bytes.fromhex(item) for item in data["proof"]]


def _algorithm(checkpoint: note.Checkpoint) -> str:
    for line in checkpoint.extensions:
        if line.startswith("hash "):
            return line[5:]
    return "sha256"


def _keep_fork(*, watched: WatchedLog, base: str, received: str, proof: list[bytes],
               reason: str) -> ForkEvidence:  # fmt: skip
    with transaction.atomic():
        evidence = ForkEvidence.objects.create(
            origin=watched.origin, url=base, reason=reason, cosigned=watched.checkpoint,
            received=received, proof=[base64.b64encode(p).decode() for p in proof],
        )  # fmt: skip
        services.append(
            kind=FORK_KIND, actor=None, subject=f"witnessed:{watched.origin}",
            payload={"evidence": evidence.pk, "reason": reason, "url": base,
                     "cosigned": watched.checkpoint, "received": received},
        )  # fmt: skip
    return evidence


def _fetch_checkpoint(base: str) -> tuple[str, note.Note, note.Checkpoint]:
    try:
        raw = _get(f"{base}/ledger/checkpoint")
        received = note.parse_note(raw)
        return raw.decode(), received, note.parse_checkpoint(received.text)
    except note.NoteError as exc:
        raise WitnessError(
            _("The log's checkpoint is malformed: %(error)s") % {"error": exc}
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise WitnessError(
            _("Cannot reach %(url)s: %(error)s") % {"url": base, "error": exc}
        ) from exc


def _trusted(origin: str, base: str, log_key: str | None) -> WatchedLog:
    watched = WatchedLog.objects.filter(origin=origin).first()
    if log_key:
        try:
            vkey = note.parse_verifier_key(log_key)
        except note.NoteError as exc:
            raise WitnessError(_("The log key is malformed: %(error)s") % {"error": exc}) from exc
        if vkey.sig_type != note.ED25519 or vkey.name != origin:
            raise WitnessError(
                _("The key given is not the note key of %(origin)s.") % {"origin": origin}
            )
        if watched is None:
            watched = WatchedLog(origin=origin, url=base, keys=[str(vkey)])
        elif str(vkey) not in watched.keys:
            watched.keys = [*watched.keys, str(vkey)]
        return watched
    if watched is None:
        raise WitnessError(
            _("%(origin)s is not witnessed yet: give its verifier key with --log-key (from its "
              "ledger page or a paper document), once.") % {"origin": origin}
        )  # fmt: skip
    return watched


def _check_extends(watched: WatchedLog, base: str, new: note.Checkpoint, raw: str) -> Outcome:
    """None of a fork: the new checkpoint extends (or equals) the one cosigned before."""
    old_size, old_root = watched.size, bytes(watched.root)
    if watched.pk is None or not watched.checkpoint:
        return Outcome()
    if new.size == old_size:
        if new.root != old_root:
            reason = _("two different checkpoints for size %(size)s") % {"size": new.size}
            return Outcome(fork=_keep_fork(watched=watched, base=base, received=raw, proof=[],
                                           reason=str(reason)))  # fmt: skip
        return Outcome()
    small, large = (new.size, old_size) if new.size < old_size else (old_size, new.size)
    small_root, large_root = (new.root, old_root) if new.size < old_size else (old_root, new.root)
    try:
        proof = _consistency(base, small, large)
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise WitnessError(
            _("The log gave no consistency proof from %(old)s to %(new)s: %(error)s")
            % {"old": small, "new": large, "error": exc}
        ) from exc
    if not merkle.verify_consistency(
        small, large, small_root, large_root, proof, algorithm=_algorithm(new)
    ):
        reason = _("the checkpoint at %(new)s does not extend the one cosigned at %(old)s") % {
            "new": new.size, "old": old_size,
        }  # fmt: skip
        return Outcome(fork=_keep_fork(watched=watched, base=base, received=raw, proof=proof,
                                       reason=str(reason)))  # fmt: skip
    if new.size < old_size:
        raise WitnessError(
            _("The log shows size %(new)s, older than the %(old)s already cosigned: nothing to "
              "cosign (a log should not go back).") % {"new": new.size, "old": old_size}
        )  # fmt: skip
    return Outcome()


def witness_log(*, url: str, log_key: str | None = None, submit: bool = True) -> Outcome:
    """Fetch, check, cosign and submit the latest checkpoint of the log at ``url``."""
    base = base_url(url)
    raw, received, checkpoint = _fetch_checkpoint(base)
    watched = _trusted(checkpoint.origin, base, log_key)
    keys = [note.parse_verifier_key(k) for k in watched.keys]
    try:
        note.verified_by(received, keys)
    except note.NoteError as exc:
        raise WitnessError(
            _("The checkpoint is not signed by the log's key: %(error)s") % {"error": exc}
        ) from exc
    outcome = _check_extends(watched, base, checkpoint, raw)
    outcome.origin, outcome.size = checkpoint.origin, checkpoint.size
    if outcome.fork is not None:
        return outcome
    key = witness_private_key()
    line = note.cosign(received.text, name=settings.WITNESS_NAME, key=key,
                       timestamp=int(time.time()))  # fmt: skip
    with transaction.atomic():
        current = WatchedLog.objects.select_for_update().filter(origin=checkpoint.origin).first()
        if current is not None and current.size > checkpoint.size:
            raise WitnessError(_("Another run cosigned a larger checkpoint meanwhile."))
        watched.pk = current.pk if current is not None else None
        watched.url, watched.size, watched.root = base, checkpoint.size, checkpoint.root
        watched.checkpoint, watched.cosigned_at = raw, timezone.now()
        watched.save()
        services.append(
            kind=COSIGNED_KIND, actor=None, subject=f"witnessed:{checkpoint.origin}",
            payload={"size": checkpoint.size, "root": base64.b64encode(checkpoint.root).decode(),
                     "url": base},
        )  # fmt: skip
    outcome.cosigned = True
    if submit:
        cosigned = note.Note(received.text, (*received.signatures, line)).encode()
        status, text = _post(f"{base}/ledger/witness/add-cosignature", cosigned.encode())
        outcome.submitted = status == 200
        outcome.message = text.strip()
    return outcome
