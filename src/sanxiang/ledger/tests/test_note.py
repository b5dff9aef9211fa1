"""Signed notes, checkpoints and cosignatures against published examples: the C2SP specs,
Go's golang.org/x/mod/sumdb/note and real sum.golang.org checkpoints. Each is read by the
signing code (``ledger.note``) and by the standalone verifier's own code (``sxverify.notes``,
written separately from the specs), so the two check each other."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sanxiang.ledger import merkle, note
from sanxiang.ledger.tests.standalone import module

notes = module("notes")

# golang.org/x/mod/sumdb/note (note.go doc comment and note_test.go).
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
# Real checkpoints of the Go checksum database, as published, with its well-known key.
SUMDB_VKEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
SUMDB_CHECKPOINTS = [
    "go.sum database tree\n15081221\nBoMMe1wd25Tco0mYGROkyqxHZWx+hcSCtMV315Lu6Lg=\n\n"
    "— sum.golang.org Az3grilD7vQqTrv66jRgKM84Y80KTprrSt4bKmiOPxgmS5ZVBTeCl6dUvjYnN13R+C8j0jGY1WnUADGMkok3U0m2Zgo=\n",
    "go.sum database tree\n63096908\n8lHrQPRYe4KT4WQ9/Qk8/taKnD6IRHbFgfN7vQE2Y54=\n\n"
    "— sum.golang.org Az3gri/oVBN1jAhNZ/iS+W31psFAWRT20/GyrhpU6taFwulQGetBkH5S7wpGXdS935jiIGiUUAXBVHzT/P6fYhqAmAk=\n",
]  # fmt: skip
# c2sp.org/tlog-checkpoint and tlog-witness examples (no public key is published for them).
SPEC_CHECKPOINT = (
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
    "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)  # fmt: skip


def _peter_key() -> Ed25519PrivateKey:
    seed = base64.b64decode(PETER_SKEY.split("+", 4)[4])[1:]
    return Ed25519PrivateKey.from_private_bytes(seed)


def test_signing_gos_example_gives_gos_signed_note_byte_for_byte():
    signature = note.sign_note(TEXT, name="PeterNeumann", key=_peter_key())
    assert note.Note(TEXT, (signature,)).encode() == TEXT + "\n" + PETER_SIG


def test_the_verifier_key_is_written_as_go_writes_it():
    public = _peter_key().public_key().public_bytes_raw()
    assert str(note.verifier_key("PeterNeumann", public)) == PETER_VKEY
    assert notes.Key("PeterNeumann", 1, public).text() == PETER_VKEY


@pytest.mark.parametrize("reader", ["server", "standalone"])
def test_gos_doubly_signed_note_verifies_for_each_known_key(reader):
    message = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    if reader == "server":
        parsed = note.parse_note(message.encode())
        keys = [note.parse_verifier_key(PETER_VKEY), note.parse_verifier_key(ENOCH_VKEY)]
        assert [k.name for k in note.verified_by(parsed, keys)] == ["PeterNeumann", "EnochRoot"]
        assert note.verified_by(parsed, keys[:1])[0].name == "PeterNeumann"  # unknown: ignored
    else:
        text, signatures = notes.read_note(message.encode())
        keys = {k.name: k for k in (notes.read_key(PETER_VKEY), notes.read_key(ENOCH_VKEY))}
        assert text == TEXT
        assert all(notes.signature_ok(keys[n], text, sig) for n, _h, sig in signatures)


@pytest.mark.parametrize("checkpoint", SUMDB_CHECKPOINTS)
def test_real_sum_golang_org_checkpoints_verify_with_both_readers(checkpoint):
    parsed = note.parse_note(checkpoint.encode())
    assert note.verified_by(parsed, [note.parse_verifier_key(SUMDB_VKEY)])
    assert note.parse_checkpoint(parsed.text).origin == "go.sum database tree"
    text, [(name, key_hash, signature)] = notes.read_note(checkpoint.encode())
    key = notes.read_key(SUMDB_VKEY)
    assert (name, key_hash) == (key.name, key.hash)
    assert notes.signature_ok(key, text, signature)
    assert not notes.signature_ok(key, text.replace("\n", "\n9", 1), signature)
    assert notes.read_checkpoint(text)[1] == int(text.split("\n")[1])


def test_a_checkpoint_body_is_formatted_as_gos_tlog_formats_a_tree():
    # golang.org/x/mod/sumdb/tlog TestFormatTree: RecordHash("hello world") is the RFC 6962
    # leaf hash, the same as ours.
    golden = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n"
    root = merkle.leaf_hash(b"hello world")
    assert note.Checkpoint("go.sum database tree", 123456789012, root).text == golden
    assert notes.read_checkpoint(golden)[1:3] == (123456789012, root)


def test_the_spec_example_checkpoint_parses_in_both_readers():
    parsed = note.parse_note(SPEC_CHECKPOINT.encode())
    checkpoint = note.parse_checkpoint(parsed.text)
    assert (checkpoint.origin, checkpoint.size) == ("example.com/behind-the-sofa", 20852163)
    text, signatures = notes.read_note(SPEC_CHECKPOINT.encode())
    assert notes.read_checkpoint(text)[:2] == ("example.com/behind-the-sofa", 20852163)
    assert signatures[0][0] == "example.com/behind-the-sofa"


# Go's note_test.go TestOpen: messages that must be refused as malformed.
BAD_MESSAGES = [
    TEXT,
    TEXT + "\n",
    TEXT + "\n" + PETER_SIG[:-1],
    "\x01" + TEXT + "\n" + PETER_SIG,
    TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
    TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
]  # fmt: skip


@pytest.mark.parametrize("message", BAD_MESSAGES)
def test_malformed_notes_are_refused_by_both_readers(message):
    with pytest.raises(note.NoteError):
        note.parse_note(message.encode())
    with pytest.raises(notes.NoteProblem):
        notes.read_note(message.encode())


def test_invalid_utf8_is_refused_by_both_readers():
    message = b"\xff" + (TEXT + "\n" + PETER_SIG).encode()
    with pytest.raises(note.NoteError):
        note.parse_note(message)
    with pytest.raises(notes.NoteProblem):
        notes.read_note(message)


def test_a_known_keys_bad_signature_rejects_the_note():
    message = TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(note.NoteError, match="的签名无效"):
        note.verified_by(note.parse_note(message.encode()), [note.parse_verifier_key(PETER_VKEY)])


def test_mangled_verifier_keys_are_refused_by_both_readers():
    for bad in [
        PETER_VKEY[:-1], PETER_VKEY.replace("c74f20a3", "c74f20a4"),
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ]:  # fmt: skip
        with pytest.raises(note.NoteError):
            note.parse_verifier_key(bad)
        with pytest.raises(notes.NoteProblem):
            notes.read_key(bad)


def test_a_cosignature_round_trips_through_the_independent_reader():
    witness = Ed25519PrivateKey.generate()
    text = note.Checkpoint("example.gov.cn/log", 42, bytes(range(32))).text
    signature = note.cosign(text, name="justice.example/w", key=witness, timestamp=1_700_000_000)
    public = witness.public_key().public_bytes_raw()
    key = notes.Key("justice.example/w", notes.COSIGNATURE, public)
    assert (key.hash, note.cosignature_time(signature)) == (signature.id, 1_700_000_000)
    assert notes.signature_ok(key, text, signature.data)
    assert not notes.signature_ok(key, text.replace("42", "43"), signature.data)
    vkey = note.verifier_key("justice.example/w", public, note.COSIGNATURE_ED25519)
    assert note.verified_by(note.Note(text, (signature,)), [vkey])
