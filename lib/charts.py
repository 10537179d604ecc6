"""Plotly figures from DataFrames; labels come from the caller (already translated)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go


def bar_by_ward(frame: pd.DataFrame, ward_label: str, value_label: str) -> go.Figure:
    """Horizontal bars, one per ward, largest on top."""
    fig = px.bar(frame.sort_values("checkins"), x="checkins", y="ward_name", orientation="h",
                 labels={"checkins": value_label, "ward_name": ward_label})
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=max(200, 32 * len(frame)))
    return fig


def line_per_day(frame: pd.DataFrame, day_label: str, value_label: str) -> go.Figure:
    """Daily counts with dd/mm/yyyy ticks."""
    fig = px.line(frame, x="day", y="checkins", markers=True, labels={"day": day_label, "checkins": value_label})
    fig.update_xaxes(tickformat="%d/%m/%Y")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=280)
    return fig
