"""Figures for officers: the home page, footfall, compliance per ward, adoption targets, hourly totals and
chart helpers."""
