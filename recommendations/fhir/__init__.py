"""FHIR R4 export of a signed proposal (docs/fhir.md): `bundle.signed_proposal_bundle`."""
