#!/usr/bin/env python3
"""Check a Sanxiang evidence package (三项制度 证据包校验程序).

Needs only Python 3.9+ and nothing else: no internet, no package to install. Give the
agency's verifier key (from its /ledger/ page or the decision document) and the package:

    python3 verify_package.py --key 'NAME+HASH+KEY' [PACKAGE.zip | FOLDER]

Exit status 0 means the package verified. See README.txt (Chinese) for each step.
"""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


from sxverify.cli import entry  # noqa: E402

if __name__ == "__main__":
    sys.exit(entry(sys.argv[1:], HERE))
