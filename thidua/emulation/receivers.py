"""What the emulation app does when other apps tell it something (connected in
``EmulationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from thidua.emulation.services import evaluations_follow_figures
from thidua.reporting.signals import SynthesisChange


def figures_changed(sender: Any, change: SynthesisChange, **kwargs: Any) -> None:
    """Approved figures moved (``reporting.signals.synthesis_changed``, sent inside the
    approving transaction): the evaluations computed from them follow, in it."""
    evaluations_follow_figures(
        period_id=change.period_id, unit_ids=change.unit_ids, indicator_ids=change.indicator_ids
    )
