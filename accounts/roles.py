"""The four roles, as Django groups, and the permissions each one holds.

A user may hold several roles. Views ask permissions (`user.has_perm`), never group names,
so a role's rights are stated here once. `sync_role_groups` runs after every migrate so a new
permission reaches its groups without a hand-written data migration.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from accounts.backends import group_names


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: tuple[str, ...]  # "app_label.codename"


_READ_RECORDS = (
    "patients.view_patient",
    "patients.view_lesion",
)
_WRITE_RECORDS = (
    "patients.add_patient",
    "patients.change_patient",
    "patients.add_lesion",
    "patients.change_lesion",
    "patients.delete_lesion",
)


# Every permission of the scoring app: the referentials (each edition, its sources, settings
# and typed tables, whatever tables later editions add) and the API tokens. Named by app, as
# accounts must not import the apps built on it.
_MANAGE_SCORING = ("scoring.*",)

# Cases and proposals: everyone involved reads them; each role acts on its part.
_READ_CASES = (
    "recommendations.view_case",
    "recommendations.view_caseattachment",
    "recommendations.view_meeting",
    "recommendations.view_proposal",
)
_REFER_CASES = (
    "recommendations.add_case",
    "recommendations.change_case",
    "recommendations.add_caseattachment",
)

CLINICIAN = Role("clinician", _("Referring clinician"),
                 _READ_RECORDS + _WRITE_RECORDS + _READ_CASES + _REFER_CASES)
COORDINATOR = Role(
    "coordinator",
    _("Coordinator"),
    _READ_RECORDS + _READ_CASES + (
        "recommendations.add_meeting",
        "recommendations.change_meeting",
        "recommendations.delete_meeting",
        "recommendations.schedule_case",
        "recommendations.view_attendance",
        "recommendations.add_attendance",
        "recommendations.change_attendance",
        "recommendations.delete_attendance",
        "recommendations.view_statistics",
    ),
)
PANEL_MEMBER = Role(
    "panel_member", _("Panel member"),
    _READ_RECORDS + _READ_CASES + (
        "recommendations.change_proposal",
        "recommendations.sign_proposal",
        "recommendations.view_attendance",
    ),
)
ADMIN = Role(
    "admin",
    _("Administrator"),
    _READ_RECORDS + _WRITE_RECORDS + _READ_CASES + (
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        # The access log, on behalf of patients who ask who saw their record (read only:
        # nobody holds any other right on it).
        "audit.view_accessevent",
        # Login lockouts (django-axes): see them and lift one by deleting it; a user's
        # second-factor device: remove it when its phone is lost, so the user enrols again.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        # Activity statistics: aggregates, no patient (the coordinators have it too).
        "recommendations.view_statistics",
    ) + _MANAGE_SCORING,
)

ROLES = (CLINICIAN, COORDINATOR, PANEL_MEMBER, ADMIN)
ROLES_BY_CODE = {role.code: role for role in ROLES}


def role_permissions(role: Role) -> list[Permission]:
    """The permissions a role's names stand for; "<app>.*" is every permission of the app's
    models (not of their history tables, which nobody edits)."""
    wanted = []
    for dotted in role.permissions:
        app_label, codename = dotted.split(".")
        perms = Permission.objects.filter(content_type__app_label=app_label)
        if codename == "*":
            perms = perms.exclude(content_type__model__startswith="historical")
        else:
            perms = perms.filter(codename=codename)
        wanted += list(perms)  # none only while that app's migrations are pending
    return wanted


def sync_role_groups(**kwargs) -> None:
    """Create each role's group and give it exactly the permissions listed above."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.code)
        group.permissions.set(role_permissions(role))


def user_roles(user) -> list[Role]:
    """Read with the user's permissions (one query for both, kept for the request)."""
    if not user.is_authenticated:
        return []
    names = group_names(user)
    return [role for role in ROLES if role.code in names]


def grant_role(user, role: Role) -> None:
    user.groups.add(Group.objects.get(name=role.code))
