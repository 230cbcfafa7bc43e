"""Vietnamese format additions to Django's: figures are grouped by thousands
(1.123 người, 11.300 thành viên; Django's own vi module defines the separators only), and
dates are typed day first (``thidua.core.figures.DATE_INPUT_FORMATS``)."""

from thidua.core.figures import DATE_INPUT_FORMATS  # noqa: F401

NUMBER_GROUPING = 3
