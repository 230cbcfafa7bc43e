"""Interface languages: Vietnamese by default, English and Thai on request."""

import re

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

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


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["vi", "th"])
def test_every_message_is_translated_and_keeps_its_placeholders(language):
    """An English sentence on a Vietnamese page is a bug: every message of the catalogue
    has a translation that is not a fuzzy guess, with the same placeholders."""
    missing, guessed, broken = [], [], []
    for entry in _catalogue(language):
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            guessed.append(entry.msgid)
        elif not entry.translated():
            missing.append(entry.msgid)
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and set(PLACEHOLDER.findall(text)) != wanted:
                broken.append(entry.msgid)
    assert not missing, f"{len(missing)} untranslated, first: {missing[:5]}"
    assert not guessed, f"{len(guessed)} fuzzy, first: {guessed[:5]}"
    assert not broken, f"placeholders differ: {broken[:5]}"


def test_a_refused_page_says_why_in_the_officers_language(outsider):
    c = Client()  # no Accept-Language: the default language, Vietnamese
    c.force_login(outsider)
    response = c.get(reverse("plans:list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="vi">' in body
    with translation.override("vi"):
        assert translation.gettext("You hold no role at any unit.") in body
        assert translation.gettext("Back to the home page") in body
    assert "You hold no role" not in body


def test_every_field_a_history_panel_can_name_has_a_translated_name():
    """A history panel names each changed field by its verbose name (core.models
    readable_changes): one left to Django's default is the field's own name, in English
    ("self_score"), on a Vietnamese page."""
    from django.apps import apps
    from django.utils.functional import Promise

    from thidua.core.models import BOOKKEEPING, TrackedModel

    unnamed = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if issubclass(model, TrackedModel)
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in BOOKKEEPING | {"id"} and not isinstance(field.verbose_name, Promise)
    ]
    assert not unnamed, unnamed
    with translation.override("vi"):
        from thidua.emulation.models import Score

        assert str(Score._meta.get_field("self_score").verbose_name) == "điểm tự chấm"
