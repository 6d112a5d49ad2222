"""Settings for RCP-OOS, read from the environment with embedded defaults.

Without any variable set, the project runs embedded: SQLite file, Celery tasks run eagerly,
e-mails printed to the console. `RCP_ENV=production` switches to production mode, which
refuses to start on unsafe values (see `rcp_oos/env.py`). Every variable is documented in
docs/configuration.md.
"""

import datetime as dt
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from rcp_oos import env
from rcp_oos.settings_documents import (  # noqa: F401 (settings read by name)
    DOCUMENT_INSTITUTION,
    DOCUMENT_SIGNING_CERTIFICATE,
    DOCUMENT_SIGNING_PASSPHRASE,
)

BASE_DIR = Path(__file__).resolve().parent.parent

RCP_ENV = env.get_str("RCP_ENV", "development")
PRODUCTION = RCP_ENV == "production"
if RCP_ENV not in {"development", "production", "test"}:
    raise env.ImproperlyConfigured(
        f"RCP_ENV must be development, production or test, not {RCP_ENV!r}."
    )

DEBUG = env.get_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env.secret_key(production=PRODUCTION)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
if PRODUCTION and (DEBUG or not ALLOWED_HOSTS):
    raise env.ImproperlyConfigured("In production, DEBUG must be off and ALLOWED_HOSTS set.")

INSTALLED_APPS = [
    # The admin site, with the second factor required (accounts/admin_site.py).
    "accounts.admin_config.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "accounts",
    "audit",
    "patients",
    "scoring",
    "recommendations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers (see "Security headers" below).
    "csp.middleware.CSPMiddleware",
    "rcp_oos.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages (they say why), before any view: idle and absolute session limits,
    # then the second factor (docs/security.md, "Access").
    "accounts.middleware.SessionExpiryMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rcp_oos.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "rcp_oos.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes) in front of the usual user/password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.OneQueryModelBackend",
]
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15))
# Locked per username *and* address: a ward behind one NAT address is not locked out by one
# person's typos, and nobody can lock a physician out from elsewhere by guessing their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Failures are logged with the username and address masked (axes' default); the admin's
# "Access attempts" list shows them in full. Not verbose: no banner on every command.
AXES_VERBOSE = False
# Behind the TLS proxy, the client is the last address the proxy appended.
AXES_TRUSTED_PROXY_COUNT = 1 if env.get_bool("BEHIND_TLS_PROXY", False) else 0
# Second factor (django-otp, TOTP): required for administrators, offered to everyone.
OTP_TOTP_ISSUER = "RCP-OOS"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.get_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, whitenoise serves from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Panels that higher apps add to the patient and lesion pages (dotted paths to callables),
# so that `patients` shows computed results without importing the apps that compute them.
# The admin's page of a draft referential posts every table at once (about 2,300 fields for
# the first edition); Django's default cap of 1,000 would refuse it with a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Quorum of a meeting, per meeting type: at least `min_physicians` physicians of distinct
# specialties, covering each `required` group (any one specialty of a group will do). The
# national RCP criteria set a quorum per tumour type; this is the bone-metastasis panel's
# reading (medical oncology, radiotherapy, and an interventional radiologist or a surgeon),
# to be confirmed by each centre (docs/meetings.md).
RCP_QUORUMS = {
    "bone_metastasis": {
        "min_physicians": 3,
        "required": [
            ["oncology"],
            ["radiotherapy"],
            ["interventional_radiology", "orthopaedic_surgery", "neurosurgery"],
        ],
    },
}

PATIENT_PAGE_PANELS = ["scoring.panels.patient_panel",
                       "scoring.skeleton_panel.skeleton_panel",
                       "recommendations.views.cases.patient_cases_panel",
                       "recommendations.follow_up.panel.patient_follow_up_panel"]
# Inside the form adding a day's measurements: live clearance, ZOL dose, vitamin D (htmx).
MEASUREMENT_FORM_PANELS = ["scoring.live_patient.measurement_form_panel"]
LESION_PAGE_PANELS = ["scoring.panels.lesion_panel"]
# Beside the lesion form, inside it: the live fracture-risk score (htmx).
LESION_FORM_PANELS = ["scoring.live.lesion_form_panel"]
# The patient timeline's sources: each callable(patient, user) -> list of TimelineEvent.
PATIENT_TIMELINE_SOURCES = ["patients.timeline.record_events",
                            "recommendations.timeline.meeting_events"]
# Which patients have an open case, for the patient list's filter (patients must not import
# recommendations): a callable returning a Q on patients.
PATIENT_OPEN_CASE_FILTER = "recommendations.list_selectors.patients_with_open_case"

