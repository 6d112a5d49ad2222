from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    """Django's admin app with the site that requires the second factor
    (accounts/admin_site.py); listed in INSTALLED_APPS instead of django.contrib.admin."""

    default_site = "accounts.admin_site.SecondFactorAdminSite"
