"""gunicorn's settings for thidua: `gunicorn -c deploy/gunicorn.conf.py thidua.wsgi`.

Every value comes from the environment (README, "Running in production"). Workers are
gthread workers: thidua is a synchronous Django application whose slow requests (a Word
export printed to PDF, an Excel upload of many units) wait on LibreOffice or the
database, and threads keep a worker answering others meanwhile.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than the slowest request: a PDF rendering is bounded at 120 s (thidua.core.pdf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = 30
keepalive = 5
# A fresh process now and then bounds any slow growth of memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Whether to believe X-Forwarded-Proto is thidua's decision alone (TRUSTED_PROXY in the
# settings), not gunicorn's: gunicorn would otherwise trust it from 127.0.0.1.
forwarded_allow_ips = ""
secure_scheme_headers = {}
# thidua writes its own line per request (JSON, with the request id and the user):
# no access log here; gunicorn's own messages go out in the same JSON lines.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "thidua.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}
    },
}
# Temporary files of the worker heartbeats on memory, not on a slow or full disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
