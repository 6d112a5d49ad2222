from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Same hook Django uses to create permissions: groups follow every migrate.
        from accounts.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        # Each login starts the session's clocks (idle and absolute limits) and notes whether
        # it needs a second factor: accounts/middleware.py.
        from accounts.middleware import start_session

        user_logged_in.connect(start_session, dispatch_uid="accounts.start_session")
