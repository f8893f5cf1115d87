from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin

from .models import User

SCOPE_FIELDS = ["role", "battalion", "cell", "is_active"]


class UserCreateForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "email", *SCOPE_FIELDS]
        labels = {"last_name": _("Họ và tên đệm"), "first_name": _("Tên")}


class UserEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", *SCOPE_FIELDS]
        labels = UserCreateForm.Meta.labels
