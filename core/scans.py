"""Signed scans (a resolution's, a person's file): the type is read from the file's first bytes,
never trusted from its name or the browser's content type, and the size is capped. Stored under
MEDIA_ROOT with a generated name and served only through scoped views."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# extension: (leading bytes, content type served back)
SCAN_TYPES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
}
# What an upload may say it is, by name or by the browser's content type, for each real type.
NAMED = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
DECLARED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
# Browsers send this when they do not know the type: it claims nothing.
UNKNOWN_TYPES = ("", "application/octet-stream")


def scan_extension(upload: UploadedFile, *, limit: int, field: str = "scan") -> str:
    """The extension matching the file's content; ValidationError (on `field`) if empty, over
    `limit` bytes or not PDF/PNG/JPEG."""
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            }
        )
    if not upload.size:
        raise ValidationError({field: _("Tệp trống.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for extension, (magic, _content_type) in SCAN_TYPES.items():
        if head.startswith(magic):
            return extension
    raise ValidationError(
        {field: _("Bản ký phải là tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).")}
    )


def check_declared_type(upload: UploadedFile, extension: str, *, field: str) -> None:
    """Refuse a file whose name or declared content type says another type than its content
    (a PDF named .png, an image sent as text/html): what it claims must be what it is."""
    name = (upload.name or "").rsplit(".", 1)
    named = NAMED.get(name[-1].lower()) if len(name) == 2 else None
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    claims_other = declared not in UNKNOWN_TYPES and DECLARED.get(declared) != extension
    if named != extension or claims_other:
        raise ValidationError(
            {
                field: _(
                    "Tên hoặc kiểu tệp (%(name)s, %(type)s) không khớp với nội dung tệp "
                    "(%(real)s). Chỉ nhận tệp PDF, PNG hoặc JPEG đúng đuôi."
                )
                % {"name": upload.name, "type": declared or "?", "real": extension.upper()}
            }
        )


def scan_content_type(name: str) -> str:
    """Content type of a stored scan, from the extension the upload check gave it."""
    return SCAN_TYPES[name.rsplit(".", 1)[-1]][1]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
