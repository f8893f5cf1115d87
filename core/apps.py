from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Dùng chung")

    def ready(self) -> None:
        # SQLite lacks the median the reports and the admission plans aggregate with.
        from .expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="core_sqlite_median")
