"""Ed25519 signature verification, written from RFC 8032 (section 5.1) with Python's standard
library only, so that the package verifier needs nothing to be installed.

Verification is not secret-dependent, so plain integer arithmetic is fine here (this code
never signs). Points are kept in extended homogeneous coordinates (X, Y, Z, T), x = X/Z,
y = Y/Z, x*y = T/Z (section 5.1.4).
"""

import hashlib

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # the group order (section 5.1)
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    """Point addition (section 5.1.4, "add-2008-hwcd-3")."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(scalar, point):
    result = (0, 1, 1, 0)  # the neutral element
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _equal(a, b):
    x1, y1, z1, _t1 = a
    x2, y2, z2, _t2 = b
    return (x1 * z2 - x2 * z1) % P == 0 and (y1 * z2 - y2 * z1) % P == 0


def _recover_x(y, sign):
    """Section 5.1.3, steps 2-4: x from y and the sign bit, or None."""
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    if (v * x * x - u) % P != 0:
        if (v * x * x + u) % P != 0:
            return None
        x = x * SQRT_M1 % P
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return x


def _decode_point(data):
    if len(data) != 32:
        return None
    value = int.from_bytes(data, "little")
    y, sign = value & ((1 << 255) - 1), value >> 255
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


_BY = 4 * pow(5, P - 2, P) % P
BASE = (_recover_x(_BY, 0), _BY, 1, _recover_x(_BY, 0) * _BY % P)


def verify(public, message, signature):
    """True if ``signature`` (64 bytes) is a valid Ed25519 signature of ``message`` by the
    32-byte public key ``public`` (section 5.1.7)."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decode_point(bytes(public))
    r = _decode_point(bytes(signature[:32]))
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + bytes(public) + message).digest(), "little")
    return _equal(_multiply(s, BASE), _add(r, _multiply(k % L, a)))
