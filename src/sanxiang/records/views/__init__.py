"""Workbench pages and endpoints of records, one module per kind of record."""
