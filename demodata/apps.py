from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemodataConfig(AppConfig):
    """Demo and synthetic data: the top of the import graph, so no base app imports it."""

    name = "demodata"
    verbose_name = _("Dữ liệu mẫu")
