from accounts.roles import user_roles


def roles(request):
    """The signed-in user's roles, for the navigation bar."""
    return {"user_roles": user_roles(request.user)}
