"""Evidence packages verify with the standalone verifier alone (standard library only, the
log key pinned), prove completeness, and fail with their own message when tampered with."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from sanxiang.ledger import note, package, selectors, services, signing
from sanxiang.ledger.store import store_file
from sanxiang.ledger.tests.standalone import run_verifier

pytestmark = pytest.mark.django_db

CASE_JSON = json.dumps({"case": "万新街罚〔2026〕1号", "title": "占道经营"}, ensure_ascii=False)


def _key() -> str:
    return signing.verifier_key(selectors.current_key().public_key)


@pytest.fixture
def case_package(tmp_path):
    """A case of four entries (one with a recording), packaged whole with its case.json."""
    services.append(kind="cases.opened", payload={"case": "2026-001"}, actor=None, subject="case:1")
    services.append(kind="other", payload={}, actor=None, subject="case:2")
    video = store_file(
        fileobj=io.BytesIO(b"\x00\x01 recording " * 1000), actor=None, kind="records.recording",
        subject="case:1", name="执法记录仪.mp4",
    )  # fmt: skip
    services.append(kind="records.document", payload={"n": 1}, actor=None, subject="case:1")
    services.append(kind="cases.closed", payload={}, actor=None, subject="case:1")
    data = package.build_subject_package(
        subject="case:1", label="2026-001", actor=None, recipient="court",
        attachments={"case.json": CASE_JSON.encode()},
    )  # fmt: skip
    folder = tmp_path / "pkg"
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    (tmp_path / "pkg.zip").write_bytes(data)
    return folder, video


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _save(folder, manifest):
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_case_package_verifies_as_complete_without_sanxiang_or_cryptography(case_package):
    folder, _video = case_package
    code, out = run_verifier(folder, "--key", _key())
    assert code == 0, out
    assert "FAIL" not in out and "Traceback" not in out
    assert "执法记录仪.mp4" in out
    assert "证据包完整" in out and "package complete" in out
    assert "case:1 的全部 4 条记录" in out


def test_a_zipped_package_verifies_as_it_is(case_package):
    folder, _video = case_package
    code, out = run_verifier(folder, "--key", _key(), str(folder.parent / "pkg.zip"))
    assert code == 0, out


def test_without_the_agencys_key_the_verifier_refuses_to_judge(case_package):
    folder, _video = case_package
    code, out = run_verifier(folder)
    assert code == 2 and "--key" in out and "Traceback" not in out


def test_an_edited_record_fails_as_not_in_the_log(case_package):
    folder, _video = case_package
    path = folder / "entries" / "0.json"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-001", "2026-002"))
    code, out = run_verifier(folder, "--key", _key())
    assert (
        code == 1 and "条目 #0：记录与账本不符" in out and "entry #0: record NOT in the log" in out
    )


def test_a_removed_entry_fails_as_incomplete_naming_the_gap(case_package):
    folder, video = case_package
    manifest = _manifest(folder)
    manifest["entries"] = [e for e in manifest["entries"] if e["seq"] != video.entry.seq]
    _save(folder, manifest)
    (folder / "entries" / f"{video.entry.seq}.json").unlink()
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1
    assert f"证据包不完整：本案共有 4 条记录，包内只有 3 条；缺少 #{video.entry.seq}" in out
    assert "INCOMPLETE" in out


def test_a_removed_first_entry_is_found_too(case_package):
    folder, _video = case_package
    manifest = _manifest(folder)
    manifest["entries"] = [e for e in manifest["entries"] if e["seq"] != 0]
    _save(folder, manifest)
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "缺少 #0" in out


def test_an_empty_package_fails_as_empty(case_package):
    folder, _video = case_package
    manifest = _manifest(folder)
    manifest["entries"] = []
    _save(folder, manifest)
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "证据包是空的" in out and "EMPTY" in out


def test_a_package_re_signed_with_another_key_fails_against_the_pinned_key(case_package):
    folder, _video = case_package
    forger = Ed25519PrivateKey.generate()
    origin = settings_origin()
    text = (folder / "checkpoint.txt").read_text(encoding="utf-8").split("\n\n")[0] + "\n"
    forged = note.Note(text, (note.sign_note(text, name=origin, key=forger),)).encode()
    (folder / "checkpoint.txt").write_text(forged, encoding="utf-8")
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "不是由您提供的机关密钥签发的" in out and "NOT signed by the key" in out
    # ...and the forger's own key does not help someone who pins the agency's key.
    forger_key = str(note.verifier_key(origin, forger.public_key().public_bytes_raw()))
    assert run_verifier(folder, "--key", forger_key)[0] == 0  # consistent, but not the agency's


def settings_origin() -> str:
    from django.conf import settings

    return str(settings.LEDGER_ORIGIN)


def test_a_forged_size_in_the_checkpoint_fails_its_signature(case_package):
    folder, _video = case_package
    path = folder / "checkpoint.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = str(int(lines[1]) + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "签名无效" in out and "INVALID" in out


def test_a_damaged_zip_fails_with_a_sentence_not_a_traceback(case_package):
    folder, _video = case_package
    damaged = folder.parent / "damaged.zip"
    data = (folder.parent / "pkg.zip").read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    code, out = run_verifier(folder, "--key", _key(), str(damaged))
    assert code == 2 and "压缩包已损坏" in out and "damaged" in out and "Traceback" not in out


def test_an_edited_case_json_fails_against_the_hash_recorded_when_issued(case_package):
    folder, _video = case_package
    (folder / "case.json").write_text(CASE_JSON.replace("占道经营", "无违法"), encoding="utf-8")
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "case.json 已被改动" in out and "ALTERED" in out


def test_an_altered_file_fails_naming_its_entry(case_package):
    folder, video = case_package
    path = folder / "files" / video.digest
    path.write_bytes(path.read_bytes().replace(b"recording", b"recordinG", 1))
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and f"条目 #{video.entry.seq}：文件已被改动" in out


def test_a_missing_manifest_is_explained(case_package):
    folder, _video = case_package
    (folder / "manifest.json").unlink()
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "没有 manifest.json" in out


def test_dropping_the_issuing_entry_cannot_pass_the_package_off_as_complete(case_package):
    folder, _video = case_package
    manifest = _manifest(folder)
    issued = manifest["issued_entry"]
    manifest["entries"] = [e for e in manifest["entries"] if e["seq"] != issued]
    _save(folder, manifest)
    code, out = run_verifier(folder, "--key", _key())
    assert code == 1 and "出具记录缺失或被改动" in out
    manifest["issued_entry"] = None
    _save(folder, manifest)
    (folder / "case.json").unlink()
    manifest["attachments"] = []
    _save(folder, manifest)
    code, out = run_verifier(folder, "--key", _key())
    assert code == 0 and "本包不证明完整性" in out and "证据包完整" not in out


def test_a_package_of_chosen_entries_verifies_but_does_not_claim_completeness(tmp_path):
    services.append(kind="a", payload={}, actor=None, subject="case:9")
    services.append(kind="b", payload={}, actor=None, subject="case:9")
    data = package.build_package(seqs=[1])
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path / "p")
    code, out = run_verifier(tmp_path / "p", "--key", _key())
    assert code == 0, out
    assert "不证明本案没有其他条目" in out


def test_the_issue_of_a_package_is_itself_in_the_case_chain(case_package):
    from sanxiang.ledger.models import Entry

    issued = Entry.objects.filter(kind=package.ISSUED_KIND).get()
    assert issued.subject == "case:1" and issued.payload["recipient"] == "court"
    assert issued.data["prev"] == Entry.objects.filter(kind="cases.closed").get().seq


def test_the_package_has_the_clerks_readme_and_the_verifier(case_package):
    folder, _video = case_package
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "python verify_package.py --key" in readme and "验证密钥" in readme
    assert (folder / "sxverify" / "ed25519.py").exists()


def test_the_verifier_also_runs_copied_elsewhere(case_package, tmp_path):
    folder, _video = case_package
    elsewhere = tmp_path / "clerk"
    shutil.copytree(folder, elsewhere)
    assert run_verifier(elsewhere, "--key", _key())[0] == 0


def test_the_ledger_command_exports_a_package(tmp_path):
    services.append(kind="k", payload={}, actor=None, subject="")
    target = tmp_path / "out.zip"
    call_command("ledger", "export", "--entry", "0", "--output", str(target), stdout=io.StringIO())
    assert "manifest.json" in zipfile.ZipFile(target).namelist()
