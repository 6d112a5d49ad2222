"""Django's model backend, reading a user's permissions and group names in one query.

ModelBackend reads the user's own permissions and their groups' permissions in two queries,
and the navigation bar reads the user's group names (their roles) in a third, on every page.
One UNION query returns all three: its rows are (group name or NULL, app label, codename),
NULL for the user's own permissions, and a group's name with each of its permissions (or
once with NULLs for a group without any, so that every group is named). Its SQL is compiled
once per process (`_statement`); only the user's id changes.

The results are kept where ModelBackend keeps them (`_user_perm_cache`, `_group_perm_cache`,
then `_perm_cache`) and the group names beside them (`_group_names_cache`): on the user
object, so for one request, and gone when the user is read again from the database.
"""

import functools

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import CharField, Value

USER_CACHE = "_user_perm_cache"
GROUP_CACHE = "_group_perm_cache"
GROUP_NAMES_CACHE = "_group_names_cache"


class OneQueryModelBackend(ModelBackend):
    """ModelBackend, the first permission check of a request costing one query, not two."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            read_permissions(user_obj)
        return getattr(user_obj, cache_name)

    async def _aget_permissions(self, user_obj, obj, from_name):
        return await sync_to_async(self._get_permissions)(user_obj, obj, from_name)


def read_permissions(user) -> None:
    """Fill the user's permission caches that are missing, and their group names, from one
    query. A cache already there is kept, as ModelBackend would keep it."""
    own, from_groups, names = set(), set(), set()
    for group_name, app_label, codename in _permission_rows(user):
        if group_name is None:
            own.add(f"{app_label}.{codename}")
            continue
        names.add(group_name)
        if codename is not None:
            from_groups.add(f"{app_label}.{codename}")
    if user.is_superuser:  # every permission, from either source, as ModelBackend says
        from_groups = set(own)
    for cache_name, perms in ((USER_CACHE, own), (GROUP_CACHE, from_groups),
                              (GROUP_NAMES_CACHE, names)):
        if not hasattr(user, cache_name):
            setattr(user, cache_name, perms)


def group_names(user) -> set[str]:
    """The names of the user's groups, kept with the permission caches: read with the
    permissions, or on their own when the permissions are never read from the database (an
    inactive user holds none; a superuser holds all without asking)."""
    if not hasattr(user, GROUP_NAMES_CACHE):
        if user.is_active and not user.is_superuser:
            read_permissions(user)
        else:
            setattr(user, GROUP_NAMES_CACHE, set(user.groups.values_list("name", flat=True)))
    return getattr(user, GROUP_NAMES_CACHE)


def _permission_rows(user) -> list[tuple]:
    alias = router.db_for_read(Permission)
    sql, user_params = _statement(alias, user.is_superuser)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user.pk] * user_params)
        return cursor.fetchall()


_ANY_USER = -2_147_483_000  # stands for the user's id in the statement compiled once


@functools.cache
def _statement(alias: str, superuser: bool) -> tuple[str, int]:
    """The query's SQL and how many of its parameters are the user's id. Compiled once per
    process: building and compiling the UNION through the ORM costs more than running it, and
    only the user's id changes from one user to another."""
    sql, params = _permission_query(_ANY_USER, superuser).query.get_compiler(alias).as_sql()
    if set(params) != {_ANY_USER}:  # a parameter that is not the user's id would be frozen
        raise ImproperlyConfigured(f"unexpected parameters in the permissions query: {params}")
    return sql, len(params)


def _permission_query(user_pk, superuser: bool):
    own = Permission.objects.all() if superuser else Permission.objects.filter(user=user_pk)
    own = own.values_list(Value(None, output_field=CharField()),
                          "content_type__app_label", "codename").order_by()
    groups = (Group.objects.filter(user=user_pk)
              .values_list("name", "permissions__content_type__app_label",
                           "permissions__codename").order_by())
    return own.union(groups, all=True)