# Celery: without a broker the tasks run eagerly in the web process.
CELERY_BROKER_URL = env.get_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env.get_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker dies (killed, out of memory) is delivered again rather than dropped:
# the tasks are safe to run twice. Redis hands an unacknowledged task to another worker
# after the visibility timeout (seconds), which must exceed the longest task and retry delay.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.get_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TIMEZONE = TIME_ZONE
# Celery beat's periodic tasks. The follow-up reminders: every patient's actions refreshed,
# then the day's digest e-mails, each day at FOLLOW_UP_DAILY_HOUR (local time, TIME_ZONE).
FOLLOW_UP_DAILY_HOUR = env.get_int("FOLLOW_UP_DAILY_HOUR", 6)
if not 0 <= FOLLOW_UP_DAILY_HOUR <= 23:
    raise env.ImproperlyConfigured(
        f"FOLLOW_UP_DAILY_HOUR must be an hour from 0 to 23, not {FOLLOW_UP_DAILY_HOUR}.")
CELERY_BEAT_SCHEDULE = {
    "follow-up-daily": {"task": "recommendations.tasks.daily_follow_up",
                        "schedule": crontab(hour=FOLLOW_UP_DAILY_HOUR, minute=0)},
}
# The apps' tasks.py are found by autodiscovery; the project's own module is not an app.
CELERY_IMPORTS = ["rcp_oos.tasks"]

EMAIL_BACKEND = env.get_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "rcp-oos@localhost")
# The site's public address, for the links of e-mails sent without a request (the daily
# follow-up digest); e-mails sent while answering a request use the request's address. In
# production it defaults to HTTPS on the first named host of ALLOWED_HOSTS.
_NAMED_HOST = next((host.lstrip(".") for host in ALLOWED_HOSTS if host.strip(".*")), "")
SITE_URL = env.get_str("SITE_URL", f"https://{_NAMED_HOST}" if PRODUCTION and _NAMED_HOST
                       else "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise env.ImproperlyConfigured(
        f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")

# Absolute lifetime of a login; SESSION_IDLE_TIMEOUT ends it sooner after inactivity. Both
# are checked by accounts.middleware.SessionExpiryMiddleware.
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_IDLE_TIMEOUT = env.get_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# The container health check calls http://127.0.0.1:8000/health/ directly, without the TLS
# proxy: a redirect to HTTPS would make it fail.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Security headers: Content Security Policy (django-csp 4; Django 6 has the same setting
# built in). Scripts and styles come only from our static files: no inline <script>, no
# style="" attribute, no eval (htmx's is off in templates/base.html); images may be data: URIs
# (Bootstrap's icons). The admin works under it (tests/browser/test_csp_in_browser.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if env.get_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No health data in logs or e-mails (rcp_oos/logging.py): a failing request is logged and
# mailed to the ADMINS as method, path, status, user id and a traceback without values.
DEFAULT_EXCEPTION_REPORTER_FILTER = "rcp_oos.logging.HealthDataFreeReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request_summary": {"()": "rcp_oos.logging.RequestSummaryFilter"},
        "no_query_strings": {"()": "rcp_oos.logging.QueryStringFilter"},
        "task_failures": {"()": "rcp_oos.logging.TaskFailureFilter"},
    },
    "formatters": {
        "health_data_free": {"class": "rcp_oos.logging.HealthDataFreeFormatter",
                             "format": "{levelname} {name}: {message}", "style": "{"},
        "django.server": {"class": "rcp_oos.logging.HealthDataFreeFormatter",
                          "format": "[{asctime}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "health_data_free",
                    "filters": ["request_summary", "task_failures"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false", "request_summary", "task_failures"],
                        "formatter": "health_data_free", "include_html": False,
                        "reporter_class": "rcp_oos.logging.HealthDataFreeExceptionReporter"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["no_query_strings"]},
    },
    # Named so that Django's own handlers (which mail the whole request) are replaced.
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
}

# Demo data (`manage.py load_demo`) is refused in production.
DEMO_PASSWORD = env.get_str("DEMO_PASSWORD", "demo-rcp-oos")

# FHIR exchange (docs/fhir.md): the system URI of the hospital's patient identifier (IPP), and
# the base of the local code systems and identifiers the exported bundles use.
FHIR_BASE_URL = env.get_str("FHIR_BASE_URL", "https://rcp-oos.invalid/fhir").rstrip("/")
FHIR_IPP_SYSTEM = env.get_str("FHIR_IPP_SYSTEM", f"{FHIR_BASE_URL}/NamingSystem/ipp")
