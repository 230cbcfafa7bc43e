"""What the reporting app tells other apps, without knowing them.

``synthesis_changed`` is sent by ``thidua.reporting.synthesis`` whenever approved figures
change the synthesis (an approval, a return of an approved report, a correction
superseding one, a bulk load, a repair by the recompute check). It is sent **inside** the
transaction that changed the figures, and receivers run in it: if a receiver fails, the
change rolls back, so that what follows the figures (emulation scores computed from
indicators, and the rankings and eligibility that read them) never lags behind them.
The emulation app receives it (``EmulationConfig.ready``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

# Sent with ``change=SynthesisChange(...)``; ``sender`` is the ``SynthesisValue`` model.
synthesis_changed = Signal()


@dataclass(frozen=True)
class SynthesisChange:
    """Which synthesis cells changed: of which period, for which units (each unit whose
    subtree total moved: the reporting units and all their ancestors) and indicators.

    After a bulk load ``unit_ids`` may hold a whole country: receivers test membership in
    Python against their own (few) rows rather than pass it to an ``IN`` clause, and
    ``indicator_ids`` may be a superset (every indicator of the form)."""

    form_id: int
    period_id: int
    unit_ids: frozenset[int]
    indicator_ids: frozenset[int]
