"""Demo papers beyond the people's steps (issue 15): signed scans in a few files, so that a file
page shows documents present as scans; one member of another organisation attending a cell
temporarily. Idempotent: each is added only when the demo does not hold it yet."""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from members.choices import Gender, PartyStatus, StudyStatus
from members.models import Person, TemporaryMember
from members.temporary import temporary_arrive
from paperwork.models import FileScan
from paperwork.services import file_scan_upload
from units.models import PartyCell

from .people import DEMO_CODE_PREFIX

TEMPORARY_LETTER = "52-GT/ĐU"
SCANNED_PEOPLE = 3


def _pdf(title: str) -> bytes:
    """A one-page PDF that any reader opens, standing for a scanned signed form."""
    text = f"BT /F1 18 Tf 72 760 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    table = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return body


def _png(width: int = 120, height: int = 170) -> bytes:
    """A small grey page with a darker band, standing for a photographed signed form."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes([90 if 20 <= y < 30 else 235]) * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def seed_scans(user) -> None:
    """Signed scans of the application (1-KNĐ, PDF) and of the cell's resolution (6-KNĐ, PNG) in
    the files of the first probationary members of the first cell, by name."""
    demo = Person.objects.filter(code__startswith=DEMO_CODE_PREFIX)
    if FileScan.objects.filter(person__in=demo).exists():
        return
    people = demo.filter(
        party_status=PartyStatus.PROBATIONARY, study_status=StudyStatus.STUDYING
    ).order_by("cell__battalion__code", "cell__code", "sort_name", "pk")[:SCANNED_PEOPLE]
    for person in people:
        uploads = [
            ("1-KNĐ", SimpleUploadedFile("don-xin-vao-dang.pdf", _pdf("1-KND"), "application/pdf")),
            ("6-KNĐ", SimpleUploadedFile("nghi-quyet-chi-bo.png", _png(), "image/png")),
        ]
        for code, upload in uploads:
            file_scan_upload(person=person, form_code=code, upload=upload, user=user)


def seed_temporary_member(cell: PartyCell, *, today: datetime.date, user) -> None:
    """A cadet of another unit on a course, attending `cell` from five weeks ago for four more
    months: on the cell's list, never among its official members."""
    if TemporaryMember.objects.filter(letter_number=TEMPORARY_LETTER).exists():
        return
    temporary_arrive(
        cell=cell,
        full_name="Hoàng Minh Tạm",
        date_of_birth=datetime.date(today.year - 27, 3, 14),
        gender=Gender.MALE,
        party_status=PartyStatus.OFFICIAL,
        home_unit="Trung đoàn 141, Sư đoàn 312",
        home_committee="Đảng ủy Trung đoàn 141",
        letter_number=TEMPORARY_LETTER,
        start_date=today - datetime.timedelta(days=35),
        until=today + datetime.timedelta(days=120),
        reason="Học lớp bồi dưỡng cán bộ kỹ thuật tại Học viện",
        user=user,
    )
