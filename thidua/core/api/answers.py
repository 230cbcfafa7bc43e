"""Answers the API gives for actions shared by several apps."""

from __future__ import annotations

from typing import Any

from thidua.core.notifications import NotifyResult


def urge_answer(result: NotifyResult | None) -> dict[str, Any]:
    """``urged`` false when already urged today; who was notified, and who could not be."""
    if result is None:
        return {"urged": False, "notified": 0, "without_officers": []}
    return {
        "urged": True,
        "notified": result.created,
        "without_officers": [u.code for u in result.without_officers],
    }
