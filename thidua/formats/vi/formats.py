"""Vietnamese number format additions to Django's: figures are grouped by thousands
(1.123 người, 11.300 thành viên); Django's own vi module defines the separators only."""

NUMBER_GROUPING = 3
