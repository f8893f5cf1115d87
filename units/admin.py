from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import Academy, Battalion, PartyCell

admin.site.register(Academy, ReadOnlyAdmin)
admin.site.register(Battalion, ReadOnlyAdmin)
admin.site.register(PartyCell, ReadOnlyAdmin)
