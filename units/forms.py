from typing import cast

from django import forms

from .models import Battalion, PartyCell


class PartyCellForm(forms.ModelForm):
    class Meta:
        model = PartyCell
        fields = ["battalion", "code", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        battalion = cast(forms.ModelChoiceField, self.fields["battalion"])
        battalion.queryset = Battalion.objects.visible_to(user)


class BattalionForm(forms.ModelForm):
    class Meta:
        model = Battalion
        fields = ["academy", "code", "name", "committee_name"]
