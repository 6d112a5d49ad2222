"""Counting the queries of one request, after a first request has filled the caches that
live for the whole process (referential, content types), so two data sizes compare fairly."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url: str, *, method: str = "get", **kwargs) -> int:
    send = getattr(client, method)
    assert send(url, **kwargs).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = send(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return len(captured)


def assert_flat(measure, grow, *, budget: int, few: int = 2, many: int = 12) -> tuple[int, int]:
    """The same number of queries with `few` and with `many` of the growing rows, and no more
    than `budget`. `grow(n)` adds n rows; `measure()` counts one request."""
    grow(few)
    at_few = measure()
    grow(many - few)
    at_many = measure()
    assert at_many == at_few, f"{at_few} queries with {few} rows, {at_many} with {many}"
    assert at_many <= budget, f"{at_many} queries, budget {budget}"
    return at_few, at_many
