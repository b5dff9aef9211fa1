"""A small RFC 3161 time-stamping authority for tests, served over HTTP on loopback: its own
CA, a TSA certificate with the critical time-stamping usage, and tokens built with
``asn1crypto`` and signed with ``cryptography`` (ECDSA P-256 or RSA)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject, issuer, public, signer, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
        .public_key(public).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )  # fmt: skip
    if not ca:
        usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
        builder = builder.add_extension(usage, critical=True)
    return builder.sign(signer, hashes.SHA256())


def _private_key(kind: str) -> Any:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class TimeStampingAuthority:
    """Start with ``start()``; ``url`` takes requests; ``ca_pem`` verifies its tokens."""

    def __init__(self, kind: str = "ec") -> None:
        self.kind = kind
        self.ca_key: Any = _private_key(kind)
        self.key: Any = _private_key(kind)
        self.ca = _certificate("测试时间戳根证书", "测试时间戳根证书", self.ca_key.public_key(),
                               self.ca_key, ca=True)  # fmt: skip
        self.certificate = _certificate("Test TSA", "测试时间戳根证书", self.key.public_key(),
                                        self.ca_key, ca=False)  # fmt: skip
        self.ca_pem = self.ca.public_bytes(serialization.Encoding.PEM).decode()
        self.requests = 0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.certificate.public_bytes(serialization.Encoding.DER)).hexdigest()

    def start(self) -> TimeStampingAuthority:
        authority = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                authority.requests += 1
                answer = authority.respond(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def respond(self, body: bytes) -> bytes:
        request = tsp.TimeStampReq.load(body)
        info = tsp.TSTInfo({
            "version": "v1", "policy": "1.2.3.4.1", "message_imprint": request["message_imprint"],
            "serial_number": self.requests, "gen_time": dt.datetime.now(dt.UTC).replace(microsecond=0),
            "nonce": request["nonce"].native,
        })  # fmt: skip
        return self._response(info.dump())

    def _response(self, content: bytes) -> bytes:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        certificate = asn1_x509.Certificate.load(der)
        attributes = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest",
                              "values": [hashlib.sha256(content).digest()]}),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [{
                "certs": [{"cert_hash": hashlib.sha256(der).digest()}]}]}),
        ])  # fmt: skip
        if self.kind == "ec":
            signature = self.key.sign(attributes.dump(), ec.ECDSA(hashes.SHA256()))
            algorithm = "sha256_ecdsa"
        else:
            signature = self.key.sign(attributes.dump(), padding.PKCS1v15(), hashes.SHA256())
            algorithm = "sha256_rsa"
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
                "issuer": certificate.issuer, "serial_number": certificate.serial_number})}),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": attributes,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": algorithm}),
            "signature": signature,
        })  # fmt: skip
        signed = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "tst_info",
                                   "content": core.ParsableOctetString(content)},
            "certificates": [certificate],
            "signer_infos": [signer],
        })  # fmt: skip
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed})
        return tsp.TimeStampResp(
            {"status": {"status": "granted"}, "time_stamp_token": token}
        ).dump()
