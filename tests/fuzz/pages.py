"""Every page of the project that answers GET, with who reads it, for the query-string fuzz
(list filters, sorting, paging, the timeline's categories, the planning dates of the patient
page, `next`...); and the URLs left out of both fuzz tests, each with its reason."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.urls import reverse

from patients.forms.filters import PatientFilterForm
from recommendations.forms.filters import CaseFilterForm, MeetingFilterForm
from recommendations.forms_follow_up import FollowUpFilterForm
from recommendations.statistics.period import PeriodForm
from scoring.forms import PlanningForm
from scoring.models import Referential
from tests.fuzz.targets import url


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None
    url: Callable  # world -> path
    form: Callable[[], forms.BaseForm] | None = None  # the filter form its query feeds
    examples: int = 8
    # Admin views answer POST as they answer GET (they read no body): no 405 to expect.
    refuses_post: bool = True


def _referential_url(name: str) -> Callable:
    return lambda w: reverse(name, args=[Referential.objects.order_by("pk").first().pk])


PAGES: list[Page] = [
    Page("home", "clinician", url("home")),
    Page("health", None, url("health")),
    Page("login", None, url("login")),
    Page("password_change", "clinician", url("password_change")),
    Page("password_change_done", "clinician", url("password_change_done")),
    Page("security", "clinician", url("security")),
    Page("second_factor_enrol", "clinician", url("second_factor_enrol")),
    Page("second_factor_verify", "with_device", url("second_factor_verify")),
    Page("patients:list", "clinician", url("patients:list"), PatientFilterForm, examples=80),
    Page("patients:create", "clinician", url("patients:create")),
    Page("patients:detail", "clinician", url("patients:detail", "patient"),
         lambda: PlanningForm(today=dt.date.today()), examples=50),
    Page("patients:edit", "clinician", url("patients:edit", "patient")),
    Page("patients:history", "clinician", url("patients:history", "patient")),
    Page("patients:timeline", "clinician", url("patients:timeline", "patient"), examples=50),
    Page("patients:record_add", "clinician",
         lambda w: reverse("patients:record_add", args=[w.patient.pk, "measurements"])),
    Page("patients:record_edit", "clinician", lambda w: reverse(
        "patients:record_edit", args=[w.patient.pk, "measurements", w.measurement.pk])),
    Page("patients:record_delete", "clinician", lambda w: reverse(
        "patients:record_delete", args=[w.patient.pk, "measurements", w.measurement.pk])),
    Page("patients:injection_add", "clinician",
         url("patients:injection_add", "patient", "treatment")),
    Page("patients:injection_edit", "clinician",
         url("patients:injection_edit", "patient", "injection")),
    Page("patients:injection_delete", "clinician",
         url("patients:injection_delete", "patient", "injection")),
    Page("patients:lesion_create", "clinician", url("patients:lesion_create", "patient")),
    Page("patients:lesion_detail", "clinician",
         url("patients:lesion_detail", "patient", "lesion")),
    Page("patients:lesion_edit", "clinician", url("patients:lesion_edit", "patient", "lesion")),
    Page("patients:lesion_delete", "clinician",
         url("patients:lesion_delete", "patient", "lesion")),
    Page("recommendations:meeting_list", "coordinator", url("recommendations:meeting_list"),
         MeetingFilterForm, examples=80),
    Page("recommendations:statistics", "coordinator", url("recommendations:statistics"),
         PeriodForm, examples=50),
    Page("recommendations:statistics_export", "coordinator",
         url("recommendations:statistics_export"), PeriodForm, examples=30),
    Page("recommendations:statistics_report", "coordinator",
         lambda w: reverse("recommendations:statistics_report", args=[2026]), examples=3),
    Page("recommendations:meeting_create", "coordinator",
         url("recommendations:meeting_create")),
    Page("recommendations:meeting_detail", "coordinator",
         url("recommendations:meeting_detail", "meeting")),
    Page("recommendations:meeting_edit", "coordinator",
         url("recommendations:meeting_edit", "meeting")),
    Page("recommendations:case_list", "coordinator", url("recommendations:case_list"),
         CaseFilterForm, examples=80),
    Page("recommendations:case_create", "clinician",
         url("recommendations:case_create", "patient")),
    Page("recommendations:case_detail", "clinician",
         url("recommendations:case_detail", "draft_case")),
    Page("recommendations:case_edit", "clinician",
         url("recommendations:case_edit", "draft_case")),
    Page("recommendations:attachment_add", "clinician",
         url("recommendations:attachment_add", "draft_case")),
    Page("recommendations:attachment_download", "clinician",
         url("recommendations:attachment_download", "draft_case", "attachment")),
    Page("recommendations:proposal_detail", "panel_member",
         url("recommendations:proposal_detail", "proposal")),
    Page("recommendations:proposal_edit", "panel_member",
         url("recommendations:proposal_edit", "proposal")),
    Page("recommendations:follow_up_list", "clinician", url("recommendations:follow_up_list"),
         lambda: FollowUpFilterForm(may_see_everyone=True), examples=60),
    Page("recommendations:follow_up_done", "clinician",
         url("recommendations:follow_up_done", "follow_up_action")),
    Page("recommendations:follow_up_not_applicable", "clinician",
         url("recommendations:follow_up_not_applicable", "follow_up_action")),
    Page("documents:download", "clinician", url("documents:download", "document")),
    Page("audit:patient_accesses", "admin", url("audit:patient_accesses", "patient"),
         examples=10),
    Page("audit:patient_accesses_csv", "admin", url("audit:patient_accesses_csv", "patient")),
    Page("admin:login", None, url("admin:login"), refuses_post=False),
    Page("admin:scoring_referential_change", "admin",
         _referential_url("admin:scoring_referential_change"), refuses_post=False),
    Page("admin:scoring_referential_compare", "admin",
         _referential_url("admin:scoring_referential_compare"), examples=10,
         refuses_post=False),
    Page("admin:scoring_referential_row_history", "admin",
         _referential_url("admin:scoring_referential_row_history"), refuses_post=False),
    Page("admin:scoring_referential_export_json", "admin",
         _referential_url("admin:scoring_referential_export_json"), refuses_post=False),
    Page("admin:scoring_referential_export_csv", "admin",
         _referential_url("admin:scoring_referential_export_csv"), refuses_post=False),
]

# Query keys some page reads outside a filter form; the fuzz mixes them with random keys.
KNOWN_QUERY_KEYS = ("sort", "page", "next", "q", "category", "against", "when", "state",
                    "status", "plan-procedure_date", "plan-radiotherapy_date",
                    "plan-emergency", "format", "table", "whose", "patient")

# URLs neither fuzz test visits, by name, and why.
EXCLUDED = {
    "logout": "POST ends the session (the fuzz would log its own client out); it reads "
              "no field",
    "scoring_api:evaluate": "JSON body, not a form: tests/fuzz/test_evaluate_api.py",
    "recommendations:proposal_fhir": "GET only, reads no field or query string; the bundle "
                                     "and its refusals: tests/recommendations/test_fhir_export.py",
}

# Django admin's own views (by URL name), and why they are not fuzzed here.
EXCLUDED_ADMIN = (
    (r"^admin:(index|login|logout|password_change|password_change_done|jsi18n|app_list|"
     r"view_on_site|autocomplete)$",
     "Django's admin site views: Django's own forms, administrators only"),
    (r"^admin:\w+_(changelist|add|change|delete|history|simple_history)$",
     "ModelAdmin views: forms generated by Django from the model fields, whose validation "
     "the fuzzed application forms share; administrators only"),
    (r"^admin:otp_totp_totpdevice_(config|qrcode)$",
     "django-otp's device pages: read-only views of a device"),
)

# Unnamed patterns, by route: the admin's redirects, and why.
EXCLUDED_ROUTES = (
    (r"^admin/.*<path:object_id>/$", "the admin's redirect of an object URL to its change "
                                     "page: reads nothing"),
    (r"^admin/\(\?P<url>\.\*\)\$$", "the admin's catch-all 404/redirect: reads nothing"),
)
