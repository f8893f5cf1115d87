from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản")


class SignInRecordsConfig(AxesAppConfig):
    """django-axes (sign-in attempts and lockouts) under a name people read: its own config
    leaves the admin's heading as "Axes"."""

    verbose_name = _("Đăng nhập và khoá tài khoản")
