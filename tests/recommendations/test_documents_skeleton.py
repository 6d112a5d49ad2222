# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""The skeleton map in the printed case summary and proposal: the same drawing as the
screen's, with a numbered marker for the case's lesion and its legend, and no link. The
drawing is printed as an image (a data: URI, content.printed_map): `drawn_map` reads it."""

import base64
import re

import pytest

from recommendations.documents import render
from tests.factories import LesionFactory
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    case,
    certificate_file,
    document_settings,
    draft_proposal,
    flat,
    pages_text,
    signers,
    valid_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_settings")]


def drawn_map(html: str) -> str:
    """The SVG of the document's printed map, from its image's data: URI."""
    match = re.search(r'<img class="skeleton-map" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert match, "no printed map"
    return base64.b64decode(match.group(1)).decode()


def marker_of(html: str, number: int) -> str:
    match = re.search(rf'<g class="skm-marker" data-marker="{number}"[^>]*>', html)
    assert match, "no marker"
    return match.group(0)


class TestCaseSummary:
    def test_it_shows_the_map_with_a_marker_for_the_cases_lesion(self, case):
        html = drawn_map(render.render_html("case_summary", case))
        assert 'data-testid="skeleton-map"' in html
        assert 'data-site-code="femur_trochanteric" data-side="left"' in html
        assert 'data-severity="high"' in marker_of(html, 1)  # the worked case's Mirels

    def test_its_markers_are_not_links(self, case):
        assert "skm-marker-link" not in drawn_map(render.render_html("case_summary", case))

    def test_the_legend_lists_the_lesion_in_words(self, case):
        lesion = case.patient.lesions.get()
        legend = render.render_html("case_summary", case, "en").split(
            'data-testid="skeleton-legend"')[1]
        assert f"1. {lesion}" in legend and "Mirels:" in legend

    def test_a_second_lesion_gets_the_next_number(self, case):
        LesionFactory(patient=case.patient, site="t4", side="")
        html = drawn_map(render.render_html("case_summary", case))
        assert 'data-marker="2"' in html

    def test_the_pdf_prints_the_legend(self, case):
        text = flat(" ".join(pages_text(render.render_pdf("case_summary", case, "en"))))
        assert "Lesions on the skeleton" not in text  # the summary's own heading is enough
        assert "1. Femur — trochanteric region" in text


class TestProposal:
    def test_it_shows_the_lesions_it_was_drafted_from(self, valid_proposal):
        html = drawn_map(render.render_html("proposal", valid_proposal))
        assert 'data-testid="skeleton-map"' in html
        assert 'data-severity="high"' in marker_of(html, 1)

    def test_a_lesion_added_after_drafting_is_not_on_it(self, valid_proposal):
        LesionFactory(patient=valid_proposal.case.patient, site="t4", side="")
        html = drawn_map(render.render_html("proposal", valid_proposal))
        assert 'data-marker="2"' not in html

    def test_the_pdf_prints_the_map_heading_and_legend(self, valid_proposal):
        text = flat(" ".join(pages_text(render.render_pdf("proposal", valid_proposal, "en"))))
        assert "Lesions on the skeleton" in text and "1. Femur — trochanteric region" in text
