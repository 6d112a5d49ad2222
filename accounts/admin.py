from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Medical profile"), {"fields": ("specialty",)}),)
    list_display = ("username", "first_name", "last_name", "specialty", "is_staff")
    list_filter = DjangoUserAdmin.list_filter + ("specialty",)
