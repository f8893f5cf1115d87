from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class ProductUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Vai trò", {"fields": ("role", "battalion", "cell")}),)
    list_display = ("username", "last_name", "first_name", "role", "battalion", "cell")
    list_filter = ("role", "battalion")
