"""The period the statistics cover, read from the page's filter (`?from=&to=`, ISO dates).

By default the last twelve months, this one included, so that each bar is a whole month but
the current one. The span is capped: every figure is computed on request."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_SPAN_DAYS = 3 * 366  # a request reads at most three years of activity
DEFAULT_MONTHS = 12
# Far enough apart for any real period, and clear of the calendar's ends (the time zone
# conversions and the month arithmetic step outside the period by a day or a month).
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day included
    end: dt.date  # last day included

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end + 1 day), in the site's time zone."""
        zone = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return first, after

    def months(self) -> list[dt.date]:
        """The first day of each month the period touches, in order."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months

    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def default_period(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _month in range(DEFAULT_MONTHS - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return Period(start, today)


def _in_calendar(value: dt.date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()})


def _date_field(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, validators=[_in_calendar],
                           widget=forms.DateInput(attrs={"type": "date"}))


class PeriodForm(forms.Form):
    """`from` and `to` (Python keywords, hence declared in __init__); either may be left
    out, the default period filling it."""

    def __init__(self, data=None, *, today: dt.date | None = None):
        super().__init__(data)
        self.default = default_period(today)
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start = cleaned.get("from") or self.default.start
        end = cleaned.get("to") or self.default.end
        if end < start:
            raise forms.ValidationError(_("The end date must be on or after the start date."))
        if (end - start).days + 1 > MAX_SPAN_DAYS:
            raise forms.ValidationError(
                _("The period may not exceed %(days)s days.") % {"days": MAX_SPAN_DAYS})
        cleaned["period"] = Period(start, end)
        return cleaned

    def period(self) -> Period | None:
        """The chosen period (the default one when unbound); None when the filter is invalid:
        the page shows the errors rather than figures for another period."""
        if not self.is_bound:
            return self.default
        return self.cleaned_data["period"] if self.is_valid() else None


def period_form(query) -> PeriodForm:
    """Bound only when the query names a date, so that the bare page shows no error."""
    return PeriodForm({key: query.get(key, "") for key in ("from", "to")}
                      if ("from" in query or "to" in query) else None)
