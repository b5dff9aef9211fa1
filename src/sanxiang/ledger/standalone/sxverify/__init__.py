"""Sanxiang's evidence-package verifier: Python's standard library only (no Sanxiang, no
third-party package), so a court or a citizen can run it on any computer with Python 3.9+."""
