"""The test accounts' password, in core so that every app's tests can name it (the layer rule:
core's tests import nothing later on the case's path; the personas live in agencies.tests)."""

PASSWORD = "Correct-Horse-2026"
