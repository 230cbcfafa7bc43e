"""WSGI entry point (gunicorn). It refuses to start without a SECRET_KEY of its own
(thidua.core.checks)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
application = get_wsgi_application()

from thidua.core.checks import refuse_to_serve  # noqa: E402  (settings are loaded now)

refuse_to_serve()
