"""Ledger URL patterns (the ledger issue fills these in)."""

portal: list = []
workbench: list = []
