from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AreaTarget, CellRollout, CellTarget, Resolution


class AreaTargetInline(admin.TabularInline):
    model = AreaTarget
    extra = 0


class CellTargetInline(admin.TabularInline):
    model = CellTarget
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "battalion", "year", "quarter", "signed_on", "is_supplement")
    list_filter = ("battalion", "year", "quarter", "is_supplement")
    search_fields = ("number", "title")
    list_select_related = ("battalion",)
    # The scan is checked by content in resolutions.services; the admin does not upload it.
    exclude = ("scan",)
    inlines = [AreaTargetInline, CellTargetInline]


@admin.register(CellRollout)
class CellRolloutAdmin(SimpleHistoryAdmin):
    list_display = ("resolution", "cell", "received_on", "discussed_on", "reported_on")
    list_filter = ("resolution__year", "cell__battalion")
    list_select_related = ("resolution", "cell")
