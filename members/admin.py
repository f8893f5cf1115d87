from functools import partial

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import AdmissionStep, Person
from .profile import SENSITIVE_FIELDS, mask


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("code", "full_name", "cell", "cohort", "party_status", "stage")
    list_filter = ("party_status", "cell__battalion", "cohort")
    search_fields = ("code", "search_text")
    list_select_related = ("cell",)
    readonly_fields = ("party_status", "stage", "stage_date", "next_step", "next_due_date")
    # A clerk alone reads them in full (README, "Lý lịch"); an administrator is no clerk.
    conceal = {name: partial(mask, name) for name in SENSITIVE_FIELDS}

    def get_search_results(self, request, queryset, search_term):
        # The people list's search (every word in the name, diacritics optional, or the code),
        # which the one trigram index of both serves (members/migrations/0038).
        return queryset.search(search_term), False


@admin.register(AdmissionStep)
class AdmissionStepAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "date", "cell", "document_number")
    list_filter = ("kind",)
    list_select_related = ("person", "cell")
    raw_id_fields = ("person", "introducers")
