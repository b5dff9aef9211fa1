"""The evidence store: content-addressed, streamed, atomic, deduplicated, SHA-256 or SM3,
on the local disk and on S3-compatible storage (moto's server on loopback)."""

from __future__ import annotations

import hashlib
import io
import os
import socket

import pytest

from sanxiang.ledger import store
from sanxiang.ledger.canonical import NotCanonical
from sanxiang.ledger.choices import FaultKind
from sanxiang.ledger.models import Blob, Entry
from sanxiang.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


class OneWayStream:
    """A network-like stream: read() only, no seek; optionally breaks after some bytes."""

    def __init__(self, data: bytes, *, break_after: int | None = None) -> None:
        self._data, self._offset, self._break_after = data, 0, break_after
        self.reads = 0

    def read(self, size: int = -1) -> bytes:
        if self._break_after is not None and self._offset >= self._break_after:
            raise ConnectionResetError("the client went away")
        size = len(self._data) if size < 0 else size
        chunk = self._data[self._offset : self._offset + size]
        self._offset += len(chunk)
        self.reads += 1
        return chunk


def _files_under(root):
    return sorted(
        os.path.relpath(os.path.join(d, f), root) for d, _dirs, fs in os.walk(root) for f in fs
    )


def test_a_file_is_stored_under_its_sha256_and_recorded_in_the_ledger(officer, settings):
    data = os.urandom(3 * store.CHUNK_SIZE + 17)
    blob = store.store_file(
        fileobj=OneWayStream(data), actor=officer, kind="records.recording",
        subject="case:2025-001", name="现场执法.mp4", payload={"proves": "当事人在场"},
    )  # fmt: skip
    digest = hashlib.sha256(data).hexdigest()
    assert (blob.digest, blob.size, blob.algorithm) == (digest, len(data), "sha256")
    with store.open_blob_by_hash(digest) as handle:
        assert handle.read() == data
    entry = blob.entry
    assert entry.blob == digest and entry.kind == "records.recording"
    assert entry.payload["file"] == {
        "algorithm": "sha256", "digest": digest, "name": "现场执法.mp4", "size": len(data),
    }  # fmt: skip
    assert entry.payload["proves"] == "当事人在场"
    assert _files_under(settings.MEDIA_ROOT) == [
        f"ledger/blobs/{digest[:2]}/{digest[2:4]}/{digest}"
    ]


def test_the_same_content_is_stored_once_but_each_storing_is_recorded(settings):
    first = store.store_file(fileobj=io.BytesIO(b"same"), actor=None, kind="k", name="a.jpg")
    second = store.store_file(fileobj=io.BytesIO(b"same"), actor=None, kind="k", name="b.jpg")
    assert first.digest == second.digest
    assert Blob.objects.count() == 1
    assert [e.payload["file"]["name"] for e in store.entries_for_blob(first.digest)] == [
        "a.jpg",
        "b.jpg",
    ]
    assert len(_files_under(settings.MEDIA_ROOT)) == 1


def test_a_broken_upload_leaves_neither_a_blob_nor_an_entry_nor_a_stray_file(settings):
    stream = OneWayStream(os.urandom(5 * store.CHUNK_SIZE), break_after=2 * store.CHUNK_SIZE)
    with pytest.raises(ConnectionResetError):
        store.store_file(fileobj=stream, actor=None, kind="records.recording")
    assert not Blob.objects.exists()
    assert not Entry.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_refused_entry_takes_the_new_file_away_again(settings):
    with pytest.raises(NotCanonical):
        store.store_file(fileobj=io.BytesIO(b"x"), actor=None, kind="k", payload={"f": 1.5})
    assert not Blob.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_the_stream_is_read_only_once():
    stream = OneWayStream(b"a" * (2 * store.CHUNK_SIZE))
    store.store_file(fileobj=stream, actor=None, kind="k")
    # two chunks and the empty read that ends the stream; never a second pass
    assert stream.reads == 3


def test_an_sm3_deployment_addresses_files_by_their_sm3_hash(settings):
    settings.LEDGER_HASH_ALGORITHM = "sm3"
    blob = store.store_file(fileobj=io.BytesIO(b"guomi"), actor=None, kind="k")
    assert blob.algorithm == "sm3"
    assert blob.digest == hashlib.new("sm3", b"guomi").hexdigest()
    assert verify_ledger(files=True).ok


# --- S3-compatible storage -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    import boto3

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    bucket = f"evidence-{_free_port()}"
    options = {
        "bucket_name": bucket, "endpoint_url": s3_server, "access_key": "test",
        "secret_key": "test-secret", "region_name": "us-east-1", "addressing_style": "path",
        "signature_version": "s3v4", "default_acl": None, "file_overwrite": True,
    }  # fmt: skip
    client = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="test",
        aws_secret_access_key="test-secret", region_name="us-east-1",
    )  # fmt: skip
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "ledger": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return client, bucket


@pytest.mark.slow
def test_files_are_stored_on_s3_compatible_storage_and_verified_there(s3_storage, settings):
    client, bucket = s3_storage
    data = os.urandom(6 * 1024 * 1024 + 5)  # above boto3's multipart threshold
    blob = store.store_file(fileobj=OneWayStream(data), actor=None, kind="records.recording")
    again = store.store_file(fileobj=io.BytesIO(data), actor=None, kind="records.recording")
    assert again.digest == blob.digest
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [store.blob_name(blob.digest)]
    assert client.get_object(Bucket=bucket, Key=keys[0])["Body"].read() == data
    assert _files_under(settings.MEDIA_ROOT) == []
    with store.open_blob(blob) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == blob.digest
    assert verify_ledger(files=True).ok

    client.put_object(Bucket=bucket, Key=keys[0], Body=b"forged")
    assert [f.kind for f in verify_ledger(files=True).faults] == [FaultKind.FILE_ALTERED]
    client.delete_object(Bucket=bucket, Key=keys[0])
    assert [f.kind for f in verify_ledger(files=True).faults] == [FaultKind.FILE_MISSING]


@pytest.mark.slow
def test_a_broken_upload_to_s3_leaves_no_object(s3_storage):
    client, bucket = s3_storage
    stream = OneWayStream(os.urandom(3 * store.CHUNK_SIZE), break_after=store.CHUNK_SIZE)
    with pytest.raises(ConnectionResetError):
        store.store_file(fileobj=stream, actor=None, kind="k")
    assert client.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    assert not Blob.objects.exists()


# --- a real crash: the storing process is killed mid-upload ----------------------------

CRASHING_UPLOAD = """
import os, sys, time
import django
django.setup()
from sanxiang.ledger import store

class Slow:
    def __init__(self):
        self.sent = 0
    def read(self, size=-1):
        if self.sent == 2:
            print("streaming", flush=True)
        time.sleep(0.05)
        self.sent += 1
        return os.urandom(store.CHUNK_SIZE)

store.store_file(fileobj=Slow(), actor=None, kind="records.recording")
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_upload_leaves_neither_blob_nor_entry(settings, tmp_path):
    import signal
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the storing process needs a server database (run with DATABASE_URL=postgres…)")
    s = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanxiang.settings",
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}",
        "SANXIANG_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_UPLOAD], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "streaming"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    assert not Blob.objects.exists()
    assert not Entry.objects.exists()
    files = _files_under(settings.MEDIA_ROOT)
    assert files and all(f.startswith("ledger/staging/upload-") for f in files)
    assert store.clean_staging(older_than_seconds=0) == len(files)
    assert _files_under(settings.MEDIA_ROOT) == []
