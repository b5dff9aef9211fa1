"""RFC 3161 time-stamp responses (可信时间戳), checked with the standard library only.

Checks that the token is granted, that its TSTInfo's message imprint is the hash of the
checkpoint text, that the signed attributes carry the TSTInfo's digest, and that the TSA
certificate in the token signed them (RSA PKCS #1 v1.5, or ECDSA on P-256). The TSA
certificate's SHA-256 fingerprint is printed; give ``--tsa-cert-sha256`` to pin it. (Whether
that certificate chains to a trusted CA is for a full tool such as ``openssl ts -verify``.)
"""

import hashlib

HASHES = {
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
SIGNED_WITH = {
    "1.2.840.113549.1.1.11": "sha256", "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512", "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384", "1.2.840.113549.1.1.1": None,
}  # fmt: skip
TST_INFO = "1.2.840.113549.1.9.16.1.4"
MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
RSA, EC, P256 = "1.2.840.113549.1.1.1", "1.2.840.10045.2.1", "1.2.840.10045.3.1.7"


class Bad(ValueError):
    pass


def _node(data, pos=0):
    """(tag, start of content, end of content, end of the element) of the DER at ``pos``."""
    if pos + 2 > len(data):
        raise Bad("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or pos + count > len(data):
            raise Bad("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise Bad("truncated")
    return tag, pos, pos + length


def _children(data, start, end):
    items, pos = [], start
    while pos < end:
        tag, first, last = _node(data, pos)
        items.append((tag, first, last, pos))
        pos = last
    return items


def _oid(content):
    first = content[0]
    parts, value = [first // 40 if first < 80 else 2, first % 40 if first < 80 else first - 80], 0
    for byte in content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def _int(content):
    return int.from_bytes(content, "big", signed=True)


class Token:
    """The parts of a time-stamp response that the checks need."""

    def __init__(self, data):
        _tag, start, end = _node(data)
        response = _children(data, start, end)
        status = _children(data, response[0][1], response[0][2])
        if _int(data[status[0][1] : status[0][2]]) not in (0, 1) or len(response) < 2:
            raise Bad("not granted")
        content_info = _children(data, response[1][1], response[1][2])
        wrapped = _children(data, content_info[1][1], content_info[1][2])[0]
        signed = _children(data, wrapped[1], wrapped[2])
        encap = _children(data, signed[2][1], signed[2][2])
        if _oid(data[encap[0][1] : encap[0][2]]) != TST_INFO:
            raise Bad("not a TSTInfo")
        octets = _children(data, encap[1][1], encap[1][2])[0]
        self.tst_info = data[octets[1] : octets[2]]
        self.certificates = [
            data[c[3] : c[2]] for s in signed if s[0] == 0xA0 for c in _children(data, s[1], s[2])
        ]
        signer_set = [s for s in signed if s[0] == 0x31][-1]
        signer = _children(data, signer_set[1], signer_set[2])[0]
        parts = _children(data, signer[1], signer[2])
        attrs = next(p for p in parts if p[0] == 0xA0)
        self.signed_attrs = b"\x31" + data[attrs[3] + 1 : attrs[2]]  # [0] IMPLICIT -> SET
        self.data = data
        self.attributes = {}
        for attribute in _children(data, attrs[1], attrs[2]):
            kind, values = _children(data, attribute[1], attribute[2])
            self.attributes[_oid(data[kind[1] : kind[2]])] = values
        after = parts[parts.index(attrs) + 1 :]
        algorithm = _children(data, after[0][1], after[0][2])[0]
        self.signature_algorithm = _oid(data[algorithm[1] : algorithm[2]])
        self.signature = data[after[1][1] : after[1][2]]
        digest_alg = _children(data, parts[2][1], parts[2][2])[0]
        self.digest_algorithm = HASHES.get(_oid(data[digest_alg[1] : digest_alg[2]]))

    def message_digest(self):
        values = self.attributes[MESSAGE_DIGEST]
        octets = _children(self.data, values[1], values[2])[0]
        return self.data[octets[1] : octets[2]]

    def imprint(self):
        """(hash name, hashed message) and the time of the TSTInfo."""
        info = self.tst_info
        _tag, start, end = _node(info)
        fields = _children(info, start, end)
        imprint = _children(info, fields[2][1], fields[2][2])
        algorithm = _children(info, imprint[0][1], imprint[0][2])[0]
        name = HASHES.get(_oid(info[algorithm[1] : algorithm[2]]))
        hashed = info[imprint[1][1] : imprint[1][2]]
        when = info[fields[4][1] : fields[4][2]].decode("ascii")
        return name, hashed, when


def _public_key(certificate):
    _tag, start, end = _node(certificate)
    tbs = _children(certificate, *_children(certificate, start, end)[0][1:3])
    fields = tbs[1:] if tbs[0][0] == 0xA0 else tbs
    spki = _children(certificate, fields[5][1], fields[5][2])
    algorithm = _children(certificate, spki[0][1], spki[0][2])
    kind = _oid(certificate[algorithm[0][1] : algorithm[0][2]])
    bits = certificate[spki[1][1] + 1 : spki[1][2]]
    if kind == RSA:
        n, e = _children(bits, *_node(bits)[1:3])
        return RSA, (_int(bits[n[1] : n[2]]), _int(bits[e[1] : e[2]]))
    if kind == EC and _oid(certificate[algorithm[1][1] : algorithm[1][2]]) == P256:
        return EC, (int.from_bytes(bits[1:33], "big"), int.from_bytes(bits[33:65], "big"))
    return kind, None


_DIGEST_INFO = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


def _rsa_ok(key, digest_name, message, signature):
    n, e = key
    size = (n.bit_length() + 7) // 8
    block = pow(int.from_bytes(signature, "big"), e, n).to_bytes(size, "big")
    info = _DIGEST_INFO[digest_name] + hashlib.new(digest_name, message).digest()
    return block == b"\x00\x01" + b"\xff" * (size - len(info) - 3) + b"\x00" + info


# NIST P-256 (FIPS 186-4, D.1.2.3)
_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
_A = _P - 3
_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
      0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)  # fmt: skip


def _ec_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % _P == 0:
        return None
    if p == q:
        slope = (3 * p[0] * p[0] + _A) * pow(2 * p[1], -1, _P) % _P
    else:
        slope = (q[1] - p[1]) * pow(q[0] - p[0], -1, _P) % _P
    x = (slope * slope - p[0] - q[0]) % _P
    return x, (slope * (p[0] - x) - p[1]) % _P


def _ec_mul(k, point):
    result = None
    while k:
        if k & 1:
            result = _ec_add(result, point)
        point = _ec_add(point, point)
        k >>= 1
    return result


def _ecdsa_ok(key, digest_name, message, signature):
    _tag, start, end = _node(signature)
    r_node, s_node = _children(signature, start, end)
    r, s = _int(signature[r_node[1] : r_node[2]]), _int(signature[s_node[1] : s_node[2]])
    if not (0 < r < _N and 0 < s < _N):
        return False
    z = int.from_bytes(hashlib.new(digest_name, message).digest()[:32], "big")
    w = pow(s, -1, _N)
    point = _ec_add(_ec_mul(z * w % _N, _G), _ec_mul(r * w % _N, key))
    return point is not None and point[0] % _N == r


def check(data, message, pins):
    """("OK" | "FAIL", Chinese, English) for the response ``data`` over ``message``."""
    try:
        token = Token(data)
        name, hashed, when = token.imprint()
        if name is None or hashlib.new(name, message).digest() != hashed:
            return (
                "FAIL",
                "可信时间戳不是针对本检查点的",
                "the timestamp is NOT for this checkpoint",
            )
        if (
            token.digest_algorithm is None
            or token.message_digest()
            != hashlib.new(token.digest_algorithm, token.tst_info).digest()
        ):
            return "FAIL", "可信时间戳已被改动", "the timestamp token was ALTERED"
        if not token.certificates:
            return "FAIL", "可信时间戳不含时间戳机构证书", "the token carries no TSA certificate"
        digest = SIGNED_WITH.get(token.signature_algorithm, "") or token.digest_algorithm
        fingerprint, supported = None, False
        for certificate in token.certificates:  # the signer's is usually first; try each
            kind, key = _public_key(certificate)
            if key is None or digest not in _DIGEST_INFO:
                continue
            supported = True
            checker = _rsa_ok if kind == RSA else _ecdsa_ok
            if checker(key, digest, token.signed_attrs, token.signature):
                fingerprint = hashlib.sha256(certificate).hexdigest()
                break
        if not supported:
            return (
                "NOTE",
                "可信时间戳的签名算法本程序不支持，请用 openssl ts -verify 核对",
                "the token's signature algorithm is not supported here: use openssl ts -verify",
            )
        if fingerprint is None:
            return "FAIL", "可信时间戳的签名无效", "the timestamp's signature is INVALID"
        if pins and fingerprint not in pins:
            return (
                "FAIL",
                f"可信时间戳不是由您指定的时间戳机构签发的（证书指纹 {fingerprint}）",
                f"the timestamp is NOT from the authority you gave (certificate {fingerprint})",
            )
    except (Bad, IndexError, KeyError, StopIteration, ValueError):
        return "FAIL", "可信时间戳文件已损坏", "the timestamp file is damaged"
    return (
        "OK",
        f"可信时间戳有效：时间 {when}（UTC），时间戳机构证书指纹 {fingerprint}",
        f"trusted timestamp OK: {when} (UTC), TSA certificate SHA-256 {fingerprint}",
    )
