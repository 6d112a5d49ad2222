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
    """The referring clinician, or a clinician they named co-owner of the case."""
    if not user.is_authenticated:
        return False
    return (case.referring_clinician_id == user.pk
            or case.co_owners.filter(pk=user.pk).exists())


def can_list_cases(user) -> bool:
    return user.is_authenticated and (user.has_perm("recommendations.view_case")
                                      or user.has_perm("recommendations.add_case"))


def visible_cases(user) -> QuerySet[Case]:
    """The cases `can_view_case` lets the user see, as a query (for the list)."""
    if not user.is_authenticated:
        return Case.objects.none()
    mine = Q(referring_clinician=user) | Q(pk__in=user.co_owned_cases.values("pk"))
    if not user.has_perm("recommendations.view_case"):
        return Case.objects.filter(mine)
    return Case.objects.filter(mine | Q(patient__in=_readable_patients(user)))


def _readable_patients(user) -> QuerySet[Patient]:
    # patients.permissions has no object-level rule yet: whoever may list patients may read
    # each one. When it gains one, it must offer this query and this function will call it.
    return Patient.objects.all() if can_list_patients(user) else Patient.objects.none()


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


def _case(pk: int) -> Case:
    return get_object_or_404(
        Case.objects.select_related("patient", "referring_clinician", "meeting"), pk=pk)


def patient_for_new_case(user, patient_pk: int) -> Patient:
    patient = get_object_or_404(Patient, pk=patient_pk)
    _allowed(can_create_case(user, patient))
    return patient


def case_for_reading(user, pk: int) -> Case:
    case = _case(pk)
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
