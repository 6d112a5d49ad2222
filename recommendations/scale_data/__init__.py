"""Realistic fictitious data in bulk, to measure the application at hospital-network size.

`manage.py generate_scale_data` calls `generate`: staff accounts, patients with their
lesions and records, two years of weekly meetings with their cases, and the past cases'
signed proposals, each kind in its own module, all inserted with `bulk_create` in batches.
The same seed on the same day gives the same data.
"""

import random
import time
from collections.abc import Callable

from django.db import transaction

from recommendations.models import WorkflowEvent
from recommendations.scale_data.bulk import insert
from recommendations.scale_data.cases import case_events, generate_cases
from recommendations.scale_data.meetings import generate_meetings
from recommendations.scale_data.plan import ScalePlan
from recommendations.scale_data.population import generate_population
from recommendations.scale_data.proposals import generate_proposals
from recommendations.scale_data.users import get_or_create_staff


def generate(plan: ScalePlan, log: Callable[[str], None] = lambda line: None) -> None:
    """Everything in one transaction: an interrupted run leaves nothing behind."""
    with transaction.atomic(), _Steps(log) as step:
        staff = get_or_create_staff(_stream(plan, "staff"), plan)
        step("staff accounts")
        rng = _stream(plan, "records")
        sketches = generate_population(rng, plan, [user.pk for user in staff.clinicians])
        step("patients, lesions and records")
        held = generate_meetings(rng, plan, staff.panel)
        planned = generate_cases(rng, plan, held, sketches, staff)
        step("meetings, attendances and cases")
        signer_of = generate_proposals(rng, plan, planned)
        step("proposals and signatures")
        insert(WorkflowEvent, case_events(planned, staff, signer_of))
        step("workflow events")


def _stream(plan: ScalePlan, name: str) -> random.Random:
    """A random stream of its own per step: reusing the staff of an earlier run leaves the
    patients the same; an appended run (another first number) draws other patients."""
    return random.Random(f"{plan.seed}:{plan.first_number}:{name}")  # noqa: S311 - fiction


class _Steps:
    """Logs each step with the seconds it took."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log

    def __enter__(self):
        self.started = self.last = time.perf_counter()
        return self

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.log(f"  {name}: {now - self.last:.1f} s")
        self.last = now

    def __exit__(self, *exc_info):
        self.log(f"  total: {time.perf_counter() - self.started:.1f} s")
        return False
