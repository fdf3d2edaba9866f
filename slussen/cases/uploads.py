"""Upload checks: size, and the type sniffed from the content – never from the file name.
Office files are zip archives and are opened as such: a small file must not unpack to
gigabytes (a zip bomb), name paths outside itself, or lack the part its format requires."""

import zipfile
import zlib
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "text/plain": _("text"),
}
# zip-based formats and the part each must hold
ZIPPED = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "[Content_Types].xml"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "[Content_Types].xml",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "[Content_Types].xml"
    ),
    "application/vnd.oasis.opendocument.text": "mimetype",
}
# An office document's XML packs some 5-20 times; pictures not at all.
MAX_RATIO = 100
MAX_MEMBERS = 5000


def sniff(upload) -> str:
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain" if b"\x00" not in head else "application/octet-stream"


def check(upload) -> str:
    """Return the sniffed content type, or raise a ValidationError a person can act on."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    mime = sniff(upload)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("This kind of file cannot be attached. Allowed: %(types)s.")
            % {"types": ", ".join(str(v) for v in ALLOWED_TYPES.values())}
        )
    if mime in ZIPPED:
        check_archive(upload, ZIPPED[mime])
    return mime


def check_archive(upload, required: str) -> None:
    """Open a zip-based document and refuse what no real one holds: more than
    ATTACHMENT_MAX_UNPACKED_BYTES unpacked, a member packed more than MAX_RATIO times, more
    than MAX_MEMBERS members, names outside the archive, a missing ``required`` part, or
    members that do not unpack to what the archive says (read in full, checksums checked)."""
    limit = settings.ATTACHMENT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ValidationError(
                    _("The document holds %(count)d parts; at most %(limit)d are accepted.")
                    % {"count": len(members), "limit": MAX_MEMBERS}
                )
            for member in members:
                name = PurePosixPath(member.filename)
                if "\\" in member.filename or name.is_absolute() or ".." in name.parts:
                    raise ValidationError(
                        _("The document holds a part with an unsafe name: %(name)s")
                        % {"name": member.filename}
                    )
            if sum(m.file_size for m in members) > limit:
                raise ValidationError(
                    _(
                        "The document unpacks to more than %(limit)s; it cannot be attached. "
                        "Save it again without embedded files or split it."
                    )
                    % {"limit": filesizeformat(limit)}
                )
            if any(m.file_size > MAX_RATIO * max(m.compress_size, 1024) for m in members):
                raise ValidationError(
                    _(
                        "The document is compressed more than an ordinary document can be "
                        "(over %(ratio)d times); it cannot be attached."
                    )
                    % {"ratio": MAX_RATIO}
                )
            if required not in archive.namelist():
                raise ValidationError(
                    _("The document lacks its %(part)s part; it is not a valid document.")
                    % {"part": required}
                )
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError) as error:
        raise ValidationError(
            _("The document is damaged (it cannot be unpacked); save it again and retry.")
        ) from error
    finally:
        upload.seek(0)
