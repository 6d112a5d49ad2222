"""Live fracture-risk score beside the lesion form: while the clinician fills it, htmx posts
the form here and the Mirels or SINS total, band and missing items come back as a partial,
computed by the same engine as the saved lesion's page. Nothing is saved."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from patients.forms.lesion import LesionForm
from patients.models import Lesion
from patients.panels import Panel
from patients.permissions import patient_for_adding_lesion
from scoring.adapters import lesion_facts
from scoring.engine import mirels, sins
from scoring.referentials import current_referential


def lesion_form_panel(patient, request) -> Panel:
    return Panel("scoring/live_score_panel.html",
                 {"url": reverse("scoring:lesion_live_score", args=[patient.pk])})


@require_POST
def lesion_live_score(request: HttpRequest, patient_pk: int) -> HttpResponse:
    patient = patient_for_adding_lesion(request.user, patient_pk)
    form = LesionForm(request.POST, patient=patient)
    form.is_valid()  # a half-filled form still scores what it knows
    lesion = _unsaved_lesion(patient, form.cleaned_data)
    referential = current_referential()
    facts = lesion_facts(lesion)
    return render(request, "scoring/live_score.html", {
        "site_chosen": bool(lesion.site),
        "mirels": mirels.score_mirels(facts, referential["mirels"]),
        "sins": sins.score_sins(facts, referential["sins"]),
    })


def _unsaved_lesion(patient, cleaned: dict) -> Lesion:
    fields = {field.name for field in Lesion._meta.concrete_fields}
    values = {name: value for name, value in cleaned.items() if name in fields}
    return Lesion(patient=patient, **values)
