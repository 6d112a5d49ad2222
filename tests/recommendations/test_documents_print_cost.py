# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""What keeps the booklet fast (scripts/benchmark_documents.py measures it): the patient's
relations read once for all the cases, the running header and footer passed as strings (a
running element makes WeasyPrint lay its page out twice), the printed map kept small."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
from tests.recommendations.test_documents_skeleton import drawn_map
from tests.recommendations.workflow_helpers import submitted_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_settings")]


def booklet_queries(meeting) -> int:
    with CaptureQueriesContext(connection) as queries:
        render.render_html("booklet", meeting)
    return len(queries)


def test_a_booklet_reads_the_patients_relations_once_for_all_cases(case, clinician,
                                                                   coordinator):
    one_case = booklet_queries(case.meeting)
    for _ in range(3):
        added = submitted_case(clinician)
        LesionFactory(patient=added.patient)
        schedule_case(added, case.meeting, coordinator)
    assert booklet_queries(case.meeting) == one_case


def test_the_header_and_footer_are_strings_not_running_elements(case):
    html = render.render_html("case_summary", case)
    assert "running(" not in html and "element(" not in html
    assert "string-set: heading" in html and "content: string(heading)" in html


def test_every_page_of_a_booklet_names_its_own_patient(case, clinician, coordinator):
    second = submitted_case(clinician)
    schedule_case(second, case.meeting, coordinator)
    agenda, *summaries = (flat(page) for page in pages_text(
        render.render_pdf("booklet", case.meeting)))
    headers = [f"— IPP {patient.ipp}" for patient in (case.patient, second.patient)]
    assert not any(header in agenda for header in headers)
    assert [[header in page for header in headers] for page in summaries] == [[True, False],
                                                                               [False, True]]


def test_a_printed_map_draws_its_bones_in_few_elements(case):
    """An image: its elements stay out of WeasyPrint's HTML parser and CSS cascade."""
    drawing = drawn_map(render.render_html("case_summary", case))
    assert drawing.count("<path") < 10  # the screen's map has one per bone, over a hundred
    assert 'data-site-code="femur_trochanteric" data-side="left"' in drawing  # the marked one
