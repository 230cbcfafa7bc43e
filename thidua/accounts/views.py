"""Sign-in (password, then a code for those who set up a second factor), sign-out,
passwords, the user's own account (API tokens, second factor), and the pages where a
manager onboards their units' officers."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from thidua.accounts import selectors, services, throttle, twofactor
from thidua.accounts.forms import (
    CodeForm,
    GrantForm,
    PeopleImportForm,
    PersonCreateForm,
    PersonForm,
    TokenForm,
)
from thidua.accounts.permissions import rules
from thidua.core.changelog import history_for
from thidua.core.downloads import download
from thidua.core.pagination import paged
from thidua.core.web import act, attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ------------------------------------------------------------------ signing in


class LoginView(auth_views.LoginView):
    """The one sign-in page (the Django admin's login sends people here too). The
    password is checked through the throttle (axes, in the authentication backends);
    whoever set up a second factor then owes a code before being signed in."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.enrolled(user):
            self.request.session[twofactor.PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("accounts:login-code")
        login(self.request, user)
        if twofactor.required(user):
            self.request.session[twofactor.MUST_ENROL] = True
            messages.warning(
                self.request,
                _("Your role requires a second factor: set up an authenticator app to go on."),
            )
            return redirect("accounts:two-factor")
        return redirect(self.get_success_url())


@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of the authenticator app. Wrong codes are
    failed sign-ins of the same throttle as wrong passwords."""
    pk = twofactor.pending_user_id(request)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None:
        request.session.pop(twofactor.PENDING, None)
        return redirect("accounts:login")
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allowed(request, credentials):
            return throttle.lockout_response(request)
        device = twofactor.device_of(user)
        if (
            form.is_valid()
            and device is not None
            and twofactor.check_code(device, form.cleaned_data["code"])
        ):
            pending = request.session.pop(twofactor.PENDING)
            login(request, user, backend=pending["backend"])
            return redirect(pending.get("next") or reverse("core:home"))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return throttle.lockout_response(request)
        if not form.errors:
            form.add_error("code", _("This code is not the one your app shows now."))
    return render(request, "accounts/login_code.html", {"form": form})


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The Django admin's login page: everyone signs in on the one sign-in page (its
    throttle and second factor), then comes back to the admin."""
    target = request.GET.get("next") or reverse("admin:index")
    # The sign-in page checks ``next`` is of this site before following it.
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(
            self.request, _("Your password was changed. Your API tokens no longer work.")
        )
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


# ------------------------------------------------------------------ the user's own account


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: roles, API tokens (never their secrets), the
    second factor."""
    context = {
        "roles": selectors.roles_of(user=request.user),
        "tokens": selectors.tokens_of(user=request.user),
        "token_form": TokenForm(),
        "actions": rules.actions(request.user, request.user, group="account"),
        "second_factor": twofactor.enrolled(request.user),
        "offers_second_factor": twofactor.eligible(request.user),
        "manages": rules.may("create_account", request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Makes a token and shows its secret on this answer only: it is stored nowhere."""
    form = TokenForm(request.POST)
    if form.is_valid():
        made = attempt(
            form,
            lambda: services.token_create(
                user=request.user,
                account=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            ),
        )
        if made is not None:
            # ``never_cache``: no browser or proxy keeps this answer.
            return render(request, "accounts/token_created.html", {"made": made})
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_of_owner(user=request.user, pk=pk)
    act(
        request,
        lambda: services.token_revoke(user=request.user, token=token),
        success=_("The token “%(name)s” was revoked.") % {"name": token.name},
    )
    return redirect("accounts:profile")


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up (or remove) an authenticator app. The secret and its QR code are shown only
    while setting it up, to its owner, never after a code has confirmed it."""
    user = request.user
    if not twofactor.eligible(user) and not twofactor.enrolled(user):
        raise PermissionDenied(
            _("A second factor is offered to approvers, managers and administrators.")
        )
    form = CodeForm()
    step = request.POST.get("step", "")
    if request.method == "POST" and step == "start":
        act(request, lambda: services.second_factor_start(user=user, account=user))
    elif request.method == "POST" and step == "confirm":
        form = CodeForm(request.POST)
        if form.is_valid() and attempt(
            form,
            lambda: services.second_factor_confirm(
                user=user, account=user, code=form.cleaned_data["code"]
            ),
        ):
            request.session.pop(twofactor.MUST_ENROL, None)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("accounts:profile")
    elif (
        request.method == "POST"
        and step == "remove"
        and act(
            request,
            lambda: services.second_factor_remove(user=user, account=user),
            success=_("Your authenticator app was removed."),
        )
    ):
        return redirect("accounts:profile")
    device = twofactor.device_of(user)
    enrolling = device is not None and device.confirmed_at is None
    context = {
        "form": form,
        "enrolled": twofactor.enrolled(user),
        "enrolling": enrolling,
        "qr": twofactor.qr_svg(device) if enrolling else "",
        "secret": twofactor.grouped_secret(device) if enrolling else "",
        "actions": rules.actions(user, user, group="account"),
        "required": twofactor.required(user),
    }
    return render(request, "accounts/two_factor.html", context)


# ------------------------------------------------------------------ onboarding officers


def _managers_only(user: Any) -> None:
    rules.require("create_account", user, None)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The accounts of the officers of the user's units (a manager's page)."""
    _managers_only(request.user)
    query = request.GET.get("q", "")[:100]
    state = request.GET.get("state", "")
    active = {"active": True, "inactive": False}.get(state)
    qs = selectors.people_of(user=request.user, query=query, active=active)
    context = {"query": query, "state": state, **paged(request, qs)}
    return render(request, "accounts/people.html", context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    _managers_only(request.user)
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        account = attempt(
            form,
            lambda: services.user_create(
                user=request.user,
                full_name=d["full_name"],
                email=d["email"],
                position=d["position"],
                unit=d["unit"],
                role=d["role"],
                language=d["language"],
                invite=d["invite"],
            ),
        )
        if account is not None:
            messages.success(
                request,
                _("The account of %(name)s was created.") % {"name": account}
                + (" " + _("A sign-in link was e-mailed.") if d["invite"] else ""),
            )
            return redirect("accounts:person", pk=account.pk)
    return render(request, "accounts/person_form.html", {"form": form})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer's account: details (editable), roles (granted and withdrawn here)."""
    account = selectors.person_detail(user=request.user, pk=pk)
    actions = rules.actions(request.user, account, group="person")
    form = PersonForm(
        request.POST if request.POST.get("step") == "edit" else None,
        initial={
            "full_name": account.full_name,
            "email": account.email,
            "position": account.position,
        },
    )
    grant = GrantForm(
        request.POST if request.POST.get("step") == "grant" else None, user=request.user
    )
    if request.method == "POST":
        if request.POST.get("step") == "edit" and form.is_valid():
            d = form.cleaned_data
            if attempt(
                form,
                lambda: services.user_update(
                    user=request.user,
                    account=account,
                    full_name=d["full_name"],
                    email=d["email"],
                    position=d["position"],
                ),
            ):
                messages.success(request, _("The account was saved."))
                return redirect("accounts:person", pk=account.pk)
        elif request.POST.get("step") == "grant" and grant.is_valid():
            d = grant.cleaned_data
            if attempt(
                grant,
                lambda: services.role_grant(
                    user=request.user, account=account, unit=d["unit"], role=d["role"]
                ),
            ):
                messages.success(request, _("The role was granted."))
                return redirect("accounts:person", pk=account.pk)
    roles = [
        (a, rules.check("withdraw_role", request.user, a))
        for a in selectors.person_roles(person=account)
    ]
    context = {
        "person": account,
        "form": form,
        "grant": grant,
        "roles": roles,
        "actions": actions,
        "history": history_for(account)[:30],
    }
    return render(request, "accounts/person.html", context)


_PERSON_STEPS = {
    "deactivate": (services.user_deactivate, gettext_lazy("The account was deactivated.")),
    "reactivate": (services.user_reactivate, gettext_lazy("The account was reactivated.")),
    "invite": (services.invitation_send, gettext_lazy("A sign-in link was e-mailed.")),
}


@login_required
@require_POST
def person_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    account = selectors.person_detail(user=request.user, pk=pk)
    if step not in _PERSON_STEPS:
        raise PermissionDenied(_("There is no such action."))
    service, done = _PERSON_STEPS[step]
    act(request, lambda: service(user=request.user, account=account), success=str(done))
    return redirect("accounts:person", pk=account.pk)


@login_required
@require_POST
def role_withdraw(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    account = selectors.person_detail(user=request.user, pk=pk)
    assignment = selectors.person_roles(person=account).filter(pk=role_pk).first()
    if assignment is None:
        return redirect("accounts:person", pk=account.pk)
    act(
        request,
        lambda: services.role_withdraw(user=request.user, assignment=assignment),
        success=_("The role was withdrawn."),
    )
    return redirect("accounts:person", pk=account.pk)


@login_required
def people_import(request: HttpRequest) -> HttpResponse:
    """Accounts and roles from an Excel sheet: every row accepted, or nothing written."""
    _managers_only(request.user)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = attempt(
            form, lambda: services.people_import(user=request.user, data=upload.read())
        )
        if result is not None:
            messages.success(
                request,
                _("%(created)d accounts created, %(granted)d roles granted, %(same)d already held.")
                % {
                    "created": len(result.created),
                    "granted": result.granted,
                    "same": result.unchanged,
                },
            )
            return redirect("accounts:people")
    return render(request, "accounts/people_import.html", {"form": form})


@login_required
def people_template(request: HttpRequest) -> HttpResponse:
    _managers_only(request.user)
    data = services.people_template(user=request.user)
    return download(data, name=_("people") + ".xlsx", content_type=XLSX)
