"""GET /proposals/<pk>/fhir/: a signed proposal's FHIR R4 Bundle, as a download. Whoever may
read the proposal may export it; the export is recorded in the access log."""

import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.access import SubjectKind, record_access, refusals_recorded
from audit.models import Action
from recommendations import proposal_permissions as perms
from recommendations.fhir.bundle import NotSigned, signed_proposal_bundle

FHIR_JSON = "application/fhir+json"


@require_GET
@never_cache
@refusals_recorded(SubjectKind.PROPOSAL, model="recommendations.Proposal",
                   to_patient="case__patient")
def proposal_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for_reading(request.user, pk)
    try:
        bundle = signed_proposal_bundle(proposal, absolute_url=request.build_absolute_uri)
    except NotSigned as refused:  # a draft is not the panel's word: nothing to exchange
        return HttpResponse(str(refused), status=409, content_type="text/plain; charset=utf-8")
    record_access(request, patient=proposal.case.patient, kind=SubjectKind.PROPOSAL,
                  subject_id=proposal.pk, action=Action.EXPORT)
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=2),
                            content_type=f"{FHIR_JSON}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="rcp-proposal-{proposal.pk}-v{proposal.version}.fhir.json"')
    response["X-Content-Type-Options"] = "nosniff"
    return response
