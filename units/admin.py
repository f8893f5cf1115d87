from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Academy, Battalion, PartyCell

admin.site.register(Academy, SimpleHistoryAdmin)
admin.site.register(Battalion, SimpleHistoryAdmin)
admin.site.register(PartyCell, SimpleHistoryAdmin)
