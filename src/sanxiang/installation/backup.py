"""Backup and restore of a whole installation: the database, every stored file
(documents, recordings, ledger blobs), and the keys under ``SANXIANG_VAR_DIR``, as one tar
archive whose manifest lists the SHA-256 of every member.

The database goes in as Django's portable JSON (``dumpdata`` with natural keys), so an
archive made on SQLite restores onto PostgreSQL and back. A restore checks the whole archive
first, then loads the data in one transaction into an empty installation, then copies the
files and keys; ``sanxiang ledger verify --files`` afterwards proves nothing was lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "sanxiang-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
# Rebuilt by migrate, or worthless in a restored installation.
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions"]
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored; the message says why, in Chinese."""


def _storages() -> dict[str, Storage]:
    """The file stores to save, once each (the local ledger store lives inside MEDIA_ROOT)."""
    aliases = ["default", *(a for a in settings.STORAGES if a not in ("default", "staticfiles"))]
    found: dict[str, Storage] = {}
    seen: set[str] = set()
    for alias in dict.fromkeys(aliases):
        storage = storages[alias]
        where = str(getattr(storage, "location", alias))
        if where not in seen:
            seen.add(where)
            found[alias] = storage
    return found


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def _key_files() -> list[Path]:
    var = Path(settings.VAR_DIR)
    found = [p for p in (var / "keys").rglob("*") if p.is_file()] if (var / "keys").exists() else []
    secret = var / "secret_key"
    return [*found, secret] if secret.exists() else found


class _HashingReader:
    """Wraps a file so that reading it (once, by tarfile) also hashes it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


class _Writer:
    """Adds members to a tar archive and remembers each one's SHA-256 and size."""

    def __init__(self, archive: tarfile.TarFile) -> None:
        self.archive = archive
        self.members: dict[str, dict[str, Any]] = {}

    def add(self, name: str, handle: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
        reader = _HashingReader(handle)
        self.archive.addfile(info, reader)
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": size}


def _dump_database() -> bytes:
    out = io.StringIO()
    with transaction.atomic():  # one consistent snapshot
        call_command(
            "dumpdata", exclude=EXCLUDED_MODELS, natural_foreign=True, natural_primary=True,
            stdout=out, verbosity=0,
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def create_backup(target: Path) -> dict[str, Any]:
    """Write the archive to ``target`` (mode 0600: it holds keys) and return its manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
        target.chmod(0o600)
        writer = _Writer(archive)
        data = _dump_database()
        writer.add(DATABASE, io.BytesIO(data), len(data))
        for alias, storage in _storages().items():
            for name in _walk(storage):
                with storage.open(name, "rb") as handle:
                    writer.add(f"files/{alias}/{name}", handle, storage.size(name))
        var = Path(settings.VAR_DIR)
        for path in _key_files():
            with path.open("rb") as handle:
                writer.add(f"keys/{path.relative_to(var).as_posix()}", handle, path.stat().st_size)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": _migration_heads(),
            "members": writer.members,
        }
        blob = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(blob), 0o600
        archive.addfile(info, io.BytesIO(blob))
    return manifest


def _migration_heads() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    heads: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return heads


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    keys: int = 0
    skipped_keys: list[str] = field(default_factory=list)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    handle = archive.extractfile(name)
    if handle is None:
        raise BackupError(f"备份文件中的 {name} 不是普通文件。")
    return handle


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def check_archive(path: Path) -> dict[str, Any]:
    """Read the manifest and verify every member's hash; raise BackupError on any fault."""
    with _open(path) as archive:
        try:
            manifest: dict[str, Any] = json.loads(_member(archive, MANIFEST).read())
        except (KeyError, ValueError) as exc:
            raise BackupError(
                "备份文件缺少清单（manifest.json），不是完整的三项平台备份。"
            ) from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式：{manifest.get('format')}")
        present = {m.name for m in archive.getmembers()} - {MANIFEST}
        missing = sorted(set(manifest["members"]) - present)
        extra = sorted(present - set(manifest["members"]))
        if missing or extra:
            raise BackupError(f"备份文件内容与清单不符：缺少 {missing[:5]}，多出 {extra[:5]}")
        for name, expected in manifest["members"].items():
            if _sha256(_member(archive, name)) != expected["sha256"]:
                raise BackupError(f"备份文件已损坏：{name} 的校验值与清单不符。")
    return manifest


def _installation_is_empty() -> bool:
    """No agency, user or ledger entry yet (rows that migrations seed, such as the holiday
    notices or the recording rules, come back identical from the archive)."""
    from sanxiang.agencies.models import Agency, User
    from sanxiang.ledger.models import Entry

    return not (Agency.objects.exists() or User.objects.exists() or Entry.objects.exists())


def restore_backup(path: Path) -> RestoreReport:
    manifest = check_archive(path)
    call_command("migrate", verbosity=0, interactive=False)
    if not _installation_is_empty():
        raise BackupError("只能恢复到空的安装：当前数据库中已有数据。请使用新的数据库和数据目录。")
    report = RestoreReport()
    with _open(path) as archive:
        data = _member(archive, DATABASE).read()
        report.rows = _load_database(data)
        targets = _storages()
        for name in manifest["members"]:
            if name.startswith("files/"):
                alias, _, stored = name.removeprefix("files/").partition("/")
                if alias not in targets:
                    raise BackupError(f"备份中的存储“{alias}”在本安装中没有配置。")
                if not targets[alias].exists(stored):
                    targets[alias].save(stored, File(_member(archive, name)))
                report.files += 1
            elif name.startswith("keys/"):
                _restore_key(archive, name, report)
    return report


def _load_database(data: bytes) -> int:
    fixture = Path(settings.VAR_DIR) / f"restore-{dt.datetime.now():%Y%m%d%H%M%S%f}.json"
    fixture.write_bytes(data)
    try:
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink()
    return len(json.loads(data))


def _restore_key(archive: tarfile.TarFile, name: str, report: RestoreReport) -> None:
    target = Path(settings.VAR_DIR) / name.removeprefix("keys/")
    content = _member(archive, name).read()
    if target.exists() and target.read_bytes() != content:
        report.skipped_keys.append(str(target))  # never overwrite a different key silently
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    target.chmod(0o600)
    report.keys += 1
