"""Many officers at once: an Excel sheet of people (full name, e-mail, unit, role), each
row an account to create (or an existing one, by e-mail) and a role to grant.

All rows are checked before anything is written, and every refusal names its row and
column; one bad row and nothing is written. Sign-in links go out only once every row has
been accepted. The template (``people_template``) is built with ``core.spreadsheets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.accounts.models import ROLE_RANK, Role, User
from thidua.accounts.permissions import rank_at, rules
from thidua.accounts.services.people import _grant, invitation_send, user_create
from thidua.core import uploads
from thidua.core.spreadsheets import Book, Column
from thidua.orgunits.models import OrgUnit
from thidua.orgunits.picker import clean_units
from thidua.utils.text import fold

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10


def _columns() -> list[str]:
    return [_("Full name"), _("E-mail"), _("Unit (code or name)"), _("Role")]


def people_template(*, user: Any) -> bytes:
    """The sheet to fill in, in the user's language, with the roles they may grant."""
    rules.require("create_account", user, None)
    book = Book()
    sheet = book.sheet(
        _("People"),
        titles=[
            _("Officers to create, one role a row"),
            _("A person with several roles takes one row per role, with the same e-mail."),
        ],
        columns=[
            Column(label, width=w) for label, w in zip(_columns(), (30, 32, 36, 16), strict=True)
        ],
    )
    sheet.row([_("Nguyễn Văn A"), "nguyen.van.a@example.gov.vn", "", Role.REPORTER.label])
    top = max((rank for rank in _ranks_held(user)), default=-1)
    roles = book.sheet(
        _("Roles"), columns=[Column(_("Role"), width=20), Column(_("May do"), width=60)]
    )
    for role in Role:
        if ROLE_RANK[role] <= top:
            roles.row([role.label, str(ROLE_MEANING[role])])
    return book.save()


ROLE_MEANING = {
    Role.VIEWER: translation.gettext_lazy("See the unit's records and those below it."),
    Role.REPORTER: translation.gettext_lazy("Also report for the unit: figures, progress."),
    Role.APPROVER: translation.gettext_lazy("Also approve or return the reports of units below."),
    Role.MANAGER: translation.gettext_lazy("Also plan, assign, and manage officers' accounts."),
    Role.ADMIN: translation.gettext_lazy("Everything, including the unit tree and catalogues."),
}


def _ranks_held(user: Any) -> Iterable[int]:
    if user.is_superuser:
        return [ROLE_RANK[Role.ADMIN]]
    return [ROLE_RANK[Role(r)] for r in user.role_assignments.values_list("role", flat=True)]


def _role_names() -> dict[str, Role]:
    """Every way a role may be written: its code, and its name in each language."""
    names: dict[str, Role] = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for role in Role:
                names[fold(str(role.label))] = role
    for role in Role:
        names[fold(role.value)] = role
    return names


@dataclass
class ImportResult:
    created: list[User] = field(default_factory=list)
    granted: int = 0
    unchanged: int = 0


