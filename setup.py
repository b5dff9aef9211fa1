"""The one native part: hashing whole Merkle levels for full ledger verification.

Everything else about the package is in pyproject.toml. The extension links OpenSSL's
libcrypto (which Python's own hashlib uses) and is optional: without a C compiler or
OpenSSL's headers the install goes on and verification hashes in Python (slower, same
result). docs/architecture.md → Dependencies.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "sanxiang.ledger._levels",
            sources=["src/sanxiang/ledger/_levels.c"],
            libraries=["crypto"],
            optional=True,
        )
    ]
)
