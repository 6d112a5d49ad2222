"""Who may see and act on cases and their attachments: the one place these rules live.

A case carries a patient's health data, so seeing it follows the patient's own rule
(patients.permissions) on top of `view_case`; its owners (the referring clinician and the
co-owners they named) always see it. Acting for the referring clinician (editing a draft,
submitting, withdrawing, adding a document) is for the owners only: another clinician, or an
administrator, reads the case but does not change what its referrer asks the panel.
Whether the case's state allows the act is the workflow's to say (case_workflow), with its
own message; only editing and adding documents are refused here by state.

Each `*_for_*` helper answers 404 when the object is absent and 403 when the user may not do
that to it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from patients.models import Patient
from patients.permissions import can_list_patients, can_view_patient
from recommendations.case_workflow import WITHDRAW
from recommendations.models import Case, CaseAttachment, CaseStatus

# Documents may still arrive until the panel discusses the case; after that the record must
# show what the panel saw.
OPEN_FOR_DOCUMENTS = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.SCHEDULED)


def _is_owner(user, case: Case) -> bool:
    """The referring clinician, or a clinician they named co-owner of the case (read from
    the case's prefetched co-owners when it has them: a page asks several times)."""
    if not user.is_authenticated:
        return False
    if case.referring_clinician_id == user.pk:
        return True
    if "co_owners" in getattr(case, "_prefetched_objects_cache", {}):
        return any(co_owner.pk == user.pk for co_owner in case.co_owners.all())
    return case.co_owners.filter(pk=user.pk).exists()


def can_list_cases(user) -> bool:
    return user.is_authenticated and (user.has_perm("recommendations.view_case")
                                      or user.has_perm("recommendations.add_case"))


def visible_cases(user) -> QuerySet[Case]:
    """The cases `can_view_case` lets the user see, as a query (for the list)."""
    if not user.is_authenticated:
        return Case.objects.none()
    if _sees_every_case(user):
        return Case.objects.all()
    mine = Q(referring_clinician=user) | Q(pk__in=user.co_owned_cases.values("pk"))
    return Case.objects.filter(mine)


def sees_every_case(user) -> bool:
    """Public form of the rule below, for lists of rows hanging off cases."""
    return user.is_authenticated and _sees_every_case(user)


def _sees_every_case(user) -> bool:
    """Whether `view_case` and the patients' rule open every case to the user.

    patients.permissions has no object-level rule yet: whoever may list patients may read
    each one, hence each case. Saying so spares the database a "patient among every patient"
    filter (a scan of the patients table on every page that lists cases). When the patients'
    rule gains an object-level part, it must offer its query, and visible_cases will filter
    on it here instead."""
    return user.has_perm("recommendations.view_case") and can_list_patients(user)


def visible_among(user, cases) -> set[int]:
    """The pks of `cases` (already read) the user may see: no query when they see every case."""
    pks = [case.pk for case in cases]
    if not user.is_authenticated or not pks:
        return set()
    if _sees_every_case(user):
        return set(pks)
    return set(visible_cases(user).filter(pk__in=pks).values_list("pk", flat=True))


def only_visible(user, cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` narrowed to those the user may see, keeping its order and joins."""
    if user.is_authenticated and _sees_every_case(user):
        return cases
    return cases.filter(pk__in=visible_cases(user).values("pk"))


def can_view_case(user, case: Case) -> bool:
    if _is_owner(user, case):
        return True
    return (user.is_authenticated and user.has_perm("recommendations.view_case")
            and can_view_patient(user, case.patient))


def can_create_case(user, patient: Patient) -> bool:
    return (user.is_authenticated and user.has_perm("recommendations.add_case")
            and can_view_patient(user, patient))


def can_act_for_referrer(user, case: Case) -> bool:
    """Submit or withdraw the case (when its state allows), whatever its state."""
    return _is_owner(user, case)


def can_edit_case(user, case: Case) -> bool:
    return case.status == CaseStatus.DRAFT and can_act_for_referrer(user, case)


def can_submit_case(user, case: Case) -> bool:
    """Whether to offer the button; the workflow checks what the case still needs."""
    return case.status == CaseStatus.DRAFT and can_act_for_referrer(user, case)


def can_withdraw_case(user, case: Case) -> bool:
    return case.status in WITHDRAW.sources and can_act_for_referrer(user, case)


def can_add_attachment(user, case: Case) -> bool:
    return (case.status in OPEN_FOR_DOCUMENTS and can_act_for_referrer(user, case)
            and user.has_perm("recommendations.add_caseattachment"))


def can_view_attachments(user, case: Case) -> bool:
    return can_view_case(user, case) and (
        _is_owner(user, case) or user.has_perm("recommendations.view_caseattachment"))


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _case(pk: int, *prefetch: str) -> Case:
    return get_object_or_404(
        Case.objects.select_related("patient", "referring_clinician", "meeting")
        .prefetch_related(*prefetch), pk=pk)


def patient_for_new_case(user, patient_pk: int) -> Patient:
    patient = get_object_or_404(Patient, pk=patient_pk)
    _allowed(can_create_case(user, patient))
    return patient


def case_for_reading(user, pk: int, *, prefetch: tuple[str, ...] = ()) -> Case:
    """`prefetch`: the case's relations its page shows, read with it (its co-owners then
    also answer `_is_owner` without a query)."""
    case = _case(pk, *prefetch)
    _allowed(can_view_case(user, case))
    return case


def case_for_editing(user, pk: int) -> Case:
    case = _case(pk)
    _allowed(can_edit_case(user, case))
    return case


def case_for_acting(user, pk: int) -> Case:
    """For submitting and withdrawing: the workflow then says whether the state allows it."""
    case = _case(pk)
    _allowed(can_act_for_referrer(user, case))
    return case


def case_for_attaching(user, pk: int) -> Case:
    case = _case(pk)
    _allowed(can_add_attachment(user, case))
    return case


def attachment_for_reading(user, case_pk: int, pk: int) -> CaseAttachment:
    attachment = get_object_or_404(
        CaseAttachment.objects.select_related("case__patient"), pk=pk, case_id=case_pk)
    _allowed(can_view_attachments(user, attachment.case))
    return attachment


def can_view_statistics(user) -> bool:
    """The activity statistics (aggregates, no patient): a permission of its own, which the
    coordinator and administrator roles hold (accounts.roles)."""
    return user.is_authenticated and user.has_perm("recommendations.view_statistics")
