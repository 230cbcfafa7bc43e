"""Writes to accounts: a user's own (tokens, second factor), and the onboarding of
officers by their managers (accounts, roles, invitations, the Excel sheet of people)."""

from thidua.accounts.services.account import (
    NewToken,
    second_factor_confirm,
    second_factor_remove,
    second_factor_start,
    token_create,
    token_revoke,
)
from thidua.accounts.services.people import (
    invitation_send,
    role_grant,
    role_withdraw,
    user_create,
    user_deactivate,
    user_reactivate,
    user_update,
)
from thidua.accounts.services.people_import import ImportResult, people_import, people_template

__all__ = [
    "ImportResult",
    "NewToken",
    "invitation_send",
    "people_import",
    "people_template",
    "role_grant",
    "role_withdraw",
    "second_factor_confirm",
    "second_factor_remove",
    "second_factor_start",
    "token_create",
    "token_revoke",
    "user_create",
    "user_deactivate",
    "user_reactivate",
    "user_update",
]
