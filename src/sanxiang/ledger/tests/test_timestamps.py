"""Trusted timestamps (RFC 3161) against a time-stamping authority run by the test itself on
loopback: checkpoints are stamped by ``tick``, the token is verified before it is stored,
published, put in packages and checked by the standalone verifier."""

from __future__ import annotations

import io
import zipfile

import pytest

from sanxiang.ledger import jobs, package, selectors, services, signing, timestamps
from sanxiang.ledger.models import CheckpointTimestamp
from sanxiang.ledger.tests.standalone import module, run_verifier
from sanxiang.ledger.tests.tsa import TimeStampingAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["ec", "rsa"])
def tsa(request, settings):
    authority = TimeStampingAuthority(request.param).start()
    settings.LEDGER_TSA_URL = authority.url
    settings.LEDGER_TSA_CA = authority.ca_pem
    yield authority
    authority.stop()


def _log(count: int = 3) -> None:
    for i in range(count):
        services.append(kind="k", payload={"i": i}, actor=None, subject="case:1")
    services.sign_tree_head()


def test_tick_stamps_each_new_checkpoint_and_the_page_shows_it(client, tsa):
    _log()
    assert jobs.stamp_checkpoints() == "1 checkpoint(s) timestamped"
    assert jobs.stamp_checkpoints() == "0 checkpoint(s) timestamped"  # idempotent
    checkpoint = selectors.latest_checkpoint()
    assert checkpoint.timestamp.authority == tsa.url
    page = client.get("/ledger/").content.decode()
    assert f"/ledger/checkpoints/{checkpoint.size}/timestamp.tsr" in page
    response = client.get(f"/ledger/checkpoints/{checkpoint.size}/timestamp.tsr")
    assert response.content == bytes(checkpoint.timestamp.token)
    status, _zh, en = module("timestamp").check(
        response.content, checkpoint.text.encode(), {tsa.fingerprint}
    )
    assert status == "OK", en


def test_a_token_from_an_authority_outside_the_configured_ca_is_not_stored(settings, tsa):
    _log()
    settings.LEDGER_TSA_CA = TimeStampingAuthority(tsa.kind).ca_pem  # another CA
    with pytest.raises(timestamps.TimestampError, match="does not verify"):
        timestamps.stamp(selectors.latest_checkpoint())
    assert not CheckpointTimestamp.objects.exists()
    assert jobs.stamp_checkpoints().startswith("NOT STAMPED")


def test_an_unreachable_authority_is_reported_and_nothing_is_stored(settings, tsa):
    _log()
    tsa.stop()
    assert jobs.stamp_checkpoints().startswith("NOT STAMPED")
    assert not CheckpointTimestamp.objects.exists()


def test_the_package_carries_the_token_and_the_verifier_checks_it(tsa, tmp_path):
    _log()
    data = package.build_subject_package(subject="case:1", label="", actor=None, recipient="")
    folder = tmp_path / "p"
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    key = signing.verifier_key(selectors.current_key().public_key)
    code, out = run_verifier(folder, "--key", key, "--tsa-cert-sha256", tsa.fingerprint)
    assert code == 0, out
    assert "可信时间戳有效" in out and tsa.fingerprint in out
    tsr = folder / "checkpoint.tsr"
    original = tsr.read_bytes()
    # A signature spoiled, another authority than the one pinned, a truncated file: each fails.
    tsr.write_bytes(original[:-10] + bytes(10))
    code, out = run_verifier(folder, "--key", key)
    assert code == 1 and "可信时间戳的签名无效" in out
    tsr.write_bytes(original)
    code, out = run_verifier(folder, "--key", key, "--tsa-cert-sha256", "00" * 32)
    assert code == 1 and "不是由您指定的时间戳机构签发的" in out
    tsr.write_bytes(original[:40])
    code, out = run_verifier(folder, "--key", key)
    assert code == 1 and "可信时间戳文件已损坏" in out and "Traceback" not in out


def test_a_token_over_another_checkpoint_fails(tsa, tmp_path):
    _log()
    jobs.stamp_checkpoints()
    first = selectors.latest_checkpoint()
    _log(1)
    jobs.stamp_checkpoints()
    second = selectors.latest_checkpoint()
    status, zh, _en = module("timestamp").check(
        bytes(first.timestamp.token), second.text.encode(), set()
    )
    assert status == "FAIL" and "不是针对本检查点的" in zh
