"""Recording who saw which patient's data: the calls the pages of the other apps make.

A page calls `record_access` once it has authorised the user and is about to answer, so only
successful accesses are views or downloads; `refusals_recorded` wraps a view so that a 403
leaves a "refused" row instead. Each costs one INSERT (a refusal one more query, to find the
patient). The patient is passed as an object with `pk` and `ipp` (a Patient), read duck-typed
so this app never imports the apps above it.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from audit.models import AccessEvent, Action, SubjectKind

PATH_LENGTH = AccessEvent._meta.get_field("path").max_length
REF_LENGTH = AccessEvent._meta.get_field("patient_ref").max_length


def access_event(request: HttpRequest, *, patient_id: int | None, patient_ref: str,
                 kind: str, subject_id: int | None, action: str) -> AccessEvent:
    """The unsaved row for this request's user and path."""
    user = request.user if request.user.is_authenticated else None
    return AccessEvent(user=user, action=action, kind=kind, subject_id=subject_id,
                       patient_id=patient_id, patient_ref=(patient_ref or "")[:REF_LENGTH],
                       path=request.path[:PATH_LENGTH])


def record_access(request: HttpRequest, *, patient, kind: SubjectKind | str,
                  subject_id: int | None, action: Action | str = Action.VIEW) -> AccessEvent:
    """Record that the request's user saw (or downloaded...) `kind` #`subject_id` of
    `patient`: one INSERT."""
    event = access_event(request, patient_id=patient.pk, patient_ref=patient.ipp, kind=kind,
                   subject_id=subject_id, action=action)
    event.save()
    return event


def record_accesses(request: HttpRequest, *, patients: Iterable, kind: SubjectKind | str,
                    subject_id: int | None,
                    action: Action | str = Action.VIEW) -> list[AccessEvent]:
    """One row per patient, in one INSERT: for a document that shows several patients (a
    meeting's agenda or booklet), each patient's log shows it."""
    unique = {patient.pk: patient for patient in patients}.values()
    return AccessEvent.objects.bulk_create([
        access_event(request, patient_id=patient.pk, patient_ref=patient.ipp, kind=kind,
                     subject_id=subject_id, action=action)
        for patient in unique])


def _patient_of(model: str, pk, to_patient: tuple[str, ...]) -> tuple[int | None, str]:
    """The id and IPP of the patient the `model` row `pk` belongs to, through the first of
    the `to_patient` relations that is set ("" for a row that is the patient)."""
    fields = []
    for path in to_patient:
        prefix = f"{path}__" if path else ""
        fields += [f"{prefix}pk", f"{prefix}ipp"]
    row = apps.get_model(model).objects.filter(pk=pk).values_list(*fields).first() or ()
    pairs = zip(row[::2], row[1::2], strict=True)
    return next(((found, ref) for found, ref in pairs if found is not None), (None, ""))


def refusals_recorded(kind: SubjectKind | str, *, model: str,
                      to_patient: str | tuple[str, ...] = "patient", subject_arg: str = "pk",
                      lookup_arg: str | None = None) -> Callable:
    """Wrap a view so that a PermissionDenied it raises is recorded as a "refused" access
    before Django answers 403. The patient is read from the `model` row ("app.Model") whose
    pk is the URL argument `lookup_arg` (default: `subject_arg`), through `to_patient`."""
    paths = (to_patient,) if isinstance(to_patient, str) else to_patient

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                patient_id, ref = _patient_of(model, kwargs.get(lookup_arg or subject_arg),
                                              paths)
                access_event(request, patient_id=patient_id, patient_ref=ref, kind=kind,
                             subject_id=kwargs.get(subject_arg),
                             action=Action.REFUSED).save()
                raise
        return wrapped
    return decorate


def record_log_export(request: HttpRequest, references: dict[int, str]) -> None:
    """An export of the log is itself an access to each patient it names (it tells who saw
    their record): one "export" row per patient id -> IPP in `references`, one INSERT."""
    AccessEvent.objects.bulk_create([
        access_event(request, patient_id=patient_id, patient_ref=ref,
                     kind=SubjectKind.ACCESS_LOG, subject_id=patient_id, action=Action.EXPORT)
        for patient_id, ref in references.items()])
