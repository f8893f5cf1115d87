from django.contrib import admin

from accounts.admin import ReadOnlyPermissions

from .models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """The log shows who was reminded of what; only send_reminders writes it."""

    list_display = ["sent_on", "user", "item_key", "due", "sent_at"]
    list_filter = ["sent_on"]
    search_fields = ["user__username", "item_key"]
