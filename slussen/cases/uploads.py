"""Upload checks: size, and the type sniffed from the content – never from the file name."""

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
    return mime
