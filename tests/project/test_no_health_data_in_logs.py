"""No health data in logs or e-mails: a request that fails while carrying a patient's name and
IPP (form and query string) is logged and mailed to the ADMINS with its method, path, status,
user and traceback, and none of those values (rcp_oos/logging.py)."""

import io
import logging
import sys

import pytest
from celery.signals import setup_logging
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from rcp_oos.celery import app as rcp_celery_app
from rcp_oos.celery import use_django_logging
from rcp_oos.logging import HealthDataFreeReporterFilter, QueryStringFilter, describe_exception
from recommendations.notifications import notify_proposal_sent
from recommendations.proposals import discuss_and_draft
from tests.recommendations.workflow_helpers import scheduled_case

FAMILY_NAME, GIVEN_NAME, IPP = "Dupontel", "Jeannette", "IPP0098765"
SECRETS = (FAMILY_NAME, GIVEN_NAME, IPP)
FORM = {"family_name": FAMILY_NAME, "given_name": GIVEN_NAME, "ipp": IPP}
FAILING_URL = f"/failing/?ipp={IPP}&q={FAMILY_NAME}"
ADMINS = [("Operations", "ops@hopital.example")]


def failing_view(request: HttpRequest):
    patient_name = request.POST["family_name"]  # a local variable holding health data
    # As a database error would, the message quotes the values (PostgreSQL's "Key (ipp)=...").
    raise ValueError(f"cannot save {patient_name} ({request.GET['ipp']})")


urlpatterns = [path("failing/", failing_view)]


@pytest.fixture
def console_output():
    """What the project's own console handler (LOGGING, on the root logger) writes."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    saved = handler.setStream(stream)
    yield stream
    handler.setStream(saved)


@pytest.fixture
def failed_request(clinician, mailoutbox, console_output, caplog):
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    with override_settings(ROOT_URLCONF=__name__, ADMINS=ADMINS, DEBUG=False):
        response = client.post(FAILING_URL, FORM)
    assert response.status_code == 500
    return {"log": console_output.getvalue(), "mails": mailoutbox, "records": caplog.records}


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.django_db
class TestAFailingRequest:
    def test_it_logs_no_form_value_query_value_or_exception_message(self, failed_request):
        assert "/failing/" in failed_request["log"]
        assert_no_secret(failed_request["log"])

    def test_it_still_says_which_request_failed_and_where(self, failed_request, clinician):
        log = failed_request["log"]
        assert f"POST /failing/ (user {clinician.pk}), status 500" in log
        assert "ValueError" in log and "in failing_view" in log

    def test_it_keeps_the_request_out_of_the_log_records(self, failed_request):
        (record,) = [r for r in failed_request["records"] if r.name == "django.request"]
        assert not hasattr(record, "request")
        assert_no_secret(record.getMessage())

    def test_it_mails_the_admins_without_health_data(self, failed_request):
        (mail,) = failed_request["mails"]
        assert mail.to == ["ops@hopital.example"]
        assert "/failing/" in mail.subject and "in failing_view" in mail.body
        assert_no_secret(mail.subject)
        assert_no_secret(mail.body)
        assert_no_secret("".join(content for content, _type in mail.alternatives))


class TestTheTraceback:
    def test_it_names_each_exception_of_a_chain_without_its_message(self):
        try:
            try:
                raise KeyError(IPP)
            except KeyError as error:
                raise ValueError(FAMILY_NAME) from error
        except ValueError:
            text = describe_exception(*sys.exc_info())
        assert "builtins.KeyError" in text and "builtins.ValueError" in text
        assert "raise ValueError(FAMILY_NAME) from error" in text  # the code line, not values
        assert_no_secret(text)


class TestTheRunserverLog:
    def test_it_masks_the_query_string_of_a_request_line(self):
        record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                                   (f"GET /patients/?q={FAMILY_NAME} HTTP/1.1", "200", "5"),
                                   None)
        QueryStringFilter().filter(record)
        assert record.getMessage() == '"GET /patients/?[withheld] HTTP/1.1" 200 5'


class TestTheExceptionReporterFilter:
    """What Django's error report would show of a request, were one given to it (DEBUG is
    off in tests, as in production: the filter is active)."""

    def request(self):
        request = RequestFactory().post(FAILING_URL, FORM, HTTP_REFERER=f"/patients/?q={IPP}")
        request.COOKIES["sessionid"] = "a-session"
        return request

    def test_it_hides_every_form_value(self):
        shown = HealthDataFreeReporterFilter().get_post_parameters(self.request())
        assert set(shown) == set(FORM)
        assert_no_secret(repr(shown))

    def test_it_hides_the_query_string_and_the_referer(self):
        meta = HealthDataFreeReporterFilter().get_safe_request_meta(self.request())
        assert meta["PATH_INFO"] == "/failing/"
        assert_no_secret(repr(meta))

    def test_it_hides_the_cookies(self):
        cookies = HealthDataFreeReporterFilter().get_safe_cookies(self.request())
        assert "a-session" not in repr(cookies)

    def test_it_hides_every_local_variable(self):
        patient_name = FAMILY_NAME  # noqa: F841 (read from the frame below)
        frame = sys._getframe()
        shown = HealthDataFreeReporterFilter().get_traceback_frame_variables(None, frame)
        assert "patient_name" in dict(shown)
        assert_no_secret(repr(shown))

    def test_it_hides_every_setting(self):
        with override_settings(DOCUMENT_INSTITUTION=FAMILY_NAME):
            shown = HealthDataFreeReporterFilter().get_safe_settings()
        assert "DOCUMENT_INSTITUTION" in shown
        assert_no_secret(repr(shown))


@pytest.mark.django_db
def test_the_proposal_e_mail_holds_a_link_and_no_patient_data(clinician, coordinator,
                                                               mailoutbox):
    # The sending page is tested in tests/recommendations/test_proposal_pages.py; here the
    # e-mail itself, against every identifying field of the patient.
    case = scheduled_case(clinician, coordinator)
    proposal = discuss_and_draft(case, coordinator)
    assert notify_proposal_sent(proposal, RequestFactory().get("/"))
    (mail,) = mailoutbox
    patient = case.patient
    for private in (patient.family_name, patient.given_name, patient.ipp,
                    patient.birth_date.isoformat(), patient.birth_date.strftime("%d/%m/%Y"),
                    case.question):
        assert private not in mail.subject and private not in mail.body
    assert f"/proposals/{proposal.pk}/" in mail.body


@rcp_celery_app.task(name="tests.failing_task_with_health_data")
def failing_task(patient_name: str) -> None:
    raise ValueError(f"cannot render {patient_name} ({IPP})")


class TestACeleryTaskFailure:
    """Celery's failure line ("Task …[id] raised unexpected: ValueError('…')") quotes the
    exception and the task's arguments; the worker keeps Django's LOGGING, which withholds
    both (rcp_oos/celery.py, rcp_oos.logging.TaskFailureFilter)."""

    def test_the_failure_is_logged_with_its_type_and_no_health_data(self, console_output):
        result = failing_task.apply(args=[FAMILY_NAME], throw=False)
        assert result.failed()
        log = console_output.getvalue()
        assert "tests.failing_task_with_health_data" in log and "ValueError" in log
        assert_no_secret(log)

    def test_the_worker_keeps_the_projects_logging(self):
        assert use_django_logging in [ref() for _, ref in setup_logging.receivers]
