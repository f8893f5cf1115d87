from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.validators import MaxLengthValidator
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


class LoginForm(AuthenticationForm):
    """Django's sign-in form with its user-name length enforced: AuthenticationForm sets the
    field's max_length after the field is built, so no validator checks it, and an over-long
    name reached django-axes' sign-in record (255 characters on PostgreSQL) and failed there."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length))