@dataclass
class _Row:
    number: int
    full_name: str
    email: str
    unit: OrgUnit
    role: Role


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _workbook(data: bytes) -> Any:
    limit = int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    if len(data) > limit:
        raise ValidationError(
            _("The file is %(mb).1f MB; the limit is %(lim)d MB.")
            % {"mb": len(data) / 1048576, "lim": limit // 1048576}
        )
    try:
        return uploads.open_workbook(data)
    except uploads.UploadRefused as exc:
        raise ValidationError(str(exc)) from None


def _rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(row number, the four cells as text) of every filled row below the headings."""
    wb = _workbook(data)
    try:
        ws = wb.worksheets[0]
        found: list[tuple[int, list[str]]] = []
        header = 0
        for number, values in enumerate(
            ws.iter_rows(max_col=4, max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1, values_only=True),
            start=1,
        ):
            cells = [_text(v) for v in (*values, None, None, None, None)[:4]]
            if not header:
                # The headings: the first row with four texts and no address among them.
                if number > HEADER_SEARCH_ROWS:
                    break
                if all(cells) and not any("@" in c for c in cells):
                    header = number
                continue
            if any(cells):
                found.append((number, cells))
    finally:
        wb.close()
    if not header:
        raise ValidationError(
            _("No row of headings (%(columns)s) in the first %(n)d rows: use the template.")
            % {"columns": ", ".join(_columns()), "n": HEADER_SEARCH_ROWS}
        )
    if len(found) > MAX_ROWS:
        raise ValidationError(
            _("The sheet has more than %(n)d people: split it into several files.")
            % {"n": MAX_ROWS}
        )
    if not found:
        raise ValidationError(_("The sheet lists nobody below its headings."))
    return found


def _where(number: int, column: int) -> str:
    return _("Row %(row)d, column “%(column)s”") % {"row": number, "column": _columns()[column]}


def _checked(user: Any, raw: list[tuple[int, list[str]]]) -> tuple[list[_Row], list[str]]:
    """Each row resolved (unit in the user's reach, a known role), or why not, located."""
    roles = _role_names()
    units: dict[str, OrgUnit | str] = {}
    rows: list[_Row] = []
    errors: list[str] = []
    names_by_email: dict[str, tuple[int, str]] = {}
    for number, (full_name, email, unit_text, role_text) in raw:
        problems: list[str] = []
        if not full_name:
            problems.append(f"{_where(number, 0)}: {_('the full name is missing.')}")
        if not email or "@" not in email:
            problems.append(
                f"{_where(number, 1)}: "
                + (
                    _("“%(v)s” is not an e-mail address.") % {"v": email}
                    if email
                    else _("the e-mail address is missing.")
                )
            )
        key = email.lower()
        earlier = names_by_email.get(key)
        if earlier and full_name and fold(earlier[1]) != fold(full_name):
            problems.append(
                f"{_where(number, 0)}: "
                + _("row %(row)d gives this address to %(name)s.")
                % {"row": earlier[0], "name": earlier[1]}
            )
        names_by_email.setdefault(key, (number, full_name))
        role = roles.get(fold(role_text))
        if role is None:
            problems.append(
                f"{_where(number, 3)}: "
                + _("“%(v)s” is not a role; write one of: %(roles)s.")
                % {"v": role_text, "roles": ", ".join(str(r.label) for r in Role)}
            )
        if not unit_text:
            problems.append(f"{_where(number, 2)}: {_('the unit is missing.')}")
        else:
            if unit_text not in units:
                try:
                    units[unit_text] = clean_units(
                        _query(unit_text),
                        "unit",
                        user=user,
                        purpose="manage",
                        multiple=False,
                    )
                except forms.ValidationError as exc:
                    units[unit_text] = " ".join(exc.messages)
            unit = units[unit_text]
            if isinstance(unit, str) or unit is None:
                problems.append(f"{_where(number, 2)}: {unit or _('no such unit.')}")
            elif role is not None and ROLE_RANK[role] > rank_at(user, unit):
                problems.append(
                    f"{_where(number, 3)}: "
                    + _(
                        "you may not grant the role of %(role)s at %(unit)s: it is higher "
                        "than your own there."
                    )
                    % {"role": role.label, "unit": unit}
                )
        if problems:
            errors.extend(problems)
            continue
        rows.append(_Row(number, full_name, email, unit, role))  # type: ignore[arg-type]
    return rows, errors


def _query(text: str) -> QueryDict:
    q = QueryDict(mutable=True)
    q.setlist("unit", [text])
    return q


def people_import(*, user: Any, data: bytes) -> ImportResult:
    """Create the accounts and grant the roles of the sheet, all or nothing.

    A row whose e-mail belongs to an account already there grants that account the role
    (if the user may manage it); a role already held is left as it is. Raises
    ``ValidationError`` with one located message per refused row."""
    rules.require("create_account", user, None)
    rows, errors = _checked(user, _rows(data))
    if errors:
        raise ValidationError(errors)
    result = ImportResult()
    with transaction.atomic():
        by_email: dict[str, User] = {}
        for row in rows:
            key = row.email.lower()
            try:
                with transaction.atomic():
                    account = (
                        by_email.get(key) or User.objects.filter(email__iexact=row.email).first()
                    )
                    if account is None:
                        account = user_create(
                            user=user,
                            full_name=row.full_name,
                            email=row.email,
                            unit=row.unit,
                            role=row.role,
                            invite=False,
                        )
                        result.created.append(account)
                        result.granted += 1
                    elif account.role_assignments.filter(unit=row.unit, role=row.role).exists():
                        result.unchanged += 1
                    else:
                        if account not in result.created:
                            rules.require("edit_account", user, account)
                        _grant(user, account, row.unit, row.role)
                        result.granted += 1
                    by_email[key] = account
            except PermissionDenied as exc:
                errors.append(f"{_where(row.number, 1)}: {exc}")
            except ValidationError as exc:
                errors.extend(f"{_where(row.number, 1)}: {m}" for m in exc.messages)
        if errors:
            transaction.set_rollback(True)
        else:
            for account in result.created:
                invitation_send(user=user, account=account)
    if errors:
        raise ValidationError(errors)
    return result
