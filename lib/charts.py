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


def trace_timeline(visits: pd.DataFrame, exposures: pd.DataFrame, names: dict[int, str], case_label: str) -> go.Figure:
    """The case's visits (one row, top) and each contact's overlapping stays, on one time axis in local time;
    bars coloured by venue so overlaps line up visually."""
    from lib.times import to_local

    rows = [{"who": case_label, "venue": v.venue_name, "start": to_local(v.started), "end": to_local(v.ended)}
            for v in visits.itertuples()]
    venue_names = dict(zip(visits["venue_id"], visits["venue_name"], strict=False))
    rows += [{"who": names.get(e.person_id, str(e.person_id)), "venue": venue_names.get(e.venue_id, e.venue_id),
              "start": to_local(e.started), "end": to_local(e.ended)} for e in exposures.itertuples()]
    frame = pd.DataFrame(rows, columns=["who", "venue", "start", "end"])
    fig = px.timeline(frame, x_start="start", x_end="end", y="who", color="venue")
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(tickformat="%H:%M\n%d/%m/%Y")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=max(240, 26 * frame["who"].nunique()))
    return fig
