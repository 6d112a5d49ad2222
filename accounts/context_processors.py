from django.utils.functional import SimpleLazyObject

from accounts.roles import user_roles


def roles(request):
    """The signed-in user's roles, for the navigation bar.

    Lazy and read once per request: every panel rendered with the request runs the context
    processors again, and most of them never show the roles."""
    return {"user_roles": SimpleLazyObject(lambda: _roles_of(request))}


def _roles_of(request) -> list:
    if not hasattr(request, "_user_roles"):
        request._user_roles = user_roles(request.user)
    return request._user_roles
