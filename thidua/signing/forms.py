"""Forms of digital signing: the credential (a certificate file or a token), the PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thidua.signing.pades import Credential, Pkcs11Credential, Pkcs12Credential
from thidua.signing.selectors import token_labels

MAX_CERTIFICATE_BYTES = 64 * 1024


class SignForm(forms.Form):
    """How to sign: the officer's certificate file with its passphrase, or a token the
    server reaches with its PIN. Neither the file nor the secret is stored."""

    method = forms.ChoiceField(
        label=_("Sign with"),
        choices=[
            ("file", _("a certificate file (.p12, .pfx)")),
            ("token", _("a signing token")),
        ],
        initial="file",
        widget=forms.RadioSelect,
    )
    certificate = forms.FileField(
        label=_("Certificate file"),
        required=False,
        help_text=_("The .p12 or .pfx file your certificate provider gave you."),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx"}),
    )
    passphrase = forms.CharField(
        label=_("Passphrase of the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    token = forms.ChoiceField(label=_("Token"), required=False, choices=())
    pin = forms.CharField(
        label=_("PIN of the token"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    pdf = forms.FileField(
        label=_("PDF to sign"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    location = forms.CharField(label=_("Place"), required=False, max_length=120)

    def __init__(self, *args: Any, printed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.module = settings.THIDUA_PKCS11_MODULE
        labels = token_labels(self.module)
        if labels:
            self.fields["token"].choices = [(label, label) for label in labels]
        else:
            del self.fields["token"], self.fields["pin"]
            self.fields["method"].choices = self.fields["method"].choices[:1]
            self.fields["method"].widget = forms.HiddenInput()
        if printed:
            self.fields["pdf"].help_text = _(
                "Leave empty to sign thidua's print of this document (what the Word and PDF "
                "buttons give)."
            )
        else:
            self.fields["pdf"].required = True
            self.fields["pdf"].help_text = _("This document was written outside thidua.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") == "token":
            if not data.get("token"):
                self.add_error("token", _("Choose the token to sign with."))
            if not data.get("pin"):
                self.add_error("pin", _("Type the PIN of the token."))
        else:
            upload = data.get("certificate")
            if upload is None:
                self.add_error("certificate", _("Choose your certificate file (.p12 or .pfx)."))
            elif upload.size and upload.size > MAX_CERTIFICATE_BYTES:
                self.add_error(
                    "certificate",
                    _("This file is too large to be a certificate file: choose the .p12 file."),
                )
            if not data.get("passphrase"):
                self.add_error("passphrase", _("Type the passphrase of the certificate file."))
        return data

    def credential(self) -> Credential:
        data = self.cleaned_data
        if data.get("method") == "token":
            return Pkcs11Credential(module=self.module, label=data["token"], pin=data["pin"])
        return Pkcs12Credential(
            data=data["certificate"].read(MAX_CERTIFICATE_BYTES), passphrase=data["passphrase"]
        )


class SignedUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Signed PDF"),
        help_text=_(
            "The PDF as signed with your token or your provider's software: it is verified "
            "before it is kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Signed PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
