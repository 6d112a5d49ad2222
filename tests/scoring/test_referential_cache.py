"""The engine's referential is built once per process and edition, and asked of the database
on every call: one cheap query says which edition is active, so an activation made by any
worker is seen by the next request of every other."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.case_json import read_case
from scoring.engine.evaluate import evaluate_case
from scoring.models import Referential, ReferentialStatus, ZolDoseBand
from scoring.referential_actions import activate_referential, clone_referential
from scoring.referentials import current_referential, request_referential
from tests.scoring.cases import TODAY, load

pytestmark = pytest.mark.django_db


def active() -> Referential:
    return Referential.objects.get(status=ReferentialStatus.ACTIVE)


def zol_dose(referential) -> Decimal:
    """The spinal case's dose (clearance 70.1: the "> 60" band)."""
    result = evaluate_case(read_case(load("spinal_case"), TODAY), referential)
    return result.zoledronic_acid_dose.value.dose_mg


class TestCurrentReferentialCache:
    def test_a_second_read_costs_one_query_and_reuses_the_snapshot(self):
        first = current_referential()
        with CaptureQueriesContext(connection) as captured:
            second = current_referential()
        assert len(captured) == 1
        assert second is first

    def test_an_activation_is_seen_by_the_next_read(self):
        before = current_referential()
        draft = clone_referential(active(), version="2027.1")
        ZolDoseBand.objects.filter(referential=draft, code="gt60").update(dose_mg=Decimal("3.9"))
        activate_referential(draft)
        after = current_referential()
        assert after.version == "2027.1" != before.version
        assert (zol_dose(before), zol_dose(after)) == (Decimal("4.0"), Decimal("3.9"))


class TestRequestReferential:
    def test_the_panels_of_one_request_share_one_read(self, rf):
        request = rf.get("/")
        first = request_referential(request)
        with CaptureQueriesContext(connection) as captured:
            assert request_referential(request) is first
        assert len(captured) == 0

    def test_the_next_request_reads_again_and_sees_an_activation(self, rf):
        before = request_referential(rf.get("/"))
        clone = clone_referential(active(), version=f"{before.version}-next")
        activate_referential(clone)
        assert request_referential(rf.get("/")).version == clone.version
