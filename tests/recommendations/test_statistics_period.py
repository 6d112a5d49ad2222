"""The statistics' period filter: its default, its errors (recommendations/statistics/period.py)."""

import datetime as dt

from django.http import QueryDict

from recommendations.statistics.period import MAX_SPAN_DAYS, Period, PeriodForm, period_form

TODAY = dt.date(2026, 12, 7)


def form(query: str) -> PeriodForm:
    data = QueryDict(query)
    return PeriodForm({key: data.get(key, "") for key in ("from", "to")}, today=TODAY)


def test_the_default_is_the_last_twelve_months_this_one_included():
    period = PeriodForm(today=TODAY).period()
    assert period == Period(dt.date(2026, 1, 1), TODAY)
    assert len(period.months()) == 12


def test_an_empty_query_is_not_an_error():
    assert not period_form(QueryDict("")).is_bound


def test_both_dates_make_the_period():
    assert form("from=2025-03-15&to=2025-05-02").period() == Period(dt.date(2025, 3, 15),
                                                                     dt.date(2025, 5, 2))


def test_a_missing_date_takes_the_default_one():
    assert form("from=2026-06-01").period() == Period(dt.date(2026, 6, 1), TODAY)


def test_a_single_day_is_a_period():
    assert form("from=2026-06-01&to=2026-06-01").period().months() == [dt.date(2026, 6, 1)]


def test_an_invalid_date_is_refused_with_its_field():
    refused = form("from=2026-13-01&to=2026-12-01")
    assert refused.period() is None
    assert "from" in refused.errors


def test_an_end_before_the_start_is_refused():
    refused = form("from=2026-06-01&to=2026-05-31")
    assert refused.period() is None
    assert refused.non_field_errors() == ["The end date must be on or after the start date."]


def test_a_period_longer_than_the_maximum_is_refused():
    start = dt.date(2020, 1, 1)
    longest = start + dt.timedelta(days=MAX_SPAN_DAYS - 1)
    assert form(f"from={start}&to={longest}").period() is not None
    refused = form(f"from={start}&to={longest + dt.timedelta(days=1)}")
    assert refused.period() is None
    assert refused.non_field_errors() == [f"The period may not exceed {MAX_SPAN_DAYS} days."]


def test_the_months_cross_a_year():
    assert Period(dt.date(2025, 11, 20), dt.date(2026, 1, 3)).months() == [
        dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)]


def test_a_date_off_the_calendar_is_refused():
    for query in ("from=0001-01-01&to=0001-01-02", "from=9999-12-01&to=9999-12-31"):
        refused = form(query)
        assert refused.period() is None
        assert refused.errors["from"] == ["Choose a date between 1900-01-01 and 2999-12-31."]
