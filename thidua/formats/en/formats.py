"""Dates are typed day first on every page, as the officers write them
(``thidua.core.figures.DATE_INPUT_FORMATS``), never in the US month-first order."""

from thidua.core.figures import DATE_INPUT_FORMATS  # noqa: F401
