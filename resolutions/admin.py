from django.contrib import admin

from accounts.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import AreaTarget, CellRollout, CellTarget, Resolution


class AreaTargetInline(ReadOnlyTabularInline):
    model = AreaTarget


class CellTargetInline(ReadOnlyTabularInline):
    model = CellTarget


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ("number", "battalion", "year", "quarter", "signed_on", "is_supplement")
    list_filter = ("battalion", "year", "quarter", "is_supplement")
    search_fields = ("number", "title")
    list_select_related = ("battalion",)
    # The scan is served only through the scoped view, never from the admin.
    exclude = ("scan",)
    inlines = [AreaTargetInline, CellTargetInline]


@admin.register(CellRollout)
class CellRolloutAdmin(ReadOnlyAdmin):
    list_display = ("resolution", "cell", "received_on", "discussed_on", "reported_on")
    list_filter = ("resolution__year", "cell__battalion")
    list_select_related = ("resolution", "cell")
