"""The workflow actions of a text import: correcting and confirming the draft
(``thidua.core.testing.WorkflowActionTests``).

An import is its owner's worksheet: whoever may open its page may act on it, so there is
no "refused" user among those who see it, except a viewer, who owns an import but may not
create anything from it (tested below the classes). Another officer gets a 404.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from thidua.core.testing import WorkflowActionTests
from thidua.documents.models import Document
from thidua.textimport import services
from thidua.textimport.models import ImportSession

pytestmark = pytest.mark.django_db

TEXT = "Kế hoạch số 7/KH-UBND ngày 3/2/2023 của UBND tỉnh Bắc Giang giao Công an tỉnh Bắc Giang."


def pending_import(user) -> ImportSession:
    session = services.import_session_create(user=user, text=TEXT, source_name="kh.txt")
    session.draft["document"]["action"] = "create"
    session.save()
    return session


class _Import(WorkflowActionTests):
    granted = "bg.supervisor"
    refused = ""
    outsider = "ht.bcd35"

    def make(self) -> ImportSession:
        return pending_import(self.user(self.granted))

    def make_in_wrong_state(self) -> ImportSession:
        session = self.make()
        return services.import_session_confirm(
            user=self.user(self.granted), session=session, draft=session.draft
        )

    def page_url(self, obj: ImportSession) -> str:
        # A confirmed import opens on the page of what it created.
        done = obj.status == ImportSession.Status.CONFIRMED
        return f"/import/{obj.pk}/done/" if done else f"/import/{obj.pk}/"


class TestConfirmImport(_Import):
    action = "confirm"

    def perform(self, user, obj):
        services.import_session_confirm(user=user, session=obj, draft=obj.draft)


class TestSaveImportDraft(_Import):
    action = "save_draft"

    def perform(self, user, obj):
        services.import_session_save_draft(user=user, session=obj, draft=obj.draft)


def test_a_viewer_may_read_a_text_but_not_create_from_it(client_for, user_named):
    archive = user_named("bn.archive")
    session = pending_import(archive)
    page = client_for(archive).get(f"/import/{session.pk}/").content.decode()
    assert 'data-action="save_draft"' in page and 'data-action="confirm"' not in page
    with pytest.raises(PermissionDenied, match="viewer's role"):
        services.import_session_confirm(user=archive, session=session, draft=session.draft)
    assert not Document.objects.filter(symbol="7/KH-UBND").exists()
