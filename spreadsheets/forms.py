from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Battalion

from .reader import SpreadsheetError, max_upload_bytes, read_table


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        help_text=_("Dùng tệp mẫu; dữ liệu chỉ được ghi sau khi xem trước và xác nhận."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            # Refused before reading it into memory.
            raise SpreadsheetError(
                _("Tệp quá lớn; giới hạn là %(limit)s MB.")
                % {"limit": max_upload_bytes() // (1024 * 1024)}
            )
        # A file that cannot be read at all is refused here, before anything is kept.
        self.table = read_table(upload.read(), upload.name)
        return upload


class ExportForm(forms.Form):
    """Which battalion to export: one the user may see, or every one when left out."""

    tieu_doan = forms.ModelChoiceField(queryset=Battalion.objects.none(), required=False)
    # The citizen IDs and addresses in full: honoured for a clerk only (members.profile).
    day_du = forms.BooleanField(required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        battalion = cast(forms.ModelChoiceField, self.fields["tieu_doan"])
        battalion.queryset = Battalion.objects.visible_to(user)
