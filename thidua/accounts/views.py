"""Sign-in, sign-out, password change and the user's own account page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import selectors, services
from thidua.accounts.forms import ThrottledAuthenticationForm
from thidua.accounts.permissions import rules
from thidua.core.web import act


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: roles, API token."""
    context = {
        "roles": selectors.roles_of(user=request.user),
        "token": selectors.token_of(user=request.user),
        "actions": rules.actions(request.user, request.user, group="account"),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_regenerate(request: HttpRequest) -> HttpResponse:
    act(
        request,
        lambda: services.token_regenerate(user=request.user, account=request.user),
        success=_("A new API token was created; the old one no longer works."),
    )
    return redirect("accounts:profile")
