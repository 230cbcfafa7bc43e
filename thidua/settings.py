"""thidua settings.

Everything that differs between a laptop, CI and production is read from environment
variables through the small typed helpers below (the healthchecks approach): SQLite by
default so that a checkout runs as it is, ``DATABASE_URL`` for PostgreSQL, and nothing
that only production can switch on.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The development key only works with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
# Without one, the server, the worker's scheduler and `check --deploy` refuse to start
# (thidua.core.checks); tests and one-off management commands run with a random key per
# process, safe for them because nothing they sign has to outlive the process.
# (The test run itself is one process: it counts as having a key.)
SECRET_KEY_MISSING = not SECRET_KEY and "pytest" not in sys.modules
if not SECRET_KEY:
    SECRET_KEY = "insecure-" + os.urandom(24).hex()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Before django_tasks_db: thidua.core's `db_worker` (the same worker, plus the
    # heartbeat /readyz reads) takes the place of the package's command of that name.
    "thidua.core",
    "django_tasks",
    "django_tasks_db",
    "thidua.orgunits",
    "thidua.accounts",
    "thidua.documents",
    "thidua.plans",
    "thidua.concerns",
    "thidua.reporting",
    "thidua.emulation",
    "thidua.awards",
    "thidua.reviews",
    "thidua.textimport",
    "thidua.signing",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer probes before host checks, redirects and sessions.
    "thidua.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers compressed for a weak link (Django pads the compressed body
    # against BREACH); whitenoise below serves static files already compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Static files, compressed and with hashed names, served by the app (README,
    # "Running in production"); a proxy may serve STATIC_ROOT itself instead.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whose page this is, for the offline worker's cache, and no cookie set by the
    # worker's background fetches (``thidua.core.offline``): outside the session and CSRF
    # middleware, so that it sees the cookies they set.
    "thidua.core.offline.OfflineUserMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: the change log needs request.user and a request id.
    "thidua.core.middleware.RequestContextMiddleware",
    # Which reads may go to the read replica (thidua.core.dbrouting); after the above so
    # that its log line and the user are known.
    "thidua.core.dbrouting.ReplicaMiddleware",
    # A NUL in an address, query or form field: a 400 naming the field (PostgreSQL
    # refuses it in any string).
    "thidua.core.inputguard.InputGuardMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL")
        or f"sqlite:///{BASE_DIR / env_str('SQLITE_NAME', 'thidua.sqlite3')}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server and the job worker read while the other writes;
    # IMMEDIATE transactions make concurrent writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A read replica of the PostgreSQL primary (streaming replication): synthesis pages,
# exports and API reads go there, except a user's own reads for REPLICA_PIN_SECONDS after
# their last write (thidua.core.dbrouting). In tests the alias mirrors the default one.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
THIDUA_REPLICA_ALIAS: str | None = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    THIDUA_REPLICA_ALIAS = "replica"
THIDUA_REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DATABASE_ROUTERS = ["thidua.core.dbrouting.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["thidua.formats"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("th", "ไทย")]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Filled by `manage.py collectstatic` (part of every production start: README, deploy/).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year by browsers) and .gz/.br copies, served by WhiteNoise.
    # With DEBUG on (make demo) files are found in place and no collectstatic is needed.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploads (Excel reports, evidence) are bounded; larger files are refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
THIDUA_MAX_UPLOAD_BYTES = env_int("THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A workbook of the reports of more units than this is read in a background job.
THIDUA_UPLOAD_JOB_UNITS = env_int("THIDUA_UPLOAD_JOB_UNITS", 20)

# Absolute base of links in e-mails (reminder digests), e.g. https://thidua.example.gov.vn
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# With EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend: the relay to send through.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# Digital signatures (thidua.signing). Trusted roots: PEM or DER files, comma-separated —
# the national root CA in production. The demo makes its own test CA (load_demo) and
# trusts it when no root is configured. A timestamp server (RFC 3161) makes signatures
# PAdES B-T; fetching revocation data (OCSP/CRL) needs the CA's servers reachable.
DEMO_SIGNING_DIR = BASE_DIR / "var" / "demo-signing"
THIDUA_SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS") or (
    [str(DEMO_SIGNING_DIR / "root-ca.pem")] if DEBUG else []
)
THIDUA_TSA_URL = env_str("TSA_URL")
THIDUA_SIGNING_FETCH_REVOCATION = env_bool("SIGNING_FETCH_REVOCATION", False)
# PKCS#11 tokens the server reaches: the module (library) path; tokens are listed from it.
THIDUA_PKCS11_MODULE = env_str("PKCS11_MODULE")

# The job queue: the database by default (no other server to run); on Redis with several
# RQ workers when TASKS_BACKEND=rq (`manage.py rqworker --job-class django_tasks_rq.Job`,
# one per core or machine), its Redis at TASKS_REDIS_URL (default: REDIS_URL).
TASKS_BACKEND = env_str("TASKS_BACKEND", "db")
TASKS = {
    "default": {
        "BACKEND": {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}.get(
            TASKS_BACKEND, TASKS_BACKEND
        ),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": env_str("TASKS_REDIS_URL") or env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT", 3600),
        }
    }

# The daily jobs' times (thidua.core.scheduler), e.g. "reminders=07:00,clean-up=03:30";
# a job given no time ("reminders=") is off.
THIDUA_SCHEDULE = dict(item.split("=", 1) for item in env_list("SCHEDULE") if "=" in item)

# The job worker (`manage.py db_worker`) writes a heartbeat every WORKER_HEARTBEAT_SECONDS;
# /readyz answers 503 when no worker has written one for WORKER_HEARTBEAT_MAX_AGE seconds.
THIDUA_WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
THIDUA_WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 60)

# One cache shared by every process and every app server: the database's own table by
# default (`migrate` creates it, thidua.core.apps), Redis when REDIS_URL is set. Never a
# per-process cache: what one worker stores, another must see.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thidua_cache"}
    )
    | {"KEY_PREFIX": "thidua"}
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["thidua.accounts.permissions.IsMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "thidua.core.api.pagination.Pages",
    "DEFAULT_PARSER_CLASSES": [
        "thidua.core.api.parsers.JSONParser",  # refuses a NUL anywhere, located
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "thidua.core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "thidua API",
    "DESCRIPTION": "Plans, tasks, reports, emulation movements and commendations of public bodies.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's refusals, in the one error shape (thidua.core.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "thidua.core.api.schema.error_responses",
    ],
    # Many models have a "kind" or "status" field with their own choices: every nested
    # choices class is named after its model, so that the schema is stable and
    # `check --deploy` stays clean (test_core_views). Add new ones here.
    "ENUM_NAME_OVERRIDES": {
        "AwardTypeCategoryEnum": "thidua.awards.models.AwardType.Category",
        "InitiativeKindEnum": "thidua.awards.models.Initiative.Kind",
        "NominationStatusEnum": "thidua.awards.models.Nomination.Status",
        "NominationGroundEnum": "thidua.awards.models.Nomination.Ground",
        "ChangeRecordActionEnum": "thidua.core.models.ChangeRecord.Action",
        "JobStatusEnum": "thidua.core.models.Job.Status",
        "DocumentStyleEnum": "thidua.documents.models.Document.Style",
        "DocumentRelationKindEnum": "thidua.documents.models.DocumentRelation.Kind",
        "MovementKindEnum": "thidua.emulation.models.Movement.Kind",
        "CriterionMethodEnum": "thidua.emulation.models.Criterion.Method",
        "PledgeStatusEnum": "thidua.emulation.models.Pledge.Status",
        "EvaluationStatusEnum": "thidua.emulation.models.Evaluation.Status",
        "ContestRoundLevelEnum": "thidua.emulation.models.ContestRound.Level",
        "PlanKindEnum": "thidua.plans.models.Plan.Kind",
        "PlanDocumentRelationEnum": "thidua.plans.models.PlanDocument.Relation",
        "TaskRecurrenceEnum": "thidua.plans.models.Task.Recurrence",
        "TaskAssignmentRoleEnum": "thidua.plans.models.TaskAssignment.Role",
        "ConcernIssueStateEnum": "thidua.concerns.models.ConcernIssue.State",
        "ConcernIssueCategoryEnum": "thidua.concerns.models.ConcernIssue.Category",
        "ConcernIssueChannelEnum": "thidua.concerns.models.ConcernIssue.Channel",
        "HolidayKindEnum": "thidua.reporting.models.Holiday.Kind",
        "IndicatorValueTypeEnum": "thidua.reporting.models.Indicator.ValueType",
        "IndicatorAggregationEnum": "thidua.reporting.models.Indicator.Aggregation",
        "ReportFormPeriodicityEnum": "thidua.reporting.models.ReportForm.Periodicity",
        "ReportFormDeadlineKindEnum": "thidua.reporting.models.ReportForm.DeadlineKind",
        "ValidationRuleOpEnum": "thidua.reporting.models.ValidationRule.Op",
        "SubmissionStatusEnum": "thidua.reporting.models.Submission.Status",
        "SubmissionSourceEnum": "thidua.reporting.models.Submission.Source",
        "ReviewKindEnum": "thidua.reviews.models.Review.Kind",
        "ReviewStatusEnum": "thidua.reviews.models.Review.Status",
        "ImportSessionStatusEnum": "thidua.textimport.models.ImportSession.Status",
    },
}

# Production hardening, switched on by DEBUG being off (the default) and checked by
# `manage.py check --deploy` in the test suite (thidua/core/tests/test_deploy.py).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS proxy (deploy/nginx): only when TRUSTED_PROXY is set does thidua believe the
# proxy's X-Forwarded-Proto (and, with USE_X_FORWARDED_HOST, X-Forwarded-Host). The
# proxy must overwrite those headers, never pass a client's own along; the app server
# must be reachable only through it.
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
USE_X_FORWARDED_HOST = TRUSTED_PROXY and env_bool("USE_X_FORWARDED_HOST", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Accounts and security: sign-in throttle, API tokens, second factor, CSP -------------
# (thidua.accounts.throttle, .tokens, .twofactor; thidua.core.security). One block, so
# that production-serving settings elsewhere in this file stay apart from it.
INSTALLED_APPS += ["axes"]
# Axes first: it refuses a locked sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    "thidua.core.security.SecurityHeadersMiddleware",
    "thidua.accounts.twofactor.EnrolmentRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: it turns a lockout into a page
]
# Proxies in front of thidua that append to X-Forwarded-For (0: none, the header is
# ignored). The client address of the throttle is read behind exactly this many.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if TRUSTED_PROXY else 0)
AXES_HANDLER = "thidua.accounts.throttle.SignInThrottle"
AXES_CLIENT_IP_CALLABLE = "thidua.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "thidua.accounts.throttle.lockout_response"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # per (user name, address)
THIDUA_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)  # per address
AXES_COOLOFF_TIME = dt.timedelta(seconds=env_int("LOGIN_COOLOFF_SECONDS", 15 * 60))
AXES_RESET_ON_SUCCESS = True  # the pair's failures only (SignInThrottle)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the wait does not grow while locked
AXES_VERBOSE = False
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "thidua.accounts.tokens.TokenAuthentication",  # hashed, expiring, revocable
]
API_TOKEN_DAYS = (30, 90, 365)  # the lifetimes a token may be given, in days; no longer
# Invitations and password-reset links: one use, valid this long (Django's token generator).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
# Content-Security-Policy and Permissions-Policy of every answer (thidua.core.security).
THIDUA_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Powerful browser features thidua never uses, refused to the page and anything it embeds.
THIDUA_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()"
)


# Logs go to standard output, one JSON object a line (time, level, logger, message,
# request_id, user_id, method, path, status, duration_ms: thidua.core.logs), or as
# readable text with DEBUG on; one line per request from the logger "thidua.request".
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "thidua.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "thidua.core.logs.JsonFormatter"},
        "text": {"()": "thidua.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "thidua.request": {
            "level": "INFO" if env_bool("LOG_REQUESTS", not DEBUG) else "WARNING",
        },
    },
}
