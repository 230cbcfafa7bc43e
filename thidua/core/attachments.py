"""Attach files to any object, and read them back only through a visible parent."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from thidua.core.models import Attachment


def attachment_add(*, user: Any, parent: models.Model, upload: UploadedFile) -> Attachment:
    """Store ``upload`` on ``parent``. The caller has already checked the user's right
    to change ``parent`` (inside its own transaction)."""
    limit = settings.THIDUA_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": f"“{upload.name}” is {upload.size // (1024 * 1024)} MB; the limit is "
                f"{limit // (1024 * 1024)} MB."
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    att = Attachment(
        content_type=ContentType.objects.get_for_model(parent),
        object_id=str(parent.pk),
        name=name,
        mime_type=upload.content_type or mimetypes.guess_type(name)[0] or "",
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    att.file.save(name, upload, save=False)
    att.save()
    return att


def attachments_of(parent: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(parent), object_id=str(parent.pk)
    )


def attachment_visible_to(*, user: Any, attachment: Attachment) -> bool:
    """An attachment is readable when its parent is, through the parent's restriction."""
    model = attachment.content_type.model_class()
    if model is None:
        return False
    manager = model._default_manager
    if not hasattr(manager, "restrict"):
        return bool(getattr(user, "is_superuser", False))
    return manager.restrict(user).filter(pk=attachment.object_id).exists()
