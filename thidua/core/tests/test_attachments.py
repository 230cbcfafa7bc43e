"""The one upload check and store (thidua.core.attachments), whoever attaches a file."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.attachments import MAX_FILES, attachment_add, attachments_check
from thidua.documents.services import document_attach, document_create

pytestmark = pytest.mark.django_db


def _file(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size)


def test_the_size_limit_is_named_in_megabytes_or_in_the_unit_that_fits(settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        attachments_check([_file("lon.pdf", 2 * 1024 * 1024 + 1)])
    assert exc.value.message_dict == {"files": ["lon.pdf is larger than 2 MB."]}
    settings.THIDUA_MAX_UPLOAD_BYTES = 1500
    with pytest.raises(ValidationError) as exc:
        attachments_check([_file("anh.jpg", 1501)], field="file")
    assert exc.value.message_dict == {"file": ["anh.jpg is larger than the 1.5\xa0KB allowed."]}
    attachments_check([_file("vua.txt", 1500)])  # exactly at the limit: accepted


def test_too_many_files_or_a_file_without_a_name_are_refused():
    with pytest.raises(ValidationError) as exc:
        attachments_check([_file(f"f{i}.txt", 1) for i in range(MAX_FILES + 1)])
    assert "At most 10 files can be attached at once" in exc.value.message_dict["files"][0]
    with pytest.raises(ValidationError) as exc:
        attachments_check([_file(".htaccess", 1)])
    assert exc.value.message_dict == {"files": ["A file has no usable name."]}


def test_a_documents_file_goes_through_the_same_check_and_store(
    user_named, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024
    user = user_named("ht.btg")
    doc = document_create(user=user, title="Có tệp", issuing_units=[unit("P42-BTGTU")])
    with pytest.raises(ValidationError) as exc:
        document_attach(user=user, document=doc, upload=_file("to.pdf", 1025))
    assert exc.value.message_dict == {"file": ["to.pdf is larger than the 1.0\xa0KB allowed."]}
    att = attachment_add(user=user, parent=doc, upload=_file("C:\\tai lieu\\kh.txt", 10))
    assert (att.name, att.size, att.uploaded_by) == ("kh.txt", 10, user)
    assert att.sha256 == hashlib.sha256(b"x" * 10).hexdigest()
