"""Admin of the API tokens: listed and revoked here, never created (see ApiTokenAdmin)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scoring.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; they are created by `manage.py create_api_token`,
    the one place the plaintext is shown."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    fields = readonly_fields
    actions = ("revoke_tokens",)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset) -> None:
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, ngettext("%(count)d token revoked.",
                                            "%(count)d tokens revoked.", count)
                          % {"count": count}, messages.SUCCESS)
