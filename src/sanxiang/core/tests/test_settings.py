"""Settings from the environment: production passes `check --deploy`, bad values fail loudly."""

import os
import subprocess
import sys

import pytest

from sanxiang import envvars


def _run(args, env_extra, tmp_path):
    # A clean environment: nothing of the test run's (the browser tests allow async-unsafe
    # ORM calls, which the deploy check rightly refuses).
    skip = ("SANXIANG_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update({"SANXIANG_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", *args], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


PRODUCTION = {
    "SANXIANG_DEPLOYMENT": "production",
    "SANXIANG_SECRET_KEY": "k" * 20 + "Zq8#vL2@pW9!xR4$tY7%uI1^oP6&aS3*dF5(gH0)jK",
    "SANXIANG_ALLOWED_HOSTS": "zhifa.example.gov.cn",
    "SANXIANG_PII_KEYS": "k1:" + "QUFB" * 10 + "QUE=",
    "SANXIANG_PII_HASH_KEY": "QkJC" * 10 + "QkI=",
    "SANXIANG_LEDGER_ORIGIN": "zhifa.example.gov.cn/sanxiang",
}


def _signing_key_file(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = tmp_path / "ledger-key.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {**PRODUCTION, "SANXIANG_LEDGER_SIGNING_KEY_FILE": _signing_key_file(tmp_path)}
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_the_ledgers_origin(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SANXIANG_LEDGER_ORIGIN"}
    env["SANXIANG_LEDGER_SIGNING_KEY_FILE"] = _signing_key_file(tmp_path)
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0 and "SANXIANG_LEDGER_ORIGIN" in result.stderr
    env["SANXIANG_LEDGER_ORIGIN"] = "has space/log"
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0 and "no space and no plus sign" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SANXIANG_SECRET_KEY"}
    env["SANXIANG_LEDGER_SIGNING_KEY_FILE"] = _signing_key_file(tmp_path)
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SANXIANG_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("SANXIANG_DEBUG", "maybe")
    with pytest.raises(envvars.ImproperlyConfiguredVariable, match="SANXIANG_DEBUG"):
        envvars.env_bool("SANXIANG_DEBUG", False)


def test_a_secret_may_come_from_a_file(monkeypatch, tmp_path):
    (tmp_path / "secret").write_text("from-a-file\n")
    monkeypatch.setenv("SANXIANG_EXAMPLE_FILE", str(tmp_path / "secret"))
    assert envvars.env_str("SANXIANG_EXAMPLE") == "from-a-file"


def test_env_example_documents_every_variable_the_code_reads():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]
    pattern = re.compile(r"env_(?:str|bool|int|list|choice|required|path)\(\s*\"([A-Z0-9_]+)\"")
    read = {
        name
        for path in (root / "src" / "sanxiang").rglob("*.py")
        if "tests" not in path.parts
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M))
    assert read, "the pattern found no variables"
    assert sorted(read - documented) == []


def test_production_refuses_to_start_without_the_personal_data_keys(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SANXIANG_PII_KEYS"}
    env["SANXIANG_LEDGER_SIGNING_KEY_FILE"] = _signing_key_file(tmp_path)
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SANXIANG_PII_KEYS" in result.stderr


def test_the_demo_shows_no_debug_pages_unless_a_developer_asks(tmp_path):
    """Django's debug pages show settings, code and every URL to anonymous visitors."""
    show = ["shell", "-c", "from django.conf import settings; print(settings.DEBUG)"]
    assert _run(show, {}, tmp_path).stdout.split()[-1] == "False"
    assert _run(show, {"SANXIANG_DEBUG": "1"}, tmp_path).stdout.split()[-1] == "True"
