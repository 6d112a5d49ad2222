"""The engine's results on the patient and lesion pages: what a clinician reads there.

The engine's rules are tested on their own; these tests check that the pages show them
(values, bands, reasons with sources, missing inputs), take planned dates safely, and do
not add queries per record.
"""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from patients.forms.patient import years_before
from patients.models import Antithrombotic, SystemicTreatment
from scoring.engine.results import Score, ScoreItem
from tests.factories import LesionFactory, MeasurementFactory, PatientFactory, drug

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def patient(clinician):
    patient = PatientFactory(sex="M", birth_date=years_before(TODAY, 65),
                             referring_clinician=clinician, primary_site="breast",
                             histology="", ecog=1, bone_metastasis_count=2,
                             visceral_metastases="none", disease_status="controlled",
                             life_expectancy="gt12m")
    for kind, value in (("weight", "70"), ("creatinine", "90"), ("vitamin_d", "15"),
                        ("platelets", "200000"), ("prothrombin", "90")):
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=TODAY - dt.timedelta(days=2))
    return patient


@pytest.fixture
def femur(patient):
    return LesionFactory(patient=patient, site="femur_diaphysis", lesion_type="lytic",
                         pain="functional", cortical_involvement="gt_2_3")


def patient_page(client, patient, **query) -> str:
    response = client.get(reverse("patients:detail", args=[patient.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def lesion_page(client, lesion) -> str:
    response = client.get(lesion.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class TestPatientPanel:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def test_it_shows_the_zoledronic_acid_dose_from_the_clearance(self, client, patient):
        content = patient_page(client, patient)
        assert "71.8 mL/min" in content  # (140-65) x 70 x 1.23 / 90
        assert "zoledronic acid 4.0 mg per infusion" in content
        assert "001_9a2b5970b4e5472a.txt, Tableau 2" in content

    def test_it_shows_the_vitamin_d_loading_scheme(self, client, patient):
        content = patient_page(client, patient)
        assert "15 ng/mL" in content
        assert "Loading: 8 doses of 50000 IU every 7 days" in content
        assert "Calcium intake: 1000 to 1500 mg a day." in content

    def test_it_shows_the_oligometastatic_status(self, client, patient):
        content = patient_page(client, patient)
        assert 'data-testid="oligometastatic"' in content
        assert "Oligometastatic status:" in content

    def test_prognostic_scores_appear_with_a_spinal_lesion_only(self, client, patient, femur):
        assert "Tokuhashi" not in patient_page(client, patient)
        LesionFactory(patient=patient, site="t11", lesion_type="lytic")
        content = patient_page(client, patient)
        assert "Revised Tokuhashi score (0-15)" in content
        assert "No score: only" in content  # Karnofsky unknown: never a total

    def test_a_cord_compression_is_announced_first(self, client, patient):
        LesionFactory(patient=patient, site="t11", neurological_deficit="incomplete",
                      bilsky_grade="3")
        content = patient_page(client, patient)
        assert 'data-testid="cord-compression"' in content
        assert content.index("cord-compression") < content.index("panel-clearance")

    def test_a_planned_procedure_gives_each_antithrombotic_its_last_day(self, client,
                                                                         patient):
        Antithrombotic.objects.create(patient=patient, drug=drug("clopidogrel"),
                                      start_date=TODAY - dt.timedelta(days=300))
        procedure = TODAY + dt.timedelta(days=10)
        content = patient_page(client, patient, **{"plan-procedure_date": procedure})
        stop = procedure - dt.timedelta(days=5)
        assert "Clopidogrel" in content
        assert f"{stop:%m/%d/%Y}" in content

    def test_a_planned_radiotherapy_gives_the_drug_windows(self, client, patient):
        SystemicTreatment.objects.create(
            patient=patient, drug=drug("gemcitabine"), start_date=TODAY - dt.timedelta(60),
            last_dose_date=TODAY - dt.timedelta(days=1))
        planned = TODAY + dt.timedelta(days=3)
        content = patient_page(client, patient, **{"plan-radiotherapy_date": planned})
        assert "Gemcitabine" in content
        assert "high radiosensitisation risk" in content
        assert 'data-testid="radiotherapy-conflict"' in content

    @pytest.mark.parametrize("value, message, shown", [
        ("2001-01-01", "A planned date cannot be in the past.", "01/01/2001"),
        ("not a date", "Enter a valid date.", None),
        ("2999-01-01", "A planned date must be within two years.", "01/01/2999"),
    ])
    def test_a_bad_planned_date_is_explained_and_ignored(self, client, patient, value,
                                                         message, shown):
        content = patient_page(client, patient, **{"plan-procedure_date": value})
        assert message in content
        assert f'value="{value}"' in content  # kept in the form, to be corrected
        if shown:  # never used as the procedure date
            assert shown not in content

    def test_it_speaks_french_by_default(self, patient, clinician):
        from django.test import Client
        french = Client()
        french.force_login(clinician)
        content = patient_page(french, patient)
        assert "Traitement anti-résorptif" in content
        assert "acide zolédronique 4,0 mg par perfusion" in content


class TestLesionPanel:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def test_a_long_bone_shows_mirels_with_each_item(self, client, femur):
        content = lesion_page(client, femur)
        assert 'data-testid="score-mirels"' in content
        assert 'data-testid="score-total">11<' in content  # 2 + 3 + 3 + 3
        assert "Fracture risk (Mirels)" in content
        assert "Surgical opinion" in content
        assert "recommended" in content

    def test_an_incomplete_sins_is_no_score_and_says_what_is_missing(self, client, patient):
        lesion = LesionFactory(patient=patient, site="l2", lesion_type="lytic", pain="mild",
                               alignment="normal", collapse="none")
        content = lesion_page(client, lesion)
        assert 'data-testid="score-sins"' in content
        assert 'data-testid="score-total"' not in content
        assert "No score: only" in content
        assert "posterolateral" in content.lower()

    def test_a_cement_allergy_contraindicates_cementoplasty(self, client, patient, femur):
        patient.cement_allergy = "yes"
        patient.save()
        content = lesion_page(client, femur)
        section = content[content.index('data-testid="eligibility-cementoplasty"'):]
        assert "Contraindicated" in section[:600]

    def test_the_radiotherapy_schemes_carry_their_trade_offs(self, client, femur):
        content = lesion_page(client, femur)
        schemes = content[content.index('data-testid="radiotherapy-schemes"'):]
        assert "stereotactic" in schemes[:3000].lower()  # oligometastatic, controlled
        assert "Gy" in schemes[:3000]

    def test_a_spinal_lesion_shows_bilsky_and_noms(self, client, patient):
        lesion = LesionFactory(patient=patient, site="t11", bilsky_grade="2",
                               neurological_deficit="none")
        content = lesion_page(client, lesion)
        assert 'data-testid="bilsky"' in content
        assert 'data-testid="noms"' in content
        assert 'data-testid="score-mirels"' not in content


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The page's recent changes read one history table per kind of record among the latest
    # versions (patients.history.recent_history): not the panels' cost, bounded elsewhere
    # (tests/performance/test_patient_page_history.py).
    return sum("historical" not in query["sql"] for query in queries.captured_queries)


def test_the_panels_cost_no_query_per_record(client, clinician, patient, femur):
    """The engine reads prefetched records: more records, same number of queries."""
    client.force_login(clinician)
    patient_url = reverse("patients:detail", args=[patient.pk])

    def add_records(copies: int):
        for i in range(copies):
            LesionFactory(patient=patient, site="t11" if i % 2 else "humerus_diaphysis")
            SystemicTreatment.objects.create(patient=patient, drug=drug("gemcitabine"),
                                             start_date=TODAY - dt.timedelta(days=i + 1))
            Antithrombotic.objects.create(patient=patient, drug=drug("apixaban"),
                                          start_date=TODAY - dt.timedelta(days=i + 1))

    add_records(1)  # every relation has rows, so every prefetch runs
    before = (count_queries(client, patient_url), count_queries(client, femur.get_absolute_url()))
    add_records(5)
    after = (count_queries(client, patient_url), count_queries(client, femur.get_absolute_url()))
    assert after == before


class TestScoreTablesShowWords:
    """A score table's finding is the words for it, never the code the engine matched."""

    CODE = re.compile(r"^[a-z0-9_]+$")

    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def findings(self, content: str) -> list[str]:
        return [html.unescape(cell.strip())
                for cell in re.findall(r'data-testid="score-finding">(.*?)</td>', content, re.S)]

    def assert_no_code(self, content: str, codes: set[str]) -> None:
        findings = self.findings(content)
        assert findings, "no score table on the page"
        shown = {f for f in findings if self.CODE.match(f) and not f.isdigit()}
        assert not shown & codes, f"codes shown instead of words: {shown & codes}"
        assert not any(code in finding.split(": ") for finding in findings for code in codes)

    def test_sins_findings_are_words(self, client, patient):
        lesion = LesionFactory(patient=patient, site="t11", lesion_type="lytic",
                               pain="moderate", pain_mechanical="yes", alignment="normal",
                               collapse="lt50", posterolateral="unilateral")
        content = lesion_page(client, lesion)
        self.assert_no_code(content, {"junctional", "mechanical", "lytic", "normal", "lt50",
                                      "unilateral"})
        assert "&lt; 50 % collapse" in content
        assert "Vertebral body collapse</th>" in content  # the item, without its finding

    def test_mirels_findings_are_words(self, client, femur):
        self.assert_no_code(lesion_page(client, femur),
                            {"lytic", "functional", "gt_2_3", "lower_limb"})

    def test_prognostic_score_findings_are_words(self, client, patient):
        patient.visceral_metastases = "untreatable"
        patient.save()
        LesionFactory(patient=patient, site="t11", frankel_grade="E")
        content = patient_page(client, patient)
        self.assert_no_code(content, {"breast", "untreatable", "t11", "E"})
        findings = self.findings(content)
        # The referential's rows: Tokuhashi groups breast with thyroid, prostate, carcinoid.
        assert "Thyroid, breast, prostate, carcinoid tumour" in findings
        assert "Unremovable" in findings
        assert "T11: none (Frankel E)" in findings


class TestScoreTemplate:
    """The score table reads the item's label and the finding's words from the engine."""

    ITEM = ScoreItem("collapse", "lt50", 1, "Tassement vertébral", "Vertebral body collapse",
                     "< 50 % de la hauteur", "< 50 % collapse")
    MISSING = ScoreItem("alignment", None, None, "Alignement", "Spinal alignment")

    def render(self, language: str) -> str:
        score = Score("SINS", None, None, (self.ITEM, self.MISSING))
        with translation.override(language):
            return render_to_string("scoring/results/_score.html",
                                    {"score": score, "title": "SINS", "slug": "sins"})

    def rows(self, content: str) -> list[tuple[str, str]]:
        return re.findall(r'<th scope="row" class="fw-normal">(.*?)</th>\s*'
                          r'<td data-testid="score-finding">(.*?)</td>', content, re.S)

    def test_it_shows_the_item_and_the_finding_in_english(self):
        assert self.rows(self.render("en"))[0] == ("Vertebral body collapse",
                                                   "&lt; 50 % collapse")

    def test_it_shows_the_item_and_the_finding_in_french(self):
        assert self.rows(self.render("fr"))[0] == ("Tassement vertébral", "&lt; 50 % de la hauteur")

    def test_it_never_shows_the_code(self):
        assert "lt50" not in self.render("en")

    def test_it_capitalises_a_finding_written_in_lower_case(self):
        item = ScoreItem("posterolateral", "unilateral", 1, "Atteinte", "Involvement",
                         "unilatérale", "unilateral")
        score = Score("SINS", None, None, (item,))
        content = render_to_string("scoring/results/_score.html",
                                   {"score": score, "title": "SINS", "slug": "sins"})
        assert self.rows(content) == [("Involvement", "Unilateral")]

    def test_it_marks_a_missing_finding(self):
        assert self.rows(self.render("en"))[1] == ("Spinal alignment", "<em>missing</em>")
