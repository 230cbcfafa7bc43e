"""Every workflow action of the document registry: a button that is shown is one the service
accepts (``thidua.core.testing.WorkflowActionTests``).

A document of the Bắc Giang police (``H-BG-CA``): ``bg.police`` keeps it; ``bn.archive``
(a viewer at Bắc Ninh, which took over Bắc Giang's records) reads it but keeps nothing;
``ht.btg`` (Hà Tĩnh) does not see it at all.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.testing import WorkflowActionTests
from thidua.documents import services
from thidua.documents.models import Document, DocumentRelation

pytestmark = pytest.mark.django_db


class _PoliceDocument(WorkflowActionTests):
    granted = "bg.police"
    refused = "bn.archive"
    outsider = "ht.btg"

    def make(self) -> Document:
        return services.document_create(
            user=self.user("bg.police"),
            title="Kế hoạch tuyên truyền (thử)",
            issuing_units=[self.fixture("unit")("H-BG-CA")],
        )

    def page_url(self, obj: Document) -> str:
        return f"/documents/{obj.pk}/"


class TestEditDocument(_PoliceDocument):
    action = "edit"

    def perform(self, user, obj):
        services.document_update(
            user=user, document=obj, expected_version=obj.version, title="Kế hoạch (sửa)"
        )


class TestLinkDocument(_PoliceDocument):
    action = "link"

    def perform(self, user, obj):
        services.document_relate(
            user=user,
            source=obj,
            target=Document.objects.get(symbol="35-NQ/TW"),  # published: every member reads it
            kind=DocumentRelation.Kind.BASED_ON,
        )


class TestAttachToDocument(_PoliceDocument):
    action = "attach"

    def perform(self, user, obj):
        services.document_attach(
            user=user, document=obj, upload=SimpleUploadedFile("kh.txt", b"ke hoach", "text/plain")
        )


class TestUnlinkDocument(_PoliceDocument):
    action = "unlink"

    def make(self) -> DocumentRelation:
        doc = super().make()
        return services.document_relate(
            user=self.user("bg.police"),
            source=doc,
            target=Document.objects.get(symbol="35-NQ/TW"),
            kind=DocumentRelation.Kind.BASED_ON,
        )

    def page_url(self, obj: DocumentRelation) -> str:
        return f"/documents/{obj.source_id}/"

    def perform(self, user, obj):
        services.document_unrelate(user=user, relation=obj)


class TestRegisterDocument(WorkflowActionTests):
    """Registering has no object yet: the button is on the registry's list, which a person
    without any role may not open."""

    action = "create"
    granted = "bg.police"
    refused = "bn.archive"
    outsider = "outsider"

    def make(self):
        return self.fixture("unit")("H-BG-CA")

    def page_url(self, obj) -> str:
        return "/documents/"

    def perform(self, user, obj):
        services.document_create(user=user, title="Công văn (thử)", issuing_units=[obj])


def test_a_viewer_is_refused_the_registration_form(client_for, user_named):
    assert client_for(user_named("bn.archive")).get("/documents/new/").status_code == 403
    assert client_for(user_named("bg.police")).get("/documents/new/").status_code == 200


def test_an_officer_cannot_register_for_a_unit_they_do_not_report_for(user_named, unit):
    with pytest.raises(PermissionDenied, match="only for the units you report for"):
        services.document_create(
            user=user_named("bg.police"), title="X", issuing_units=[unit("P42-BTGTU")]
        )


def test_an_editor_cannot_hand_the_document_to_units_they_do_not_keep(user_named, unit):
    police = user_named("bg.police")
    doc = services.document_create(user=police, title="X", issuing_units=[unit("H-BG-CA")])
    with pytest.raises(PermissionDenied, match="no longer keep"):
        services.document_update(
            user=police,
            document=doc,
            expected_version=doc.version,
            issuing_units=[unit("P42-BTGTU")],
            recipient_units=[],
        )
    assert list(Document.objects.get(pk=doc.pk).issuing_units.all()) == [unit("H-BG-CA")]


def test_a_refused_button_press_says_why_on_the_page(client_for, user_named, unit):
    police = user_named("bg.police")
    doc = services.document_create(user=police, title="X", issuing_units=[unit("H-BG-CA")])
    response = client_for(user_named("bn.archive")).post(
        f"/documents/{doc.pk}/links/",
        {"kind": "based_on", "target_symbol": "35-NQ/TW"},
        follow=True,
    )
    assert "Only an officer of an issuing or receiving unit" in response.content.decode()
    assert not doc.relations_out.exists()


def test_an_edit_that_names_no_issuer_is_told_to_name_one(user_named, unit):
    from rest_framework.test import APIClient

    police = user_named("bg.police")
    doc = services.document_create(user=police, title="X", issuing_units=[unit("H-BG-CA")])
    api = APIClient()
    api.force_authenticate(police)
    response = api.patch(
        f"/api/documents/{doc.pk}/", {"issuing_units": [], "version": doc.version}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "issuing_units" in response.json()["errors"]
