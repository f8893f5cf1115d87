"""Sending the reminder digests; keeping and removing the signed scans of a person's file."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.scans import check_declared_type, scan_content_type, scan_extension
from members.models import Person

from .dates import short_date
from .files import file_codes
from .models import FileScan, ReminderSent
from .selectors import WORKLIST_ROLES, WorkItem, worklist

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderRun:
    users: int = 0  # digests sent
    items: int = 0  # items in them
    failed: int = 0  # users whose digest could not be sent (retried on the next run)


def digest_items(user, *, today: datetime.date, working_days: int) -> list[WorkItem]:
    """The user's worklist items due within `working_days` working days, overdue included,
    that no digest has told them about yet today."""
    items = [
        item
        for item in worklist(user, today=today, horizon_working_days=working_days)
        if item.days_left <= working_days
    ]
    sent = set(
        ReminderSent.objects.filter(user=user, sent_on=today).values_list("item_key", flat=True)
    )
    return [item for item in items if item.key not in sent]


def reminders_send(*, today: datetime.date, working_days: int) -> ReminderRun:
    """E-mail every active user with an address and a worklist role a digest of their items
    falling due within `working_days` working days, and record each item sent.

    A second run on the same day sends only items that have appeared since, so nothing twice.
    Each digest is recorded in its own transaction after it has been handed to the mail server:
    a failure for one user neither loses the others' records nor marks theirs as sent.
    """
    recipients = (
        User.objects.filter(is_active=True, role__in=[role.value for role in WORKLIST_ROLES])
        .exclude(email="")
        .select_related("battalion", "cell")
        .order_by("pk")
    )
    users = items_sent = failed = 0
    for user in recipients:
        items = digest_items(user, today=today, working_days=working_days)
        if not items:
            continue
        message = _digest_message(user, items, today=today, working_days=working_days)
        try:
            message.send(fail_silently=False)
        except OSError:  # smtplib.SMTPException is an OSError too
            logger.exception("Không gửi được thư nhắc việc cho %s", user.username)
            failed += 1
            continue
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(user=user, sent_on=today, item_key=item.key, due=item.due)
                    for item in items
                ],
                ignore_conflicts=True,
            )
        users += 1
        items_sent += len(items)
    return ReminderRun(users=users, items=items_sent, failed=failed)


def _digest_message(
    user, items: list[WorkItem], *, today: datetime.date, working_days: int
) -> EmailMessage:
    overdue = sum(1 for item in items if item.is_overdue)
    subject = _("[Phát triển đảng viên] %(count)s việc đến hạn") % {"count": len(items)}
    if overdue:
        subject += _(" (%(overdue)s quá hạn)") % {"overdue": overdue}
    site = settings.SITE_URL.rstrip("/")
    body = render_to_string(
        "paperwork/email/digest.txt",
        {
            "user": user,
            "items": items,
            "today": short_date(today),
            "working_days": working_days,
            "site": site,
            "worklist_url": site + reverse("paperwork:worklist"),
        },
    )
    return EmailMessage(subject=subject, body=body, to=[user.email])


@transaction.atomic
def file_scan_upload(*, person: Person, form_code: str, upload: UploadedFile, user) -> FileScan:
    """Keep a signed scan of one form of the person's file. Refused (ValidationError naming the
    field, nothing stored) unless the form is one the file needs so far and the file is a PDF,
    PNG or JPEG by its content, of the type its name and content type claim, within the size
    cap (FILE_SCAN_MAX_BYTES)."""
    if form_code not in file_codes(person):
        raise ValidationError(
            {
                "form_code": _("Mẫu %(code)s không thuộc hồ sơ của người này ở bước hiện tại.")
                % {"code": form_code}
            }
        )
    extension = scan_extension(upload, limit=settings.FILE_SCAN_MAX_BYTES, field="file")
    check_declared_type(upload, extension, field="file")
    original_name = (upload.name or "")[:255]
    size = upload.size or 0
    upload.name = f"scan.{extension}"
    scan = FileScan(
        person=person,
        form_code=form_code,
        file=upload,
        original_name=original_name,
        content_type=scan_content_type(upload.name),
        size=size,
        uploaded_by=user,
    )
    scan.full_clean(exclude=["file"])
    scan.save()
    return scan


@transaction.atomic
def file_scan_remove(*, scan: FileScan, user) -> None:
    """Take a scan out of the file. The row and its file stay (the history shows who removed it
    and when); the file page and the zip no longer hold it."""
    scan.removed_at = timezone.now()
    scan.removed_by = user
    scan.save(update_fields=["removed_at", "removed_by"])
