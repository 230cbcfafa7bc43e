"""Settings for the test suite: the production settings, minus HTTPS-only transport.

The test client and the browser tests speak plain HTTP to a local server, so the
redirect to HTTPS and secure-only cookies are off here; everything else is as deployed.
"""

from thidua.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
DEMO_SIGNING_DIR = BASE_DIR / "var" / "test-signing"  # noqa: F405
