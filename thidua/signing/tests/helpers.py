"""Uploads the signing tests send."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.signing.testca import Issued


def p12_upload(issued: Issued, passphrase: str = "mật-khẩu 1") -> SimpleUploadedFile:
    return SimpleUploadedFile("chu-ky.p12", issued.pkcs12(passphrase), "application/x-pkcs12")


def pdf_upload(data: bytes, name: str = "van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/pdf")
