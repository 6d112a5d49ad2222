"""Who may read the access log: the administrators (accounts.roles gives their role the
permission), on behalf of the patients, who have the right to know who saw their record."""

from django.core.exceptions import PermissionDenied


def can_view_accesses(user) -> bool:
    return user.is_authenticated and user.has_perm("audit.view_accessevent")


def require_access_log_reader(user) -> None:
    if not can_view_accesses(user):
        raise PermissionDenied
