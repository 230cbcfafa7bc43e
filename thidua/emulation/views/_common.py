"""Helpers shared by the emulation pages: refusals onto forms, the saved redirect, documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from thidua.core.services import ConflictError
from thidua.documents.models import Document


def _conflict_message(exc: ConflictError) -> str:
    return _(
        "Someone else changed this while you were editing it (you started from version "
        "%(expected)s, it is now at version %(actual)s). Nothing was saved: reload the page "
        "to see their change, then apply yours again."
    ) % {"expected": exc.expected, "actual": exc.actual}


def _add_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where the form has them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _attempt(form: Form, call: Callable[[], Any]) -> bool:
    """Run the service call(s) in one transaction; on refusal put the reason on the form.

    Several calls (create, then link) either all take effect or none does.
    """
    try:
        with transaction.atomic():
            call()
    except ConflictError as exc:
        form.add_error(None, _conflict_message(exc))
        return False
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _done(request: HttpRequest, url: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _documents(user: Any) -> Any:
    return Document.objects.restrict(user).order_by("-issued_on", "-id")
