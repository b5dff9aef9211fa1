"""RFC 9162 inclusion proofs (section 2.1.3.2): leaf = H(0x00 || data), node = H(0x01 || l || r)."""

import hashlib


def _hash(algorithm, data):
    return hashlib.new(algorithm, data).digest()


def leaf_hash(algorithm, data):
    return _hash(algorithm, b"\x00" + data)


def included(algorithm, data, index, size, proof, root):
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    result = leaf_hash(algorithm, data)
    for item in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = _hash(algorithm, b"\x01" + item + result)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = _hash(algorithm, b"\x01" + result + item)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root
