"""Two people editing the same record: what each one's browser loaded and posts back."""

import re

from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from patients.concurrency import LOCK_FIELD

_LOCK_INPUT = re.compile(r'<input type="hidden" name="lock_version"\s+value="(\d+)"')


def browser_of(user) -> Client:
    """A separate client (its own session) for `user`, in English."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def loaded_version(response) -> str:
    """The version the page's form carries in its hidden field."""
    (version,) = _LOCK_INPUT.findall(response.content.decode())
    return version


def form_post(instance, fields, version: str, **typed) -> dict:
    """What the edit form posts: the record's values as loaded, the user's typing, and the
    version it was loaded with."""
    data = {}
    for name, value in model_to_dict(instance, fields=fields).items():
        if isinstance(value, list):
            data[name] = [item.pk for item in value]
        else:
            data[name] = "" if value is None else value
    return {**data, **typed, LOCK_FIELD: version}


def saved_at(instance) -> str:
    """The time of the record's last save, as the conflict message shows it."""
    return timezone.localtime(instance.history.first().history_date).strftime("%H:%M")


def differences_shown(response) -> str:
    """The table of differences of a refused save, as HTML."""
    html = response.content.decode()
    return html.split('data-testid="edit-conflict-differences"', 1)[1].split("</table>", 1)[0]
