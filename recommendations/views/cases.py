"""Case pages: the list, a case's form and page, and its submission and withdrawal; and the
patient page's panel of the patient's cases.

The state of a case only ever changes through recommendations.case_workflow; a refusal is
shown to the user as the workflow words it, and the case is left as it was.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import SubjectKind, record_access, refusals_recorded
from patients.concurrency import EditConflict, save_unless_changed
from patients.models import Patient
from patients.panels import Panel
from recommendations.case_workflow import submit_case, withdraw_case
from recommendations.documents.actions import latest_document
from recommendations.forms.attachment import AttachmentForm
from recommendations.forms.case import CaseForm
from recommendations.forms.filters import CASE_SORTING, CaseFilterForm
from recommendations.list_selectors import filtered_cases
from recommendations.models import Case, CaseStatus, Urgency
from recommendations.permissions import (
    can_add_attachment,
    can_create_case,
    can_edit_case,
    can_list_cases,
    can_submit_case,
    can_view_attachments,
    can_withdraw_case,
    case_for_acting,
    case_for_editing,
    case_for_reading,
    patient_for_new_case,
    visible_cases,
)
from recommendations.proposal_permissions import can_open_discussion
from recommendations.workflow import TransitionRefused, events_of
from scoring.panels import evaluate_patient

PAGE_SIZE = 25


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not can_list_cases(request.user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET)
    sort = CASE_SORTING.parse(request.GET.get("sort"))
    cases = CASE_SORTING.apply(filtered_cases(user=request.user, **form.applied()), sort)
    return render(request, "recommendations/cases/case_list.html", {
        "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form,
        "sort": sort,
        "columns": CASE_SORTING.columns(sort),
    })


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, patient_pk: int) -> HttpResponse:
    patient = patient_for_new_case(request.user, patient_pk)
    # The referrer is known before the form: it is not offered as a co-owner of its own case.
    form = CaseForm(request.POST if request.method == "POST" else None, patient=patient,
                    instance=Case(patient=patient, referring_clinician=request.user))
    if form.is_bound and form.is_valid():
        case = form.save()
        messages.success(request, _("Draft case saved. Submit it to the panel once it is "
                                    "complete."))
        return redirect(case)
    return render(request, "recommendations/cases/case_form.html",
                  {"form": form, "patient": patient, "case": None})


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.CASE, model="recommendations.Case")
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_editing(request.user, pk)
    if request.method == "GET":  # the form shows the stored case
        record_access(request, patient=case.patient, kind=SubjectKind.CASE, subject_id=case.pk)
    form = CaseForm(request.POST if request.method == "POST" else None, instance=case,
                    patient=case.patient)
    if form.is_bound and form.is_valid():
        try:
            case = save_unless_changed(form)
        except EditConflict as conflict:  # someone saved first: show both, lose nothing
            form.accept_stored_version(conflict)
            return render(request, "recommendations/cases/case_form.html",
                          {"form": form, "patient": case.patient, "case": case,
                           "conflict": conflict}, status=409)
        messages.success(request, _("Case saved."))
        return redirect(case)
    return render(request, "recommendations/cases/case_form.html",
                  {"form": form, "patient": case.patient, "case": case})


@require_GET
@refusals_recorded(SubjectKind.CASE, model="recommendations.Case")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request.user, pk, prefetch=("co_owners",))
    record_access(request, patient=case.patient, kind=SubjectKind.CASE, subject_id=case.pk)
    prefetch_related_objects([case], "lesions", "attachments")
    user = request.user
    return render(request, "recommendations/cases/case_detail.html", {
        "case": case,
        "patient": case.patient,
        "history": case_history(case),
        "can_edit": can_edit_case(user, case),
        "can_submit": can_submit_case(user, case),
        "can_withdraw": can_withdraw_case(user, case),
        "can_view_attachments": can_view_attachments(user, case),
        "attachment_form": AttachmentForm() if can_add_attachment(user, case) else None,
        "can_discuss": case.status == CaseStatus.SCHEDULED and can_open_discussion(user),
        # The list shows each version's number and state, not its (large) contents.
        "proposals": case.proposals.only("case", "version", "status").order_by("-version"),
        "summary_document": latest_document("case_summary", case),
    })


def case_history(case: Case) -> list[dict]:
    """The recorded transitions, oldest first, with the states' names in words."""
    names = dict(CaseStatus.choices)
    return [{"at": event.at, "by": event.by, "note": event.note,
             "from": names.get(event.from_state, event.from_state),
             "to": names.get(event.to_state, event.to_state)}
            for event in events_of(case)]


def cord_compression(patient: Patient) -> bool:
    """Whether the engine finds a spinal cord compression in the patient's lesions (an
    undetermined finding is not one: the clinician can still mark the case urgent)."""
    return bool(evaluate_patient(patient).spinal_cord_compression.present)


@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_acting(request.user, pk)
    compression = cord_compression(case.patient)
    try:
        submit_case(case, request.user, compression=compression)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(case)
    messages.success(request, _("Case submitted to the coordinators."))
    if compression and case.urgency == Urgency.URGENT:
        messages.warning(request, _("A spinal cord compression was found in the patient's "
                                    "lesions: the case is marked urgent."))
    return redirect(case)


@require_POST
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_acting(request.user, pk)
    try:
        withdraw_case(case, request.user, reason=request.POST.get("reason", "").strip())
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(case)
    messages.success(request, _("Case withdrawn."))
    return redirect(case)


def patient_cases_panel(patient: Patient, request: HttpRequest) -> Panel | None:
    """The patient's cases the user may see, and a link to start one (for
    settings.PATIENT_PAGE_PANELS); nothing for a user who may neither."""
    user = request.user
    may_create = can_create_case(user, patient)
    if not (may_create or can_list_cases(user)):
        return None
    cases = visible_cases(user).filter(patient=patient).select_related("referring_clinician",
                                                                       "meeting")
    return Panel("recommendations/cases/_patient_panel.html", {
        "patient": patient, "cases": cases.order_by("-created_at", "-pk"),
        "can_create_case": may_create,
    })
