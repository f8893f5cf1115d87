from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from config.middleware import stamp_session_renewal

        user_logged_in.connect(stamp_session_renewal, dispatch_uid="stamp_session_renewal")


class SignInRecordsConfig(AxesAppConfig):
    """django-axes (sign-in attempts and lockouts) under a name people read: its own config
    leaves the admin's heading as "Axes"."""

    verbose_name = _("Đăng nhập và khoá tài khoản")
