# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""The printed documents, read back from the PDF with pypdf: the patient on every page, page
numbers, the referential, the signers with specialty and time, the statements' sources, in
French by default."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from recommendations.documents import render
from recommendations.documents.render import RefusedURL, StaticOnlyFetcher
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
from tests.recommendations.workflow_helpers import scheduled_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_settings")]


def identity_of(patient) -> list[str]:
    return [f"{patient.family_name.upper()} {patient.given_name}",
            patient.birth_date.strftime("%d/%m/%Y"), patient.ipp]


def assert_every_page_shows(pages: list[str], *texts: str) -> None:
    for number, page in enumerate(pages, start=1):
        for text in texts:
            assert text in flat(page), f"page {number} lacks {text!r}:\n{page}"


def assert_numbered(pages: list[str]) -> None:
    with translation.override("fr"):  # the documents' language, whatever its words become
        word = gettext("Page")
    for number, page in enumerate(pages, start=1):
        assert f"{word} {number} / {len(pages)}" in flat(page)


class TestProposal:
    @pytest.fixture
    def pages(self, valid_proposal):
        return pages_text(render.render_pdf("proposal", valid_proposal))

    def test_each_page_shows_the_patient_its_number_and_the_referential(self, pages,
                                                                         valid_proposal):
        assert len(pages) >= 2  # the test covers a running header, not a lone first page
        assert_numbered(pages)
        assert_every_page_shows(pages, *identity_of(valid_proposal.case.patient),
                                valid_proposal.referential.version)

    def test_it_names_each_signer_with_specialty_and_time(self, pages, valid_proposal):
        text = flat(" ".join(pages))
        specialties = {"oncology": "Oncologie", "radiotherapy": "Radiothérapie",
                       "interventional_radiology": "Radiologie interventionnelle"}
        for signature in valid_proposal.signatures.select_related("user"):
            at = timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M")
            assert (f"{signature.user.get_full_name()} {specialties[signature.specialty]} {at}"
                    in text)

    def test_it_cites_each_statements_source_and_the_departure(self, pages, valid_proposal):
        text = flat(" ".join(pages)).replace("- ", "").replace("-", "")
        cited = [s for s in valid_proposal.statements if s["source"]]
        assert cited
        for statement in cited:
            assert flat(statement["source"]).replace("-", "")[:60] in text
        assert "Patient prefers radiotherapy alone." in text
        assert f"{valid_proposal.version}" in text

    def test_it_is_french_by_default(self, pages, valid_proposal):
        text = flat(" ".join(pages))
        assert "Lésion Fémur" in text and "Médecin référent" in text
        assert "Lesion Femur" not in text

    def test_it_can_be_printed_in_english(self, valid_proposal):
        text = flat(" ".join(pages_text(render.render_pdf("proposal", valid_proposal, "en"))))
        assert "Oncology" in text and "Referring clinician" in text


def test_a_case_summary_shows_identity_oncology_measurements_lesions_and_question(
        case, valid_proposal):
    pages = pages_text(render.render_pdf("case_summary", case))
    assert 1 <= len(pages) <= 2
    assert_numbered(pages)
    assert_every_page_shows(pages, *identity_of(case.patient), "2026.1")
    text = flat(" ".join(pages))
    for expected in ("Poumon", "Adénocarcinome", "Poids (kg) 70", "Créatininémie",
                     "Fémur", "Risque fracturaire (Mirels): 12", "Prophylactic fixation?",
                     "86,1 mL/min"):
        assert expected in text


def test_a_case_summary_names_each_score_in_words(case):
    LesionFactory(patient=case.patient, site="t11", lesion_type="lytic")
    html = render.render_html("case_summary", case)
    for title in ("Score de Tokuhashi révisé (0-15)", "Score de Tomita (2-10)",
                  "Instabilité rachidienne (SINS)", "Risque fracturaire (Mirels)"):
        assert f"<strong>{title}</strong>" in html
    assert "<strong>tokuhashi</strong>" not in html


def test_the_agenda_lists_the_cases_in_order(coordinator, clinician, case):
    second = scheduled_case(clinician, coordinator)
    from recommendations.case_workflow import schedule_case, unschedule_case

    unschedule_case(second, coordinator)
    schedule_case(second, case.meeting, coordinator)
    pages = pages_text(render.render_pdf("agenda", case.meeting))
    text = flat(" ".join(pages))
    assert_numbered(pages)
    first_name, second_name = (c.patient.family_name.upper() for c in (case, second))
    assert text.index(f"1 {first_name}") < text.index(f"2 {second_name}")
    assert case.meeting.date.strftime("%d/%m/%Y") in text


def test_the_booklet_is_the_agenda_then_each_case_on_its_own_pages(coordinator, clinician,
                                                                      case):
    second = scheduled_case(clinician, coordinator)
    from recommendations.case_workflow import schedule_case, unschedule_case

    unschedule_case(second, coordinator)
    schedule_case(second, case.meeting, coordinator)
    pages = pages_text(render.render_pdf("booklet", case.meeting))
    assert_numbered(pages)
    assert len(pages) == 3
    agenda = flat(pages[0])
    assert case.meeting.date.strftime("%d/%m/%Y") in agenda
    assert "1 " + identity_of(case.patient)[0] in agenda and second.question in agenda
    for page, subject in zip(pages[1:], (case, second), strict=True):
        assert_every_page_shows([page], *identity_of(subject.patient))


class TestNoNetwork:
    def test_the_fetcher_refuses_http_and_local_files(self):
        fetcher = StaticOnlyFetcher()
        for url in ("https://example.org/x.css", "http://127.0.0.1/x.png",
                    "file:///etc/passwd", "file:///static/../../etc/passwd"):
            with pytest.raises(RefusedURL):
                fetcher.fetch(url)

    def test_it_serves_the_projects_static_files(self):
        response = StaticOnlyFetcher().fetch("file:///static/css/app.css")
        assert response.read()

    def test_a_template_asking_for_the_network_fails_the_rendering(self):
        from weasyprint.urls import FatalURLFetchingError

        with pytest.raises(FatalURLFetchingError):
            render.html_to_pdf('<img src="https://example.org/tracker.png">')
