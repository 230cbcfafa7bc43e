"""Writes of the reporting app, one module per concern.

- ``calendar``: holidays, the cut-off window and deadline of a period, ``period_open``;
- ``forms``: setting up a reporting regime (``report_form_create``, ``ItemSpec``);
- ``workflow``: a unit's report saved (idempotently: ``submission_save_once``), uploaded
  from Excel, submitted, approved, returned, corrected;
- ``urging``: ``submissions_urge``;
- ``bulk``: ``submissions_bulk_load`` of past figures (``HistoricRow``).

The cells of a form and the checks of values live in ``thidua.reporting.values`` (and are
re-exported here with the services, so that callers keep writing
``services.form_items(...)``); who may do what, and when, in
``thidua.reporting.permissions.rules``, which every service here requires.
"""

from thidua.reporting.services.bulk import HistoricRow, submissions_bulk_load
from thidua.reporting.services.calendar import (
    deadline_for,
    holiday_sets,
    period_dates,
    period_open,
)
from thidua.reporting.services.forms import ItemSpec, report_form_create
from thidua.reporting.services.urging import submissions_urge
from thidua.reporting.services.workflow import (
    SaveOutcome,
    SubmissionExists,
    submission_approve,
    submission_cells_all,
    submission_correct,
    submission_return,
    submission_save,
    submission_save_once,
    submission_submit,
    submission_upload,
    submissions_upload_units,
)
from thidua.reporting.values import (
    CellError,
    Cells,
    check_rules,
    clean_values,
    client_checks,
    find_outliers,
    form_items,
    item_keys,
    parse_value,
    validate_values,
)

__all__ = [
    "CellError",
    "Cells",
    "HistoricRow",
    "ItemSpec",
    "SaveOutcome",
    "SubmissionExists",
    "check_rules",
    "clean_values",
    "client_checks",
    "deadline_for",
    "find_outliers",
    "form_items",
    "holiday_sets",
    "item_keys",
    "parse_value",
    "period_dates",
    "period_open",
    "report_form_create",
    "submission_approve",
    "submission_cells_all",
    "submission_correct",
    "submission_return",
    "submission_save",
    "submission_save_once",
    "submission_submit",
    "submission_upload",
    "submissions_bulk_load",
    "submissions_upload_units",
    "submissions_urge",
    "validate_values",
]
