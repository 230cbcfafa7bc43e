"""Evidence files of a progress update: one download, one guard (``core:attachment``).

Lục Ngạn posts a photo report on the banner task. Its officers, the officers above it and
the units that issue or follow the plan (the provincial steering committee and office)
open it; the other units of the task — the police, who coordinate it, and another lead
district — see that there is evidence but cannot open it; units outside the task and
outsiders cannot reach it at all. The old address ``/plans/evidence/<pk>/`` redirects.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.models import Attachment
from thidua.orgunits.models import OrgUnit
from thidua.plans import services

REPORT = "Ảnh băng rôn tại 20 xã".encode()


@pytest.fixture
def evidence(banners, user_named, settings, tmp_path) -> Attachment:
    settings.MEDIA_ROOT = tmp_path
    part = banners.assignments.get(unit__code="H-BG-D-LN")
    update = services.progress_update_create(
        user=user_named("bg.luc-ngan"),
        assignment=part,
        text="Đã treo tại 20 xã",
        percent=80,
        files=[SimpleUploadedFile("bao-cao.txt", REPORT, content_type="text/plain")],
    )
    return Attachment.objects.get(object_id=str(update.pk))


@pytest.fixture
def tp_officer(db) -> User:
    """A reporter of Bắc Giang city, another lead district of the banner task."""
    user = User.objects.create_user("bg.tp-test", password="x")
    RoleAssignment.objects.create(
        user=user, unit=OrgUnit.objects.get(code="H-BG-D-TP"), role=Role.REPORTER
    )
    return user


def _download(client, att: Attachment):  # type: ignore[no-untyped-def]
    return client.get(f"/files/{att.pk}/")


@pytest.mark.parametrize("username", ["bg.luc-ngan", "bg.supervisor", "bn.archive"])
def test_the_unit_those_above_it_and_the_plans_followers_download_the_evidence(
    evidence, banners, username, user_named, client_for
):
    client = client_for(user_named(username))
    page = client.get(f"/plans/tasks/{banners.pk}/").content.decode()
    assert f'href="/files/{evidence.pk}/" data-action="see_evidence"' in page
    r = _download(client, evidence)
    assert r.status_code == 200 and b"".join(r.streaming_content) == REPORT


def test_a_coordinating_unit_and_a_sibling_district_see_there_is_evidence_but_cannot_open_it(
    evidence, banners, user_named, tp_officer, client_for
):
    for user in [user_named("bg.police"), tp_officer]:
        client = client_for(user)
        page = client.get(f"/plans/tasks/{banners.pk}/").content.decode()
        assert f"/files/{evidence.pk}/" not in page, user
        assert "1 evidence file, seen by Huyện Lục Ngạn" in page, user
        assert _download(client, evidence).status_code == 404, user
        assert client.get(f"/plans/evidence/{evidence.pk}/", follow=True).status_code == 404


def test_units_outside_the_task_and_outsiders_cannot_reach_the_evidence(
    evidence, user_named, outsider, client_for
):
    for name in ["bg.foreign", "ht.stp"]:  # a sibling department; another province
        assert _download(client_for(user_named(name)), evidence).status_code == 404, name
    client = client_for(outsider)
    assert _download(client, evidence).status_code == 404
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 403


def test_the_old_address_redirects_permanently_to_the_one_download(
    evidence, user_named, client_for
):
    client = client_for(user_named("bg.luc-ngan"))
    r = client.get(f"/plans/evidence/{evidence.pk}/")
    assert (r.status_code, r["Location"]) == (301, f"/files/{evidence.pk}/")


def test_a_file_missing_from_storage_is_a_404_that_says_so(evidence, user_named, client_for):
    evidence.file.storage.delete(evidence.file.name)
    r = _download(client_for(user_named("bg.luc-ngan")), evidence)
    assert r.status_code == 404
    assert "“bao-cao.txt” is recorded but its content is no longer stored" in r.content.decode()
