#!/usr/bin/env python
"""Time and memory to render the printed documents, against a bare WeasyPrint document of
the same page count rendered in the same run (what our templates, the engine and the
signature add to WeasyPrint's own cost).

    .venv/bin/python scripts/benchmark_documents.py [--cases 30] [--repeat 3]

A benchmark, not a test: it builds its own throwaway SQLite database and media folder
(migrated, fictitious patients with two sided lesions each, so every map has markers, one
meeting with N cases, one signed proposal), then renders the signed proposal, the first case's
summary and the booklet `--repeat` times each, each in a forked child process so that its peak
resident memory is its own. Printed as a Markdown table: the median wall and CPU times beside
the floor's, their ratios, the peak RSS growth over the child's starting RSS (WeasyPrint's
memory is mostly in C, where tracemalloc does not see it) and the child's whole peak RSS.

With `--text-floor`, also a second, informative floor (the reported ratio stays the bare one,
issue 8's definition): the same page count with the documents' own stylesheet (A4 margins,
running header and footer, DejaVu Sans 9.5 pt) and a page of plain text on every page.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def configure(workdir: Path) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="rcp_oos.settings", CELERY_BROKER_URL="",
                      DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
                      MEDIA_ROOT=str(workdir / "media"), RCP_ENV="development",
                      DOCUMENT_SIGNING_CERTIFICATE="", DOCUMENT_SIGNING_PASSPHRASE="")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("create_demo_certificate", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def build_meeting(cases: int):
    """One meeting with `cases` scheduled cases, the first one discussed and signed."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import User
    from patients.models import Lesion, Measurement, Patient
    from recommendations.case_workflow import schedule_case, submit_case
    from recommendations.models import Attendance, Case, Meeting
    from recommendations.proposals import discuss_and_draft, sign_proposal

    def user(name, role, specialty=""):
        person = User.objects.create(username=name, first_name=name.title(), last_name="Bench",
                                     specialty=specialty)
        person.groups.add(Group.objects.get(name=role))
        return person

    clinician, coordinator = user("clinician", "clinician"), user("coordinator", "coordinator")
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        date=today + dt.timedelta(days=7), start_time=dt.time(14), place="Salle 1",
        registration_deadline=timezone.now() + dt.timedelta(days=5))
    sites = ("femur_trochanteric", "humerus_diaphysis", "femur_diaphysis")
    for index in range(cases):
        patient = Patient.objects.create(
            ipp=f"BENCH{index:05d}", family_name=f"Patient{index}", given_name="Test",
            birth_date=dt.date(1950 + index % 30, 1 + index % 12, 1 + index % 28), sex="F",
            referring_clinician=clinician, primary_site="breast", histology="ductal")
        for kind, value in (("weight", "68"), ("creatinine", "75"), ("calcium", "2.3")):
            Measurement.objects.create(patient=patient, kind=kind, value=Decimal(value),
                                       measured_on=today)
        for lesion in range(2):
            Lesion.objects.create(patient=patient, site=sites[(index + lesion) % 3],
                                  side=("left", "right")[lesion], lesion_type="lytic",
                                  pain="functional",
                                  cortical_involvement="gt_2_3")
        case = Case.objects.create(patient=patient, referring_clinician=clinician,
                                   question=f"Question {index}: fixation or radiotherapy?",
                                   patient_informed=True)
        submit_case(case, clinician)
        schedule_case(case, meeting, coordinator)
    members = [user(f"member{i}", "panel_member", s) for i, s in enumerate(
        ("oncology", "radiotherapy", "interventional_radiology"))]
    for member in members:
        Attendance.objects.create(meeting=meeting, user=member, specialty=member.specialty)
    first = meeting.cases.order_by("agenda_position").first()
    proposal = discuss_and_draft(first, members[0])
    for member in members:
        sign_proposal(proposal, member)
    proposal.refresh_from_db()
    return meeting, proposal


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def in_child(work) -> tuple[float, float, int, float, float]:
    """(seconds, peak RSS growth in MiB, pages, CPU seconds, peak RSS in MiB) of `work()` in a
    forked child."""
    from django.db import connections

    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report through the pipe, leave at once
        os.close(read)
        start_rss = rss_mib()
        started, started_cpu = time.perf_counter(), cpu_seconds()
        pages = work()
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.write(write, f"{elapsed} {peak - start_rss} {pages} {cpu} {peak}".encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = pipe.read()
    os.waitpid(pid, 0)
    seconds, growth, pages, cpu, peak = report.split()
    return float(seconds), float(growth), int(pages), float(cpu), float(peak)


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def bare_html(pages: int) -> str:
    body = "".join(f'<p style="break-after: page">Page {n}</p>' for n in range(1, pages))
    return (f"<html><head><style>@page {{ size: A4 }}</style></head><body>{body}"
            f"<p>Page {pages}</p></body></html>")


TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. " * 4


def text_html(pages: int) -> str:
    """`pages` pages of plain paragraphs under the documents' stylesheet, headed like a case."""
    from django.template.loader import render_to_string

    style = render_to_string("recommendations/pdf/_style.css")
    page = (f"{''.join(f'<p>{TEXT}</p>' for _ in range(11))}</section>")
    body = "".join(f'<section class="case-summary{" first" if n == 1 else ""}">'
                   f'<div class="running-header"><span class="institution">Hospital</span>'
                   f'<span class="heading">Patient {n}</span></div><h1>Case {n}</h1>{page}'
                   for n in range(1, pages + 1))
    return (f"<html><head><style>{style}</style></head><body>"
            f'<div class="running-footer">Referential</div>{body}</body></html>')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--text-floor", action="store_true",
                        help="also time a page of plain text per page (informative)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rcp-bench-") as folder:
        configure(Path(folder))
        meeting, proposal = build_meeting(options.cases)
        import weasyprint

        from recommendations.documents import render, signing

        def proposal_pdf() -> int:
            pdf = render.render_pdf("proposal", proposal)
            return page_count(signing.sign_pdf(pdf, reason="benchmark"))

        def case_summary_pdf() -> int:
            return page_count(render.render_pdf("case_summary", proposal.case))

        def booklet_pdf() -> int:
            return page_count(render.render_pdf("booklet", meeting))

        def bare(pages: int, html=bare_html):
            return lambda: page_count(weasyprint.HTML(string=html(pages)).write_pdf())

        rows = []
        for label, work in (("signed proposal (render + sign)", proposal_pdf),
                            ("case summary", case_summary_pdf),
                            (f"booklet, {options.cases} cases", booklet_pdf)):
            runs = [in_child(work) for _ in range(options.repeat)]
            floor = [in_child(bare(runs[0][2])) for _ in range(options.repeat)]
            rows.append((label, runs[0][2], median(runs, 0), median(floor, 0),
                         median(runs, 3), median(floor, 3), median(runs, 1), median(floor, 1),
                         median(runs, 4)))
        print_table(rows)
        if options.text_floor:
            for label, pages, *_ in rows:
                runs = [in_child(bare(pages, text_html)) for _ in range(options.repeat)]
                print(f"- text floor for {label}: {runs[0][2]} pages, "
                      f"{median(runs, 0):.2f} s wall, {median(runs, 3):.2f} s CPU, "
                      f"peak RSS +{median(runs, 1):.1f} MiB")


def median(runs, field: int) -> float:
    return statistics.median(run[field] for run in runs)


def print_table(rows) -> None:
    """A Markdown table: each document beside the bare WeasyPrint document of its page count.
    CPU seconds too: on a shared machine they move less than wall time."""
    print("| document | pages | wall s | floor wall s | ratio | CPU s | floor CPU s | CPU ratio "
          "| peak RSS +MiB | floor +MiB | peak RSS MiB |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label, pages, wall, floor, cpu, floor_cpu, memory, floor_memory, peak in rows:
        print(f"| {label} | {pages} | {wall:.2f} | {floor:.2f} | {wall / floor:.1f}x "
              f"| {cpu:.2f} | {floor_cpu:.2f} | {cpu / floor_cpu:.1f}x "
              f"| {memory:.1f} | {floor_memory:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
