"""What an uploaded file is, read from its bytes, not from its name or the browser's word for it.

`upload_check()` refuses a file whose content is not one of the allowed kinds or does not match the
extension of its name (a Windows program renamed `invoice.pdf`), and returns the type to store and
serve. `download_response()` serves a stored file as an attachment with the type its bytes show, so
that nothing uploaded is ever opened by the browser inline, whatever its name.

Detection: the pure-Python `filetype` package for the signatures (PDF, JPEG, PNG, MP3, M4A, programs),
the standard library's zipfile for Office Open XML (a .docx is a zip holding word/document.xml), the
OLE2 signature for the old Office formats, and for text: no NUL byte, and UTF-8 or GB18030.
"""

import codecs
import os
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEAD_BYTES = 8192
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_TYPE = "application/x-ole-storage"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kind:
    """An allowed kind of file: the types its bytes may show, and the type it is served with."""

    detected: frozenset[str]
    served: str


# Extension → what its content must be.
ALLOWED = {
    ".pdf": Kind(frozenset({"application/pdf"}), "application/pdf"),
    ".jpg": Kind(frozenset({"image/jpeg"}), "image/jpeg"),
    ".jpeg": Kind(frozenset({"image/jpeg"}), "image/jpeg"),
    ".png": Kind(frozenset({"image/png"}), "image/png"),
    ".doc": Kind(frozenset({OLE2_TYPE}), "application/msword"),
    ".xls": Kind(frozenset({OLE2_TYPE}), "application/vnd.ms-excel"),
    ".docx": Kind(frozenset({DOCX}), DOCX),
    ".xlsx": Kind(frozenset({XLSX}), XLSX),
    ".txt": Kind(frozenset({"text/plain"}), "text/plain; charset=utf-8"),
    ".mp3": Kind(frozenset({"audio/mpeg"}), "audio/mpeg"),
    ".m4a": Kind(frozenset({"audio/mp4", "audio/m4a", "audio/x-m4a", "video/mp4"}), "audio/mp4"),
}

# How the refusal names what a file turned out to be, for the kinds people send by mistake or malice.
DESCRIPTIONS = {
    "application/x-msdownload": gettext_lazy("a Windows program"),
    "application/x-executable": gettext_lazy("a program"),
    "application/x-mach-binary": gettext_lazy("a program"),
    "application/x-sh": gettext_lazy("a script"),
    "application/zip": gettext_lazy("a ZIP archive"),
    "application/x-rar-compressed": gettext_lazy("a RAR archive"),
    "application/x-7z-compressed": gettext_lazy("a 7-Zip archive"),
    "text/plain": gettext_lazy("plain text"),
    OLE2_TYPE: gettext_lazy("an old-format Office document"),
}


def content_type(file) -> str | None:
    """The type the bytes of `file` (an open binary file or an upload) show, or None when unknown.
    Reads the head (and a zip's directory) and puts the position back at the start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(OLE2):
        return OLE2_TYPE
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(file).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return "application/zip"
    guessed = filetype.guess(head)
    if guessed is not None:
        return guessed.mime
    if head and _is_text(head):
        return "text/plain"
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def upload_check(upload, *, allowed: dict[str, Kind] = ALLOWED) -> str:
    """The type to store and serve `upload` with; ValidationError when its content is not allowed or
    is not what the extension of its name says."""
    name = upload.name or ""
    extension = os.path.splitext(name)[1].lower()
    kind = allowed.get(extension)
    if kind is None:
        raise ValidationError(
            _("Files of type %(ext)s cannot be attached. Allowed: %(allowed)s."),
            code="type",
            params={"ext": extension or "?", "allowed": ", ".join(sorted(allowed))},
        )
    detected = content_type(upload)
    if detected not in kind.detected:
        found = DESCRIPTIONS.get(detected, detected) if detected else _("of no type that can be recognised")
        raise ValidationError(
            _(
                "%(name)s is refused: its content is %(found)s, not what the extension %(ext)s says. "
                "Attach the document itself, saved in one of the allowed formats."
            ),
            code="content",
            params={"name": os.path.basename(name), "found": found, "ext": extension},
        )
    return kind.served


def served_type(file, name: str) -> str:
    """The type a stored file is served with: its allowed kind's when its bytes match its name, else
    application/octet-stream (a file stored before the check, or changed on disk, is never sniffed
    into something the browser would run)."""
    kind = ALLOWED.get(os.path.splitext(name or "")[1].lower())
    if kind is not None and content_type(file) in kind.detected:
        return kind.served
    return "application/octet-stream"


def download_response(handle, *, filename: str) -> FileResponse:
    """A stored upload, served as a download (Content-Disposition: attachment) with the type its
    bytes show."""
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=served_type(handle, filename)
    )
