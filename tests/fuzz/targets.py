"""Every URL of the project that takes a POST, with who posts to it and the form its view
builds, so that the fuzz test can draw data from the form's own fields and tell a valid
submission from an invalid one. tests/fuzz/test_every_url_is_fuzzed.py fails when a URL
of the resolver is neither here, nor in pages.py, nor excluded with a reason."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import strategies as st

from accounts.forms import CodeForm
from patients.forms.fhir import FhirPatientImportForm
from patients.forms.injections import AntiresorptiveInjectionForm
from patients.forms.lesion import LesionForm
from patients.forms.patient import PatientForm
from patients.records import RECORD_KINDS
from recommendations.forms.attachment import AttachmentForm
from recommendations.forms.case import CaseForm
from recommendations.forms_follow_up import DoneForm, NotApplicableForm
from recommendations.forms_meetings import AttendanceForm, MeetingForm
from recommendations.models import Case
from recommendations.proposal_forms import NewVersionForm, ProposalForm
from scoring.admin.forms import CloneForm, ImportForm
from scoring.live_patient import FORM_PREFIX, WhatIfForm
from scoring.models import Referential
from tests.fuzz.values import hostile_text, hostile_value, json_values, mutated

FormBuilder = Callable[..., forms.BaseForm]  # (world, data, files) -> the view's form


@dataclass(frozen=True)
class Post:
    name: str  # the URL's name in the resolver
    role: str | None  # who posts (None: anonymous)
    url: Callable  # world -> path
    form: FormBuilder | None = None  # the form as the view builds it (None: no form)
    extra: dict = field(default_factory=dict)  # keys the view reads outside its form
    files: dict = field(default_factory=dict)  # file fields -> strategy of (name, bytes)
    label: str = ""  # tells apart several targets of one URL
    examples: int = 40
    # The view answers an invalid submission with a redirect and a message (no form page).
    invalid_redirects: bool = False
    # The view shows no field errors by design (a live preview scores what it can).
    shows_errors: bool = True
    # Random data never succeeds here (a login): any redirect away is a failure.
    may_succeed: bool = True

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def fresh(obj):
    """The object as the view loads it, from the database."""
    return type(obj).objects.get(pk=obj.pk)


def url(name: str, *attributes: str) -> Callable:
    """A URL builder whose arguments are the pks of world attributes (dotted paths)."""
    def build(world) -> str:
        args = []
        for path in attributes:
            value = world
            for part in path.split("."):
                value = getattr(value, part)
            args.append(getattr(value, "pk", value))
        return reverse(name, args=args)
    return build


def _record_targets() -> list[Post]:
    targets = []
    for slug, kind in RECORD_KINDS.items():
        targets.append(Post(
            "patients:record_add", "clinician",
            lambda w, slug=slug: reverse("patients:record_add", args=[
                w.records[slug].patient_id, slug]),
            lambda w, data, files, slug=slug, kind=kind: kind.form_for_adding()(
                data, instance=None, patient=fresh(w.records[slug]).patient),
            label=slug, examples=30))
        targets.append(Post(
            "patients:record_edit", "clinician",
            lambda w, slug=slug: reverse("patients:record_edit", args=[
                w.records[slug].patient_id, slug, w.records[slug].pk]),
            lambda w, data, files, slug=slug, kind=kind: kind.form_class(
                data, instance=fresh(w.records[slug]),
                patient=fresh(w.records[slug]).patient),
            label=slug, examples=30))
        targets.append(Post(
            "patients:record_delete", "clinician",
            lambda w, slug=slug: reverse("patients:record_delete", args=[
                w.records[slug].patient_id, slug, w.records[slug].pk]),
            label=slug, examples=10))
    return targets


# What an upload claims to be: a name (often a trick) and bytes (often not what it says).
_upload_names = st.one_of(
    st.sampled_from(["report.pdf", "../../etc/passwd.pdf", "..\\..\\x.pdf", "/etc/x.pdf",
                     "C:\\Windows\\x.pdf", "a\x00b.pdf", "r\r\nX-Injected: 1.pdf",
                     "report.pdf.exe", "x" * 300 + ".pdf", "\u202egnp.pdf", ".pdf"]),
    hostile_text.map(lambda text: f"{text}.pdf"))
_upload_bytes = st.one_of(
    st.binary(max_size=256),
    st.sampled_from([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"MZ", b"PK\x03\x04",
                     b"<html>"]).flatmap(lambda head: st.binary(max_size=128).map(
                         lambda tail: head + tail)))
_import_bytes = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=256),
    hostile_text.map(lambda text: f"section,key,value\n{text},{text},{text}\n".encode()))
# (The test client cannot send an empty file name: Django refuses to build that file.)
_import_names = st.sampled_from(["referential.json", "referential.csv", "r.txt",
                                 "../../r.json"])


# A FHIR Patient resource with one value made hostile, so that the checks after the
# library's validation are reached too; and any JSON or bytes.
_FHIR_PATIENT = {"resourceType": "Patient",
                 "identifier": [{"system": settings.FHIR_IPP_SYSTEM, "value": "FUZZ-1"}],
                 "name": [{"use": "official", "family": "Fuzz", "given": ["Ada"]}],
                 "gender": "female", "birthDate": "1960-01-31"}
_fhir_bytes = st.one_of(
    mutated(_FHIR_PATIENT).map(lambda value: json.dumps(value).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=256))


def uploaded(name_and_bytes: tuple[str, bytes]) -> SimpleUploadedFile:
    name, content = name_and_bytes
    return SimpleUploadedFile(name, content, content_type="application/pdf")


_next = {"next": hostile_value}
_junk_action = {"note": hostile_value, "reason": hostile_value}

POSTS: list[Post] = [
    # Accounts and the language switch.
    Post("login", None, url("login"), may_succeed=False, examples=25, extra={
        **_next, "username": st.one_of(st.just("matrix-clinician"), hostile_value),
        "password": hostile_value}),
    Post("set_language", None, url("set_language"),
         extra={"language": st.one_of(st.sampled_from(["fr", "en", "xx", ""]), hostile_value),
                **_next}),
    Post("password_change", "clinician", url("password_change"),
         lambda w, data, files: PasswordChangeForm(w.user("clinician"), data or None)),
    Post("security", "clinician", url("security"), examples=10),
    Post("second_factor_enrol", "clinician", url("second_factor_enrol"),
         lambda w, data, files: CodeForm(data or None), extra=_next),
    Post("second_factor_verify", "with_device", url("second_factor_verify"),
         lambda w, data, files: CodeForm(data or None), extra=_next),
    # Patients, their records and lesions.
    Post("patients:create", "clinician", url("patients:create"),
         lambda w, data, files: PatientForm(data or None), examples=80),
    Post("patients:import_fhir", "clinician", url("patients:import_fhir"),
         lambda w, data, files: FhirPatientImportForm(data or None, files or None),
         files={"file": st.tuples(st.sampled_from(["patient.json", "p.txt"]), _fhir_bytes)},
         examples=80),
    Post("patients:edit", "clinician", url("patients:edit", "patient"),
         lambda w, data, files: PatientForm(data or None, instance=fresh(w.patient)),
         examples=80),
    *_record_targets(),
    Post("patients:injection_add", "clinician",
         url("patients:injection_add", "patient", "treatment"),
         lambda w, data, files: AntiresorptiveInjectionForm(data, treatment=fresh(w.treatment))),
    Post("patients:injection_edit", "clinician",
         url("patients:injection_edit", "patient", "injection"),
         lambda w, data, files: AntiresorptiveInjectionForm(
             data, instance=fresh(w.injection), treatment=fresh(w.treatment))),
    Post("patients:injection_delete", "clinician",
         url("patients:injection_delete", "patient", "injection"), examples=10),
    Post("patients:lesion_create", "clinician", url("patients:lesion_create", "patient"),
         lambda w, data, files: LesionForm(data, patient=fresh(w.patient)), examples=80),
    Post("patients:lesion_edit", "clinician", url("patients:lesion_edit", "patient", "lesion"),
         lambda w, data, files: LesionForm(data, instance=fresh(w.lesion),
                                           patient=fresh(w.patient)), examples=80),
    Post("patients:lesion_delete", "clinician",
         url("patients:lesion_delete", "patient", "lesion"), examples=10),
    # The live scores beside the forms (nothing saved).
    Post("scoring:lesion_live_score", "clinician", url("scoring:lesion_live_score", "patient"),
         lambda w, data, files: LesionForm(data, patient=fresh(w.patient)),
         shows_errors=False, examples=80),
    Post("scoring:patient_what_if", "clinician", url("scoring:patient_what_if", "patient"),
         lambda w, data, files: WhatIfForm(data, prefix=FORM_PREFIX)),
    Post("scoring:measurement_what_if", "clinician",
         url("scoring:measurement_what_if", "patient"),
         lambda w, data, files: WhatIfForm(data),
         extra={"measured_on": hostile_value}),
    # Cases and their documents.
    Post("recommendations:case_create", "clinician",
         url("recommendations:case_create", "patient"),
         lambda w, data, files: CaseForm(data, patient=fresh(w.patient), instance=Case(
             patient=fresh(w.patient), referring_clinician=w.user("clinician")))),
    Post("recommendations:case_edit", "clinician", url("recommendations:case_edit", "draft_case"),
         lambda w, data, files: CaseForm(data, instance=fresh(w.draft_case),
                                         patient=fresh(w.patient))),
    Post("recommendations:case_submit", "clinician",
         url("recommendations:case_submit", "draft_case"), extra=_junk_action, examples=10),
    Post("recommendations:case_withdraw", "clinician",
         url("recommendations:case_withdraw", "draft_case"), extra=_junk_action, examples=10),
    Post("recommendations:attachment_add", "clinician",
         url("recommendations:attachment_add", "draft_case"),
         lambda w, data, files: AttachmentForm(data, files),
         files={"file": st.tuples(_upload_names, _upload_bytes)}, examples=80),
    # Meetings, their agenda and attendance.
    Post("recommendations:meeting_create", "coordinator", url("recommendations:meeting_create"),
         lambda w, data, files: MeetingForm(data), examples=80),
    Post("recommendations:meeting_edit", "coordinator",
         url("recommendations:meeting_edit", "meeting"),
         lambda w, data, files: MeetingForm(data, instance=fresh(w.meeting)), examples=80),
    Post("recommendations:meeting_schedule_case", "coordinator",
         url("recommendations:meeting_schedule_case", "meeting", "submitted_case"),
         extra=_junk_action, examples=10),
    Post("recommendations:meeting_unschedule_case", "coordinator",
         url("recommendations:meeting_unschedule_case", "meeting", "scheduled_case"),
         extra=_junk_action, examples=10),
    Post("recommendations:meeting_move_case", "coordinator",
         url("recommendations:meeting_move_case", "meeting", "scheduled_case"),
         extra={"direction": st.one_of(st.sampled_from(["up", "down"]), hostile_value)}),
    Post("recommendations:attendance_add", "coordinator",
         url("recommendations:attendance_add", "meeting"),
         lambda w, data, files: AttendanceForm(data, meeting=fresh(w.meeting), action="")),
    Post("recommendations:attendance_presence", "coordinator",
         url("recommendations:attendance_presence", "meeting", "attendance"),
         extra={"present": st.one_of(st.sampled_from(["0", "1"]), hostile_value)}),
    Post("recommendations:attendance_remove", "coordinator",
         url("recommendations:attendance_remove", "meeting", "attendance"), examples=10),
    # Proposals.
    Post("recommendations:case_discuss", "coordinator",
         url("recommendations:case_discuss", "scheduled_case"), examples=10),
    Post("recommendations:proposal_edit", "panel_member",
         url("recommendations:proposal_edit", "proposal"),
         lambda w, data, files: ProposalForm(data or None, instance=fresh(w.proposal))),
    Post("recommendations:proposal_sign", "panel_member",
         url("recommendations:proposal_sign", "proposal"), examples=10),
    Post("recommendations:proposal_close", "coordinator",
         url("recommendations:proposal_close", "proposal"), examples=10),
    Post("recommendations:proposal_send", "coordinator",
         url("recommendations:proposal_send", "proposal"), examples=10),
    Post("recommendations:proposal_new_version", "panel_member",
         url("recommendations:proposal_new_version", "proposal"),
         lambda w, data, files: NewVersionForm(data), invalid_redirects=True, examples=10),
    # Follow-up actions: `next` comes back as a redirect, which must stay on this site.
    Post("recommendations:follow_up_done", "clinician",
         url("recommendations:follow_up_done", "follow_up_action"),
         lambda w, data, files: DoneForm(data), extra=_next, examples=30),
    Post("recommendations:follow_up_not_applicable", "clinician",
         url("recommendations:follow_up_not_applicable", "follow_up_action"),
         lambda w, data, files: NotApplicableForm(data), extra=_next, examples=30),
    Post("recommendations:follow_up_reopen", "clinician",
         url("recommendations:follow_up_reopen", "follow_up_action"), extra=_next,
         examples=10),
    # Documents: `next` comes back as a redirect, which must stay on this site.
    Post("documents:request", "clinician",
         lambda w: reverse("documents:request", args=["case_summary", w.draft_case.pk]),
         extra=_next, examples=20),
    Post("documents:retry", "clinician", url("documents:retry", "document"), extra=_next,
         examples=10),
    # The referential administration.
    Post("admin:scoring_referential_clone", "admin",
         lambda w: reverse("admin:scoring_referential_clone",
                           args=[Referential.objects.order_by("pk").first().pk]),
         lambda w, data, files: CloneForm(data or None), examples=4),
    Post("admin:scoring_referential_import", "admin",
         lambda w: reverse("admin:scoring_referential_import"),
         lambda w, data, files: ImportForm(data or None, files or None),
         files={"file": st.tuples(_import_names, _import_bytes)}, examples=60),
    Post("admin:scoring_referential_activate", "admin",
         lambda w: reverse("admin:scoring_referential_activate",
                           args=[Referential.objects.order_by("pk").first().pk]),
         examples=10),
]
