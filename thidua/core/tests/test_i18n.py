"""Interface languages: Vietnamese by default, English and Thai on request."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default_language():
    body = Client().get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in body


def test_the_language_switch_sets_thai_for_the_next_pages():
    c = Client()
    c.post(reverse("set_language"), {"language": "th", "next": "/"})
    body = c.get(reverse("accounts:login")).content.decode()
    assert '<html lang="th">' in body


def test_a_browser_asking_for_english_gets_english():
    body = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body and "Sign in to thidua" in body
