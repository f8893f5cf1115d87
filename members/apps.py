from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Học viên và đảng viên")

    def ready(self) -> None:
        from units.signals import cell_moved

        from .tallies import on_cell_moved

        cell_moved.connect(on_cell_moved, dispatch_uid="members_tallies_cell_moved")
