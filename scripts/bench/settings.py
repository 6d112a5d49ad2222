"""The application's own settings, plus the floor's URL (kept out of the project's URLs, whose
every entry the authorisation matrix and the fuzz test enumerate). DEBUG is off as in
production; RCP_ENV stays development so no production secret is needed on a bench box."""

from rcp_oos.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
