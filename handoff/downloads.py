"""The hand-off's one download: every letter, the committee's list and each probationary
member's summary, in a zip."""

import datetime
import zipfile
from io import BytesIO

from members.choices import PartyStatus
from members.models import Transfer
from paperwork.rendering import render_docx
from paperwork.transfer_documents import handoff_list, probation_summary, transfer_letter


def handoff_zip(
    transfers: list[Transfer], *, cohort: str, graduation: datetime.date, prepared_by: str
) -> bytes:
    """The zip of a cohort's hand-off: `GGT-…` letters, `Tom-tat-du-bi-…` summaries and the
    `DS-ban-giao-…` list, each a .docx."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        listing = handoff_list(
            transfers, cohort=cohort, graduation=graduation, prepared_by=prepared_by
        )
        archive.writestr(listing.filename, render_docx(listing))
        for transfer in transfers:
            letter = transfer_letter(transfer)
            archive.writestr(f"giay-gioi-thieu/{letter.filename}", render_docx(letter))
            if transfer.person.party_status == PartyStatus.PROBATIONARY:
                summary = probation_summary(transfer)
                archive.writestr(f"tom-tat-du-bi/{summary.filename}", render_docx(summary))
    return buffer.getvalue()
