"""Onboarding officers: a manager creates accounts and grants roles inside their own
subtree, never above or beside it, never higher than their own; every grant and
withdrawal is in the change log; invitations and password resets are one-time links; the
Excel sheet of people is all or nothing, with a located error per row."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.accounts import services
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.changelog import history_for
from thidua.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(user_named):
    """Manager of Bắc Giang province (historical H-BG): its whole subtree."""
    return user_named("bg.supervisor")


def _create(manager, unit, role=Role.REPORTER, email="new.officer@example.gov.vn", **kw):
    return services.user_create(
        user=manager, full_name="Nguyễn Thị Mới", email=email, unit=unit, role=role, **kw
    )


# ------------------------------------------------------------------ the rules


def test_a_manager_creates_an_officer_at_a_unit_of_their_subtree_and_it_is_logged(manager, unit):
    account = _create(manager, unit("H-BG-CA"))
    assert account.role_assignments.get().unit.code == "H-BG-CA"
    assert not account.has_usable_password()
    assert account.role_assignments.get().granted_by == manager
    events = set(history_for(account).values_list("event", flat=True))
    assert {"account created", "role granted", "invited"} <= events
    assignment = account.role_assignments.get()
    created = history_for(assignment).get(action=ChangeRecord.Action.CREATE)
    assert created.after["role"] == "reporter" and created.after["granted_by"] == manager.pk


def test_a_manager_cannot_create_or_grant_at_a_unit_beside_or_above_their_subtree(manager, unit):
    for code in ("P42", "VN"):  # Hà Tĩnh beside, the nation above
        with pytest.raises(PermissionDenied):
            _create(manager, unit(code))
    police = User.objects.get(username="bg.police")
    with pytest.raises(PermissionDenied):
        services.role_grant(user=manager, account=police, unit=unit("VN"), role=Role.VIEWER)
    assert not RoleAssignment.objects.filter(user=police, unit__code="VN").exists()


def test_a_manager_never_grants_a_role_higher_than_their_own(manager, unit):
    with pytest.raises(PermissionDenied, match="higher than your own"):
        _create(manager, unit("H-BG-CA"), role=Role.ADMIN)
    assert not User.objects.filter(email="new.officer@example.gov.vn").exists()
    account = _create(manager, unit("H-BG-CA"), role=Role.MANAGER)  # equal to their own
    assert account.role_assignments.get().role == Role.MANAGER


def test_a_manager_of_a_unit_who_is_approver_above_it_grants_up_to_manager_there(user_named, unit):
    """hg.police is approver of Hà Giang and manager of its police: at the police,
    manager; at the province itself, nothing to grant (approver is not manager)."""
    hg = user_named("hg.police")
    _create(hg, unit("H-HG-CA"), role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        _create(hg, unit("H-HG"), role=Role.VIEWER, email="other@example.gov.vn")


def test_an_account_holding_a_role_outside_the_managers_subtree_is_not_theirs_to_manage(
    user_named,
):
    """hg.chair holds manager at Hà Giang's People's Committee and approver of Hà Giang:
    hg.police, manager of the police only, sees neither page nor button for them."""
    police_manager = user_named("hg.police")
    chair = user_named("hg.chair")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=police_manager, account=chair)
    chair.refresh_from_db()
    assert chair.is_active


def test_the_last_role_is_not_withdrawn_deactivate_instead(manager):
    police = User.objects.get(username="bg.police")
    with pytest.raises(ValidationError, match="last role"):
        services.role_withdraw(user=manager, assignment=police.role_assignments.get())


def test_a_withdrawal_is_in_the_change_log(manager, unit):
    police = User.objects.get(username="bg.police")
    extra = services.role_grant(user=manager, account=police, unit=unit("H-BG-CA"), role="viewer")
    services.role_withdraw(user=manager, assignment=extra)
    deleted = ChangeRecord.objects.get(
        object_id=str(extra.pk),
        action=ChangeRecord.Action.DELETE,
        content_type__model="roleassignment",
    )
    assert deleted.before["role"] == "viewer"
    assert history_for(police).filter(event="role withdrawn").exists()


def test_a_deactivated_account_reaches_nothing_and_its_tokens_stop(manager):
    police = User.objects.get(username="bg.police")
    made = services.token_create(user=police, account=police, name="Portal", days=30)
    services.user_deactivate(user=manager, account=police)
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None
    api = Client()
    refused = api.get("/api/me/", HTTP_AUTHORIZATION=f"Token {made.secret}")
    assert refused.status_code in (401, 403)
    services.user_reactivate(user=manager, account=police)
    police.refresh_from_db()
    assert police.is_active and police.role_assignments.exists()


# ------------------------------------------------------------------ the pages


def test_the_people_page_lists_the_officers_of_the_managers_units_only(client_for, manager):
    response = client_for(manager).get(reverse("accounts:people"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trần Minh Đức" in page  # bg.police
    assert "Nguyễn Thị Lan" not in page  # ht.huongson, Hà Tĩnh


@pytest.mark.parametrize(
    "name",
    [
        "accounts:people",
        "accounts:person-create",
        "accounts:people-import",
        "accounts:people-template",
    ],
)
def test_an_outsider_and_a_reporter_are_refused_the_onboarding_pages(client_for, user_named, name):
    for username in ("outsider", "bg.police"):
        response = client_for(user_named(username)).get(reverse(name))
        assert response.status_code == 403, (username, name)


def test_a_manager_beside_cannot_open_an_officers_page_nor_act_on_it(client_for, user_named):
    police = user_named("bg.police")
    client = client_for(user_named("ht.bcd35"))
    assert client.get(reverse("accounts:person", args=[police.pk])).status_code == 404
    for step in ("deactivate", "invite"):
        response = client.post(reverse("accounts:person-action", args=[police.pk, step]))
        assert response.status_code == 404
    assignment = police.role_assignments.get()
    url = reverse("accounts:role-withdraw", args=[police.pk, assignment.pk])
    assert client.post(url).status_code == 404
    police.refresh_from_db()
    assert police.is_active and RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_anonymous_caller_is_sent_to_sign_in_from_the_onboarding_pages(user_named):
    police = user_named("bg.police")
    client = Client()
    for url in (
        reverse("accounts:people"),
        reverse("accounts:person", args=[police.pk]),
        reverse("accounts:people-import"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_manager_creates_an_account_on_the_page_and_the_person_is_invited(
    client_for, manager, unit
):
    client = client_for(manager)
    response = client.post(
        reverse("accounts:person-create"),
        {
            "full_name": "Đỗ Văn Mới",
            "email": "do.van.moi@example.gov.vn",
            "unit": str(unit("H-BG-CA").pk),
            "role": "reporter",
            "language": "vi",
            "invite": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = User.objects.get(email="do.van.moi@example.gov.vn")
    assert response["Location"] == reverse("accounts:person", args=[account.pk])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["do.van.moi@example.gov.vn"]
    assert "Đỗ Văn Mới" in mail.outbox[0].body
    # Written through a page, the change log names who granted the role.
    grant = ChangeRecord.objects.get(
        content_type__model="roleassignment",
        object_id=str(account.role_assignments.get().pk),
        action=ChangeRecord.Action.CREATE,
    )
    assert grant.user == manager


def test_the_role_choices_offered_stop_at_the_managers_own(client_for, manager):
    page = client_for(manager).get(reverse("accounts:person-create")).content.decode()
    assert 'value="manager"' in page and 'value="admin"' not in page


# ------------------------------------------------------------------ one-time links


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_an_invitation_link_sets_the_password_once(manager, unit):
    account = _create(manager, unit("H-BG-CA"))
    link = _link(mail.outbox[-1].body)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a long new pass 2025", "new_password2": "a long new pass 2025"}
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password("a long new pass 2025")
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(link, follow=True)
    assert "already been used or has expired" in again.content.decode()


def test_an_invitation_link_expires(manager, unit, settings):
    _create(manager, unit("H-BG-CA"))
    link = _link(mail.outbox[-1].body)
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(link, follow=True)
    assert "already been used or has expired" in page.content.decode()


def test_a_forgotten_password_is_reset_by_e_mail(user_named):
    police = user_named("bg.police")
    police.set_password("old password 1234")
    police.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:password_reset"), {"email": police.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0].body)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new pass for 2026", "new_password2": "a new pass for 2026"},
    )
    police.refresh_from_db()
    assert police.check_password("a new pass for 2026")


def test_asking_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


# ------------------------------------------------------------------ the Excel sheet


def _sheet(rows, header=("Full name", "E-mail", "Unit", "Role")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Officers to create"])
    ws.append([])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_sheet_of_people_creates_accounts_and_roles_and_invites_them(manager):
    data = _sheet(
        [
            ("Lê Văn Một", "mot@example.gov.vn", "H-BG-CA", "reporter"),
            ("Lê Văn Một", "mot@example.gov.vn", "Sở Ngoại vụ tỉnh Bắc Giang", "người xem"),
            ("Trần Thị Hai", "hai@example.gov.vn", "h-bg-d-ln", "Approver"),
        ]
    )
    result = services.people_import(user=manager, data=data)
    assert len(result.created) == 2 and result.granted == 3
    one = User.objects.get(email="mot@example.gov.vn")
    assert set(one.role_assignments.values_list("unit__code", "role")) == {
        ("H-BG-CA", "reporter"),
        ("H-BG-SNGV", "viewer"),
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["hai@example.gov.vn", "mot@example.gov.vn"]
    again = services.people_import(user=manager, data=data)
    assert again.created == [] and again.unchanged == 3


def test_a_sheet_with_one_bad_row_writes_nothing_and_names_each_row(manager):
    data = _sheet(
        [
            ("Lê Văn Một", "mot@example.gov.vn", "H-BG-CA", "reporter"),
            ("Trần Thị Hai", "not-an-address", "H-BG-CA", "reporter"),
            ("Phạm Ba", "ba@example.gov.vn", "P42", "reporter"),
            ("Vũ Bốn", "bon@example.gov.vn", "H-BG-CA", "chief"),
            ("Hồ Năm", "nam@example.gov.vn", "H-BG-CA", "admin"),
        ]
    )
    with pytest.raises(ValidationError) as caught:
        services.people_import(user=manager, data=data)
    text = "\n".join(caught.value.messages)
    assert "Row 5, column “E-mail”" in text  # header on row 3: data from row 4
    assert "Row 6, column “Unit (code or name)”" in text
    assert "Row 7, column “Role”" in text and "“chief” is not a role" in text
    assert "Row 8, column “Role”" in text and "higher than your own" in text
    assert not User.objects.filter(email__endswith="@example.gov.vn").exists()
    assert mail.outbox == []


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(manager):
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        services.people_import(user=manager, data=b"name,email\n")


def test_the_import_page_shows_the_located_errors_and_creates_nothing(client_for, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _sheet([("Phạm Ba", "ba@example.gov.vn", "P42", "reporter")])
    upload = SimpleUploadedFile("people.xlsx", data)
    response = client_for(manager).post(reverse("accounts:people-import"), {"file": upload})
    assert response.status_code == 200
    assert "Row 4, column" in response.content.decode()
    assert not User.objects.filter(email="ba@example.gov.vn").exists()


def test_the_template_lists_the_columns_and_the_roles_the_manager_may_grant(client_for, manager):
    response = client_for(manager).get(reverse("accounts:people-template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    people, roles = wb.worksheets
    texts = [c.value for row in people.iter_rows() for c in row if c.value]
    assert "E-mail" in texts and "Unit (code or name)" in texts
    granted = {row[0].value for row in roles.iter_rows(min_row=2)}
    assert "manager" in granted and "administrator" not in granted
    # The template filled in as it comes back is accepted (its example row included).
    people.cell(row=people.max_row, column=3, value="H-BG-CA")
    out = io.BytesIO()
    wb.save(out)
    result = services.people_import(user=manager, data=out.getvalue())
    assert len(result.created) == 1
