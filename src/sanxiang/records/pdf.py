"""Word → PDF through LibreOffice (``soffice``), where it is installed.

Each conversion gets its own LibreOffice profile and HOME: two conversions sharing one
profile make one fail silently (reference/platform-notes.md).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice executable, or None when PDF conversion is unavailable."""
    return shutil.which(getattr(settings, "RECORDS_SOFFICE", "soffice"))


class ConversionFailed(RuntimeError):
    pass


def docx_to_pdf(data: bytes) -> bytes:
    program = soffice()
    if program is None:
        raise ConversionFailed("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="sanxiang-pdf-") as work:
        root = Path(work)
        (root / "in.docx").write_bytes(data)
        command = [
            program, f"-env:UserInstallation=file://{root / 'profile'}", "--headless",
            "--convert-to", "pdf", "--outdir", str(root), str(root / "in.docx"),
        ]  # fmt: skip
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
                env={"HOME": str(root), "PATH": "/usr/bin:/bin"},
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as error:
            raise ConversionFailed(str(error)) from error
        result = root / "in.pdf"
        if not result.exists():
            raise ConversionFailed("LibreOffice produced no PDF")
        return result.read_bytes()
