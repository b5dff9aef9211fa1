"""The verifier's command line: never a traceback, every failure explained in Chinese and
English. Exit status: 0 verified, 1 the package failed a check, 2 it could not be checked."""

import argparse
import pathlib
import tempfile
import zipfile

from sxverify import checks, notes

USAGE_ZH = """用法： python verify_package.py --key 机关验证密钥 [证据包.zip 或 文件夹]
  --key          机关在门户网站“账本”页或文书上公布的验证密钥（形如 名称+8位十六进制+base64），必填，可给多个
  --witness-key  见证方（如司法局、法院）的见证密钥，可给多个
  --tsa-cert-sha256  时间戳机构证书的 SHA-256 指纹，可给多个"""


def _parser():
    parser = argparse.ArgumentParser(add_help=True, usage=USAGE_ZH)
    parser.add_argument("package", nargs="?")
    parser.add_argument("--key", action="append", default=[])
    parser.add_argument("--witness-key", action="append", default=[])
    parser.add_argument("--tsa-cert-sha256", action="append", default=[])
    return parser


class UsageError(Exception):
    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en


def _keys(options):
    if not options.key:
        raise UsageError(
            "请用 --key 给出机关公布的验证密钥（见门户网站“账本”页或文书）：不核对密钥，"
            "任何人都能伪造证据包",
            "give the agency's verifier key with --key (from its /ledger/ page or documents): "
            "without it anyone could forge a package",
        )
    keys = []
    for text in options.key + options.witness_key:
        try:
            keys.append(notes.read_key(text))
        except notes.NoteProblem as problem:
            zh, _sep, en = str(problem).partition(" / ")
            raise UsageError(f"密钥有误（{text[:40]}）：{zh}", f"bad key ({text[:40]}): {en}")
    return keys


def run(folder, keys, pins):
    pkg = checks.Package(folder)
    try:
        manifest = checks.load_manifest(pkg)
        _data, text, size, root, algorithm = checks.check_checkpoint(pkg, manifest, keys)
        records = checks.check_entries(pkg, manifest, size, root, algorithm)
        checks.check_chain(pkg, manifest, records)
        checks.check_files(pkg, records)
        checks.check_attachments(pkg, manifest, records)
        checks.check_timestamp(pkg, manifest, text, pins)
    except checks.Stop as stop:
        pkg.add(checks.FAIL, stop.zh, stop.en)
    return pkg


def _open(target, scratch):
    path = pathlib.Path(target)
    if path.is_dir():
        return path
    if not path.is_file():
        raise UsageError(f"找不到证据包：{target}", f"no such package: {target}")
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.startswith("/") or ".." in member.split("/"):
                    raise UsageError("压缩包中有不安全的路径", "the zip holds an unsafe path")
            archive.extractall(scratch)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise UsageError(
            "压缩包已损坏，无法打开（请向出具机关重新索取）",
            "the zip is damaged and cannot be opened (ask the agency for a new copy)",
        )
    return pathlib.Path(scratch)


def main(argv, default_folder):
    options = _parser().parse_args(argv)
    try:
        keys = _keys(options)
        with tempfile.TemporaryDirectory() as scratch:
            folder = _open(options.package or default_folder, scratch)
            pkg = run(folder, keys, {p.lower() for p in options.tsa_cert_sha256})
    except UsageError as error:
        print("无法核对 CANNOT CHECK: " + error.zh)
        print("                      " + error.en)
        return 2
    return report(pkg)


def report(pkg):
    labels = {checks.OK: "通过 OK  ", checks.FAIL: "失败 FAIL", checks.NOTE: "注意 NOTE"}
    for status, zh, en in pkg.results:
        print(f"{labels[status]} {zh}")
        print(f"          {en}")
    failed = any(status == checks.FAIL for status, _zh, _en in pkg.results)
    if failed:
        print("结论：证据包有问题，请勿采信，并联系出具机关。")
        print("Result: the package FAILED verification.")
        return 1
    if pkg.complete:
        print("结论：证据包完整、未被改动，由所给密钥签发。")
        print("Result: package verified and complete.")
    else:
        print("结论：包内条目未被改动，由所给密钥签发；本包不证明完整性（见上方“注意”）。")
        print("Result: entries verified; completeness is not shown (see the notes above).")
    return 0


def entry(argv, default_folder):
    """Run ``main``; anything unexpected still ends in a sentence, not a traceback."""
    try:
        return main(argv, default_folder)
    except SystemExit as leave:
        return leave.code if isinstance(leave.code, int) else 2
    except Exception as error:
        print(
            f"无法核对 CANNOT CHECK: 核对程序遇到意外错误（{type(error).__name__}）。请联系出具机关。"
        )
        print(f"                      unexpected error ({error}): please contact the agency.")
        return 2
