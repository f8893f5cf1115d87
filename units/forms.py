from typing import cast

from django import forms

from core.concurrency import VersionedFormMixin

from .models import Battalion, PartyCell, SignerTitle


class PartyCellForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PartyCell
        fields = ["battalion", "code", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        battalion = cast(forms.ModelChoiceField, self.fields["battalion"])
        battalion.queryset = Battalion.objects.visible_to(user)


class BattalionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Battalion
        fields = [
            "academy",
            "code",
            "name",
            "committee_name",
            "committee_members",
            "deciding_committee_name",
            "committee_signer_title",
            "committee_signer_name",
            "deciding_signer_title",
            "deciding_signer_name",
        ]

    SIGNER_TITLES = ("committee_signer_title", "deciding_signer_title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A title left out (a battalion created before the signers were set) is the secretary.
        for name in self.SIGNER_TITLES:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.SIGNER_TITLES:
            if not data.get(name):
                data[name] = SignerTitle.SECRETARY
        return data
