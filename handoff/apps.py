from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffConfig(AppConfig):
    """The graduation hand-off: a cohort's members transferred to their units in one go."""

    name = "handoff"
    verbose_name = _("Bàn giao khi tốt nghiệp")
