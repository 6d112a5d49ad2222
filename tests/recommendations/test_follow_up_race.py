"""The daily job and a refresh queued after a change may refresh one patient at the same
moment: the proposal's row lock makes the second wait, then find the first's rows, so
neither fails on the unique constraint and no action is written twice."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import FollowUpAction, ProposalStatus
from scoring.referential_store import ensure_first_referential
from tests.recommendations.follow_up_helpers import ZOL_ONLY, case_for, noon


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer, so there is no race to test; "
                           "CI runs this on PostgreSQL")
def test_two_refreshes_of_one_patient_at_once_write_each_action_once():
    case = case_for()
    case.proposals.create(version=1, status=ProposalStatus.VALID,
                          validated_at=noon(timezone.localdate()),
                          referential=ensure_first_referential(), engine_result=ZOL_ONLY)
    FollowUpAction.objects.all().delete()  # rows a signal may have written on commit
    barrier = threading.Barrier(2)
    errors = []

    def refresh():
        try:
            barrier.wait()
            refresh_patient(case.patient_id, dt.date.today())
        except Exception as error:  # noqa: BLE001 (collected, asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kinds = list(FollowUpAction.objects.filter(patient=case.patient)
                 .values_list("kind", flat=True))
    assert len(kinds) == len(set(kinds)) == 5
