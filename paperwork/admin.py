from django.contrib import admin

from .models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Read-only: the log shows who was reminded of what; only send_reminders writes it."""

    list_display = ["sent_on", "user", "item_key", "due", "sent_at"]
    list_filter = ["sent_on"]
    search_fields = ["user__username", "item_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
