"""Pages of the emulation app, one module per concern; ``urls.py`` reaches them here.

- ``movements``: movements and their structure (contents, subject groups, criteria);
- ``pledges``: a unit's pledge to a movement;
- ``evaluations``: opening, scoring, finalising and reopening an evaluation;
- ``contests``: contests, their entries, selections, figures and prizes;
- ``_common``: helpers the pages share.

Who may do what is asked of ``thidua.emulation.permissions.rules``, once per object.
"""

from thidua.emulation.views.contests import (
    contest_detail,
    contest_list,
    contest_new,
    contest_record,
    entry_detail,
    tally_edit,
)
from thidua.emulation.views.evaluations import (
    evaluation_detail,
    evaluation_finalise,
    evaluation_reopen,
    evaluation_start,
)
from thidua.emulation.views.movements import (
    content_edit,
    criterion_edit,
    group_edit,
    movement_detail,
    movement_edit,
    movement_list,
    movement_new,
    movement_structure,
)
from thidua.emulation.views.pledges import pledge_create, pledge_edit

__all__ = [
    "content_edit",
    "contest_detail",
    "contest_list",
    "contest_new",
    "contest_record",
    "criterion_edit",
    "entry_detail",
    "evaluation_detail",
    "evaluation_finalise",
    "evaluation_reopen",
    "evaluation_start",
    "group_edit",
    "movement_detail",
    "movement_edit",
    "movement_list",
    "movement_new",
    "movement_structure",
    "pledge_create",
    "pledge_edit",
    "tally_edit",
]
