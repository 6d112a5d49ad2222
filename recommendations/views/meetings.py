"""Meeting pages: the calendar, a meeting's agenda and its attendance (coordinators act, every
role reads)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recommendations import meetings as domain
from recommendations.case_workflow import schedule_case, unschedule_case
from recommendations.forms.filters import (
    MEETING_DEFAULT_SORTS,
    MEETING_SORTING,
    MeetingFilterForm,
)
from recommendations.forms_meetings import AttendanceForm, MeetingForm
from recommendations.list_selectors import filtered_meetings
from recommendations.meeting_permissions import (
    can_create_meeting,
    can_edit_meeting,
    can_plan_agenda,
    can_record_attendance,
    can_view_attendance,
    can_view_meeting,
    can_view_meetings,
    meeting_for,
)
from recommendations.models import (
    Attendance,
    Case,
    CaseStatus,
    Document,
    DocumentKind,
    Meeting,
    Urgency,
)
from recommendations.permissions import only_visible, visible_among, visible_cases
from recommendations.workflow import TransitionRefused

PAGE_SIZE = 25
MOVES = {"up": -1, "down": 1}

def _detail(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("recommendations:meeting_detail", args=[meeting.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Calendar ------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not can_view_meetings(request.user):
        raise PermissionDenied
    form = MeetingFilterForm(request.GET)
    filters = form.applied()
    when = filters.get("when", "upcoming")
    sort = MEETING_SORTING.parse(request.GET.get("sort"), default=MEETING_DEFAULT_SORTS[when])
    meetings = MEETING_SORTING.apply(filtered_meetings(**filters), sort)
    return render(request, "recommendations/meeting_list.html", {
        "page": Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form,
        "when": when,
        "sort": sort,
        "columns": MEETING_SORTING.columns(sort),
        "can_create": can_create_meeting(request.user),
    })


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not (can_view_meetings(request.user) and can_create_meeting(request.user)):
        raise PermissionDenied
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        meeting = domain.create_meeting(by=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting %(meeting)s created.") % {"meeting": meeting})
        return _detail(meeting)
    return render(request, "recommendations/meetings/meeting_form.html",
                  {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_edit_meeting)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if form.is_bound and form.is_valid():
        meeting = domain.update_meeting(meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting %(meeting)s saved.") % {"meeting": meeting})
        return _detail(meeting)
    # The heading names the meeting as saved, not as typed in an invalid form.
    return render(request, "recommendations/meetings/meeting_form.html",
                  {"form": form, "meeting": Meeting.objects.get(pk=meeting.pk)})


# --- The meeting page ----------------------------------------------------------------------


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_view_meeting)
    return _render_detail(request, meeting)


def _render_detail(request: HttpRequest, meeting: Meeting,
                   attendance_form: AttendanceForm | None = None) -> HttpResponse:
    user = request.user
    may_plan = can_plan_agenda(user, meeting)
    may_record = can_record_attendance(user, meeting)
    may_see_attendance = can_view_attendance(user, meeting)
    if may_record and attendance_form is None:
        attendance_form = AttendanceForm(meeting=meeting, action=reverse(
            "recommendations:attendance_add", args=[meeting.pk]))
    attendances = list(domain.attendances(meeting)) if may_see_attendance else []
    return render(request, "recommendations/meetings/meeting_detail.html", {
        "meeting": meeting,
        "expected_specialties": domain.specialty_labels(meeting.expected_specialties),
        "agenda": _agenda_rows(user, meeting),
        "waiting": list(only_visible(user, domain.cases_waiting())) if may_plan else [],
        "over": domain.is_over(meeting),
        "deadline_passed": domain.deadline_passed(meeting),
        "urgent": Urgency.URGENT,
        "can_edit": can_edit_meeting(user, meeting),
        "can_plan": may_plan,
        "can_view_attendance": may_see_attendance,
        "can_record_attendance": may_record,
        "attendances": [(attendance, domain.specialty_label(attendance.specialty))
                        for attendance in attendances],
        "quorum": domain.meeting_quorum(meeting, attendances) if may_see_attendance else None,
        "attendance_form": attendance_form,
        **_print_documents(meeting),
    })


def _print_documents(meeting: Meeting) -> dict[str, Document | None]:
    """The agenda's and the booklet's `latest_document`, read in one query."""
    kinds = {"agenda_document": DocumentKind.AGENDA, "booklet_document": DocumentKind.BOOKLET}
    newest = [Q(pk=Subquery(Document.objects.filter(kind=kind, meeting=meeting)
                            .order_by("-created_at", "-pk").values("pk")[:1]))
              for kind in kinds.values()]
    found = {document.kind: document
             for document in Document.objects.filter(newest[0] | newest[1])}
    return {name: found.get(kind) for name, kind in kinds.items()}


@dataclass(frozen=True)
class AgendaRow:
    case: Case
    visible: bool  # whether the user may see the patient and the question
    scheduled: bool  # still to discuss: may be moved or taken off the agenda
    first: bool  # among the cases still to discuss
    last: bool
    status: str  # the case's state in words (get_status_display, its labels read once)


# What an agenda row shows (templates/recommendations/meetings/_agenda.html): reading only
# these spares the case's texts and the patient's whole record, thirty times over.
AGENDA_FIELDS = ("status", "urgency", "question", "agenda_position", "meeting",
                 "patient__family_name", "patient__given_name", "patient__ipp",
                 "referring_clinician__username", "referring_clinician__first_name",
                 "referring_clinician__last_name")


def _agenda_rows(user, meeting: Meeting) -> list[AgendaRow]:
    cases = list(domain.agenda(meeting).only(*AGENDA_FIELDS))
    visible = visible_among(user, cases)
    scheduled = [case.pk for case in cases if case.status == CaseStatus.SCHEDULED]
    statuses = {value: str(label) for value, label in Case._meta.get_field("status").flatchoices}
    return [AgendaRow(case=case, visible=case.pk in visible, scheduled=case.pk in scheduled,
                      first=bool(scheduled) and case.pk == scheduled[0],
                      last=bool(scheduled) and case.pk == scheduled[-1],
                      status=statuses.get(case.status, case.status))
            for case in cases]


# --- Agenda --------------------------------------------------------------------------------


@require_POST
def meeting_schedule_case(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_plan_agenda)
    case = get_object_or_404(visible_cases(request.user), pk=case_pk)
    try:
        schedule_case(case, meeting, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return _detail(meeting, "waiting")
    messages.success(request, _("%(case)s is on the agenda.") % {"case": case})
    return _detail(meeting, "agenda")


@require_POST
def meeting_unschedule_case(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_plan_agenda)
    case = get_object_or_404(Case, pk=case_pk, meeting=meeting)
    try:
        unschedule_case(case, request.user, note=request.POST.get("note", "").strip())
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(case)s is off the agenda, back with the cases waiting.")
                         % {"case": case})
    return _detail(meeting, "agenda")


@require_POST
def meeting_move_case(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_plan_agenda)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Move a case up or down."))
    try:
        domain.move_on_agenda(meeting, case_pk, offset)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return _detail(meeting, f"case-{case_pk}")


# --- Attendance ----------------------------------------------------------------------------


@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_record_attendance)
    form = AttendanceForm(request.POST, meeting=meeting, action=request.path)
    if not form.is_valid():
        return _render_detail(request, meeting, attendance_form=form)
    attendance = domain.record_attendance(
        meeting, form.cleaned_data["user"], by=request.user,
        present=form.cleaned_data["present"], specialty=form.cleaned_data["specialty"])
    messages.success(request, _("%(participant)s added.") % {"participant": attendance.user})
    return _detail(meeting, "attendance")


@require_POST
def attendance_presence(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_record_attendance)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, meeting=meeting)
    present = request.POST.get("present")
    if present not in ("0", "1"):
        return HttpResponseBadRequest(_("Say whether the participant was present."))
    domain.record_attendance(meeting, attendance.user, by=request.user,
                             present=present == "1")
    return _detail(meeting, "attendance")


@require_POST
def attendance_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, can_record_attendance)
    attendance = get_object_or_404(Attendance.objects.select_related("user"),
                                   pk=attendance_pk, meeting=meeting)
    domain.remove_attendance(attendance, by=request.user)
    messages.success(request, _("%(participant)s removed from the attendance list.")
                     % {"participant": attendance.user})
    return _detail(meeting, "attendance")
