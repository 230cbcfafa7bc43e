"""Regression tests: with DEBUG off and no SECRET_KEY, nothing that serves starts (a
random key per process broke every session and sign-in link at each restart and between
workers), and ``check --deploy`` says so instead of staying silent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "thidua.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_fails_without_a_secret_key_and_says_how_to_make_one():
    result = _run(["manage.py", "check", "--deploy"], ALLOWED_HOSTS="thidua.example.org")
    assert result.returncode != 0
    assert "thidua.E001" in result.stderr and "SECRET_KEY is not set" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


@pytest.mark.parametrize("key", [None, "change-me-to-50-random-characters"])
def test_the_wsgi_application_refuses_to_start_without_a_key_of_its_own(key):
    env = {"SECRET_KEY": key} if key else {}
    result = _run(["-c", "import thidua.wsgi"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_the_scheduler_refuses_to_start_without_a_key():
    result = _run(["manage.py", "run_scheduler", "--once"])
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_with_a_key_the_wsgi_application_starts():
    result = _run(["-c", "import thidua.wsgi; print('up')"], SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "up"


def test_the_demo_still_starts_without_a_key_with_debug_on():
    result = _run(["-c", "import thidua.wsgi; print('up')"], DEBUG="1")
    assert result.returncode == 0, result.stderr
