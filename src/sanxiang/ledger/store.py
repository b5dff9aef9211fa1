"""The evidence store: files kept under the hash of their content, on Django's storage API.

A file is hashed while it streams into a staging file (it is read once), then moved into
place under its hash (an atomic rename on a local disk; a single PUT or completed multipart
upload on S3-compatible storage). Only then are its ``Blob`` row and ledger entry written, in
one transaction. A broken upload or a crash therefore leaves no blob and no entry; the same
content stored twice is kept once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction

from sanxiang.ledger import services
from sanxiang.ledger.models import Blob, Entry
from sanxiang.ledger.selectors import log_algorithm

STORAGE_ALIAS = "ledger"
CHUNK_SIZE = 1024 * 1024
PREFIX = "ledger/blobs"


class StagedFile(File):
    """A staging file Django's file-system storage can move into place (no copy)."""

    def temporary_file_path(self) -> str:
        return str(self.name)


def storage() -> Storage:
    return storages[STORAGE_ALIAS]


def blob_name(digest: str) -> str:
    return f"{PREFIX}/{digest[:2]}/{digest[2:4]}/{digest}"


def _staging_dir(target: Storage) -> str | None:
    if isinstance(target, FileSystemStorage):
        # On the same file system as the blobs, so that the final move is a rename.
        path = Path(target.path("ledger/staging"))
        path.mkdir(parents=True, exist_ok=True)
        return str(path)
    return None


def _new_hash(algorithm: str) -> Any:
    return hashlib.sha256() if algorithm == "sha256" else hashlib.new(algorithm)


def rehash(handle: IO[bytes], algorithm: str) -> tuple[str, int]:
    """The hex digest and size of everything left in ``handle``."""
    hasher, size = _new_hash(algorithm), 0
    while chunk := handle.read(CHUNK_SIZE):
        hasher.update(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def _stage(fileobj: IO[bytes], directory: str | None, algorithm: str) -> tuple[str, str, int]:
    """Copy ``fileobj`` to a staging file, hashing as it goes: (path, digest, size)."""
    hasher, size = _new_hash(algorithm), 0
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix="upload-", delete=False)  # noqa: SIM115
    try:
        with handle:
            while chunk := fileobj.read(CHUNK_SIZE):
                hasher.update(chunk)
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(handle.name)
        raise
    return handle.name, hasher.hexdigest(), size


def store_file(
    *,
    fileobj: IO[bytes],
    actor: Any,
    kind: str,
    subject: str = "",
    name: str = "",
    payload: dict[str, Any] | None = None,
) -> Blob:
    """Store a file and append a ledger entry recording it; returns the (possibly old) blob.

    The entry's payload is ``payload`` plus ``file``: {digest, algorithm, size, name}. The
    new entry is ``blob.entry``. Call it outside the caller's transaction when the file is
    large (docs/contributing.md: file bytes stream outside it); the rows join it anyway.
    """
    algorithm = log_algorithm()
    target = storage()
    path, digest, size = _stage(fileobj, _staging_dir(target), algorithm)
    created = False
    try:
        stored_name = blob_name(digest)
        if not target.exists(stored_name):
            with open(path, "rb") as staged:
                stored_name = target.save(stored_name, StagedFile(staged, name=path))
            created = True
        file = {"algorithm": algorithm, "digest": digest, "name": name, "size": size}
        with transaction.atomic():
            Blob.objects.bulk_create(
                [Blob(digest=digest, algorithm=algorithm, size=size, name=stored_name)],
                ignore_conflicts=True,
            )
            entry = services.append(
                kind=kind, payload={**(payload or {}), "file": file}, actor=actor, subject=subject
            )
    except BaseException:
        if created and not Blob.objects.filter(digest=digest).exists():
            target.delete(stored_name)
        raise
    finally:
        if os.path.exists(path):
            os.unlink(path)
    blob = Blob.objects.get(digest=digest)
    blob.entry = entry  # type: ignore[attr-defined]
    return blob


def clean_staging(*, older_than_seconds: int = 24 * 3600) -> int:
    """Remove staging files left by uploads that crashed (never blobs); returns the count."""
    directory = _staging_dir(storage())
    if directory is None:
        return 0
    cutoff, removed = time.time() - older_than_seconds, 0
    for path in Path(directory).glob("upload-*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def get_blob(digest: str) -> Blob | None:
    return Blob.objects.filter(digest=digest.lower()).first()


def open_blob(blob: Blob) -> IO[bytes]:
    """The stored file, opened for reading (raises FileNotFoundError if it is gone)."""
    target = storage()
    if not target.exists(blob.name):
        raise FileNotFoundError(blob.name)
    handle: IO[bytes] = target.open(blob.name, "rb")
    return handle


def open_blob_by_hash(digest: str) -> IO[bytes]:
    """Open a stored file by its hex hash (raises ``Blob.DoesNotExist`` if never stored)."""
    return open_blob(Blob.objects.get(digest=digest.lower()))


def entries_for_blob(digest: str) -> list[Entry]:
    return list(Entry.objects.filter(blob=digest.lower()).order_by("seq"))
