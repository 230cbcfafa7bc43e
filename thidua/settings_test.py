"""Settings for the test suite: the production settings, minus HTTPS-only transport.

The test client and the browser tests speak plain HTTP to a local server, so the
redirect to HTTPS and secure-only cookies are off here; everything else is as deployed.
"""

import os

from thidua.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test process (pytest-xdist's gw0, gw1…) has its own folders, as it has its own
# test database: a file one writes is never another's.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_WORKER}"  # noqa: F405
DEMO_SIGNING_DIR = BASE_DIR / "var" / f"test-signing{_WORKER}"  # noqa: F405
# Pages link static files by their plain names: the hashed names need `collectstatic`,
# which only the tests of production serving run (thidua/core/tests/test_serving.py).
# WhiteNoise looks files up per request instead of listing STATIC_ROOT at start-up
# (every test client starts the middleware anew, and STATIC_ROOT may not exist).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# A second connection to the test database, so that the router's tests
# (thidua/core/tests/test_dbrouting.py) see reads go to a replica alias; the router
# stays off (no THIDUA_REPLICA_ALIAS) in every other test.
REPLICA = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
if REPLICA["ENGINE"].endswith("sqlite3"):
    # SQLite's test database is one shared-cache memory database, locked table by table:
    # the second connection only reads (no IMMEDIATE transaction of its own) and reads
    # without table locks, or the rows the test's transaction touched would lock it out.
    REPLICA["OPTIONS"] = {
        **REPLICA["OPTIONS"],
        "transaction_mode": "DEFERRED",
        "init_command": "PRAGMA read_uncommitted = 1;",
    }
DATABASES["replica"] = REPLICA  # noqa: F405
THIDUA_REPLICA_ALIAS = None
