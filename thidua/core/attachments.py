"""Files attached to any object: one upload check, one store, one read guard.

- ``attachments_check`` refuses what may not be stored (too many files, a file over
  ``THIDUA_MAX_UPLOAD_BYTES``, a file without a usable name) with a message naming the
  file, before anything is written; ``attachment_store`` stores one checked file;
  ``attachment_add`` does both for one file (documents, dossiers). Services check the
  user's right to change the parent first, inside their transaction.
- ``attachment_visible_to`` is the one read guard, used by the one download
  (``core:attachment``, ``/files/<pk>/``): a file is readable when its parent is, through
  the parent's restriction, and, for the models that register one
  (``registry.add_attachment_reader``), when the parent's app's rule says so.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.models import Attachment
from thidua.core.registry import registry

# Files one action may attach at once (a progress update's evidence).
MAX_FILES = 10
MB = 1024 * 1024


def _too_large(name: str, limit: int) -> str:
    if limit % MB == 0:
        return _("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // MB}
    # A limit below or between whole megabytes: "larger than 0 MB" would mislead.
    return _("%(name)s is larger than the %(limit)s allowed.") % {
        "name": name,
        "limit": filesizeformat(limit),
    }


def attachments_check(
    uploads: Sequence[UploadedFile], *, field: str = "files", max_files: int = MAX_FILES
) -> None:
    """Refuse, on ``field``, uploads that may not be stored; call before writing anything."""
    if len(uploads) > max_files:
        raise ValidationError(
            {
                field: ngettext(
                    "At most %(n)d file can be attached at once: attach the others separately.",
                    "At most %(n)d files can be attached at once: attach the others separately.",
                    max_files,
                )
                % {"n": max_files}
            }
        )
    limit = settings.THIDUA_MAX_UPLOAD_BYTES
    for upload in uploads:
        name = _file_name(upload)
        if not name or name.startswith("."):
            raise ValidationError({field: _("A file has no usable name.")})
        if upload.size is not None and upload.size > limit:
            raise ValidationError({field: _too_large(name, limit)})


def _file_name(upload: UploadedFile) -> str:
    return (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]


def attachment_store(*, user: Any, parent: models.Model, upload: UploadedFile) -> Attachment:
    """Store one upload (already checked by ``attachments_check``) on ``parent``."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = _file_name(upload) or "file"
    content_type = getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0] or ""
    att = Attachment(
        content_type=ContentType.objects.get_for_model(parent),
        object_id=str(parent.pk),
        name=name,
        mime_type=content_type[:120],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    att.file.save(name, upload, save=False)
    att.save()
    return att


def attachment_add(*, user: Any, parent: models.Model, upload: UploadedFile) -> Attachment:
    """Check and store one file on ``parent`` (errors on the ``file`` field). The caller
    has already checked the user's right to change ``parent`` (inside its transaction)."""
    attachments_check([upload], field="file", max_files=1)
    return attachment_store(user=user, parent=parent, upload=upload)


def attachments_of(parent: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(parent), object_id=str(parent.pk)
    )


def attachments_for(parents: Sequence[models.Model]) -> dict[str, list[Attachment]]:
    """The attachments of several parents of one model in one query, by parent id."""
    if not parents:
        return {}
    ct = ContentType.objects.get_for_model(parents[0])
    found: dict[str, list[Attachment]] = {}
    rows = Attachment.objects.filter(content_type=ct, object_id__in=[str(p.pk) for p in parents])
    for att in rows:
        found.setdefault(att.object_id, []).append(att)
    return found


def attachment_visible_to(*, user: Any, attachment: Attachment) -> bool:
    """The one read guard: the parent is visible through its restriction, and its app's
    reader (if it registered one) lets this user read its files."""
    model = attachment.content_type.model_class()
    if model is None:
        return False
    manager = model._default_manager
    if not hasattr(manager, "restrict"):
        return bool(getattr(user, "is_superuser", False))
    parent = manager.restrict(user).filter(pk=attachment.object_id).first()
    if parent is None:
        return False
    reader = registry.attachment_readers.get(model._meta.label)
    return reader is None or bool(reader(user, parent))


def attachment_get(*, user: Any, pk: int) -> Attachment:
    """The attachment if ``user`` may read it; 404 otherwise (no hint that it exists)."""
    attachment = Attachment.objects.filter(pk=pk).select_related("content_type").first()
    if attachment is None or not attachment_visible_to(user=user, attachment=attachment):
        raise Http404("No such file.")
    return attachment
