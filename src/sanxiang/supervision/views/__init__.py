"""Workbench pages of supervision: warnings and case-file evaluation."""
