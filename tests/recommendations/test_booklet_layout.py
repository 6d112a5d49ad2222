# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""A case summary on one page where its content allows: its lesions are printed beside the
skeleton map rather than below it (a booklet of N cases is then the agenda and N pages, not
twice as many), and a long summary still runs onto further pages without losing anything."""

import pytest

from recommendations.case_workflow import schedule_case
from recommendations.documents import render
from tests.factories import LesionFactory
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    case,
    certificate_file,
    document_settings,
    flat,
    pages_text,
)
from tests.recommendations.workflow_helpers import submitted_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_settings")]


def with_second_lesion(case):
    LesionFactory(patient=case.patient, site="humerus_diaphysis", side="right",
                  pain="functional", cortical_involvement="gt_2_3")
    return case


def test_a_summary_with_two_lesions_fits_on_one_page(case):
    pages = pages_text(render.render_pdf("case_summary", with_second_lesion(case), "en"))
    assert len(pages) == 1
    assert "Humerus — diaphysis" in flat(pages[0]) and "Femur — trochanteric" in flat(pages[0])


def test_a_booklet_prints_one_page_per_such_case(case, clinician, coordinator):
    with_second_lesion(case)
    for _ in range(2):
        added = with_second_lesion(submitted_case(clinician))
        schedule_case(added, case.meeting, coordinator)
    assert len(pages_text(render.render_pdf("booklet", case.meeting))) == 1 + 3


def test_a_summary_with_many_lesions_runs_on_and_prints_them_all(case):
    sites = ("femur_diaphysis", "humerus_diaphysis", "tibia_diaphysis", "femur_distal")
    for site in sites:
        for side in ("left", "right"):
            LesionFactory(patient=case.patient, site=site, side=side)
    pages = pages_text(render.render_pdf("case_summary", case, "en"))
    text = flat(" ".join(pages))
    assert len(pages) > 1
    assert text.count("Surgical opinion") == 1 + len(sites) * 2
    assert "Proposals to discuss, not decisions." in text
