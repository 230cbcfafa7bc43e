"""Writes of the reporting app, one module per concern.

- ``calendar``: holidays, the cut-off window and deadline of a period, ``period_open``;
- ``forms``: setting up a reporting regime (``report_form_create``, ``ItemSpec``);
- ``workflow``: a unit's report saved (idempotently), submitted, approved, returned,
  corrected;
- ``urging``: ``submissions_urge``;
- ``bulk``: ``submissions_bulk_load`` of past figures (``HistoricRow``).

The cells of a form and the checks of values live in ``thidua.reporting.values``, who
supervises whom in ``thidua.reporting.permissions``; both are re-exported here with the
services, so that callers keep writing ``services.submission_approve(...)``.
"""

from thidua.reporting.permissions import may_supervise, require_supervisor
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
    is_expected,
    submission_approve,
    submission_cells_all,
    submission_correct,
    submission_return,
    submission_save,
    submission_submit,
)
from thidua.reporting.values import (
    CellError,
    Cells,
    check_rules,
    clean_values,
    find_outliers,
    form_items,
    item_keys,
    parse_value,
)

__all__ = [
    "CellError",
    "Cells",
    "HistoricRow",
    "ItemSpec",
    "check_rules",
    "clean_values",
    "deadline_for",
    "find_outliers",
    "form_items",
    "holiday_sets",
    "is_expected",
    "item_keys",
    "may_supervise",
    "parse_value",
    "period_dates",
    "period_open",
    "report_form_create",
    "require_supervisor",
    "submission_approve",
    "submission_cells_all",
    "submission_correct",
    "submission_return",
    "submission_save",
    "submission_submit",
    "submissions_bulk_load",
    "submissions_urge",
]
