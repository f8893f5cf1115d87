"""Signed scans of resolutions: the type is read from the file's first bytes, never trusted from
its name or the browser's content type, and the size is capped."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Deployments may change the cap with the RESOLUTION_SCAN_MAX_BYTES setting.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# extension: (leading bytes, content type served back)
SCAN_TYPES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
}


def max_scan_bytes() -> int:
    return getattr(settings, "RESOLUTION_SCAN_MAX_BYTES", DEFAULT_MAX_BYTES)


def scan_extension(upload: UploadedFile) -> str:
    """The extension matching the file's content; ValidationError if too big or not PDF/PNG/JPEG."""
    limit = max_scan_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "scan": _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for extension, (magic, _content_type) in SCAN_TYPES.items():
        if head.startswith(magic):
            return extension
    raise ValidationError(
        {"scan": _("Bản ký phải là tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).")}
    )


def scan_content_type(name: str) -> str:
    """Content type of a stored scan, from the extension the upload check gave it."""
    return SCAN_TYPES[name.rsplit(".", 1)[-1]][1]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
