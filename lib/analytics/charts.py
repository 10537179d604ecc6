"""Plotly figures from DataFrames; labels come from the caller (already translated)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from lib.platform import inert
from lib.platform.frames import named_rows

MARGIN = {"l": 10, "r": 10, "t": 10, "b": 10}


def ranked_bars(
    frame: pd.DataFrame,
    value: str,
    label: str,
    value_title: str,
    label_title: str,
    limit: int = 30,
    key: str | None = None,
    ranked: bool = False,
    percent: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top (at most `limit`): wards, venues or categories by a count. With `key`
    (an id column) each row is its own bar, labelled with `label`: two venues of the same name stay two bars.
    With `ranked` the frame's own order is kept, its first row on top: the chart beside a ranking table
    reads in the table's order. With `percent` the values are shares, read as 82 %, not 0.82."""
    # plotly draws the first category at the bottom, so the top row goes last
    top = frame.head(limit).iloc[::-1] if ranked else frame.nlargest(limit, value).sort_values(value)
    shown = top[label].map(inert.chart_label)  # venue names are user text: plotly would render their tags
    axis = top[key].astype(str) if key else shown
    fig = px.bar(top, x=value, y=axis, orientation="h", labels={value: value_title, "y": label_title}, hover_name=shown)
    fig.update_yaxes(title_text=label_title, type="category")
    if key:
        fig.update_yaxes(tickmode="array", tickvals=axis.tolist(), ticktext=shown.tolist())
    if percent:
        fig.update_xaxes(tickformat=".0%")
        fig.update_traces(hovertemplate="%{x:.0%}")
    fig.update_layout(margin=MARGIN, height=max(200, 26 * len(top)))
    return fig


def bar_by_ward(frame: pd.DataFrame, ward_label: str, value_label: str) -> go.Figure:
    """Check-ins per ward, largest on top."""
    return ranked_bars(frame, "checkins", "ward_name", value_label, ward_label, key="ward_code" if "ward_code" in frame else None)


def bars_per_hour(frame: pd.DataFrame, hour_label: str, value_label: str) -> go.Figure:
    """Check-ins for each hour of the day 0-23."""
    fig = px.bar(frame, x="hour", y="checkins", labels={"hour": hour_label, "checkins": value_label})
    fig.update_xaxes(dtick=1)
    fig.update_layout(margin=MARGIN, height=280)
    return fig


def weekday_heatmap(grid: pd.DataFrame, weekdays: list[str], hour_label: str, value_label: str) -> go.Figure:
    """A weekday x hour heatmap (rows Monday..Sunday) of check-ins."""
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=weekdays,
            colorscale="YlOrRd",
            colorbar={"title": value_label},
            hovertemplate="%{y} %{x}h: %{z}<extra></extra>",
        )
    )
    fig.update_xaxes(title=hour_label, dtick=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin=MARGIN, height=300)
    return fig


def presence_against_capacity(frame: pd.DataFrame, present_label: str, capacity_label: str) -> go.Figure:
    """Estimated people present hour by hour (local time) with the venue's capacity as a dashed line."""
    fig = go.Figure(go.Scatter(x=frame["moment"], y=frame["peak_present"], mode="lines", name=present_label, line={"shape": "hv"}))
    if len(frame) and pd.notna(frame["capacity"].iloc[-1]):
        fig.add_hline(y=float(frame["capacity"].iloc[-1]), line_dash="dash", line_color="red", annotation_text=capacity_label)
    fig.update_xaxes(tickformat="%H:%M\n%d/%m/%Y")
    fig.update_layout(margin=MARGIN, height=300, showlegend=False)
    return fig


def weekly_trend(frame: pd.DataFrame, week_label: str, share_label: str, ward_label: str) -> go.Figure:
    """One line per ward: share of its venues with at least one scan each week."""
    fig = px.line(
        frame,
        x="week",
        y="active_share",
        color="ward_name",
        markers=True,
        labels={"week": week_label, "active_share": share_label, "ward_name": ward_label},
    )
    fig.update_xaxes(tickformat="%d/%m/%Y")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_layout(margin=MARGIN, height=340)
    return fig


def stacked_per_day(frame: pd.DataFrame, colour: str, day_label: str, value_label: str, colour_label: str) -> go.Figure:
    """Items per day stacked by a category column (status, ward)."""
    fig = px.bar(frame, x="day", y="items", color=colour, labels={"day": day_label, "items": value_label, colour: colour_label})
    fig.update_xaxes(tickformat="%d/%m/%Y")
    fig.update_layout(margin=MARGIN, height=300)
    return fig


def line_per_day(frame: pd.DataFrame, day_label: str, value_label: str) -> go.Figure:
    """Daily counts with dd/mm/yyyy ticks."""
    fig = px.line(frame, x="day", y="checkins", markers=True, labels={"day": day_label, "checkins": value_label})
    fig.update_xaxes(tickformat="%d/%m/%Y")
    fig.update_layout(margin=MARGIN, height=280)
    return fig


# time ticks of a timeline: seconds when the span is minutes (a minute format repeated "21:05 21:05 21:06"),
# the day once the span is days
TIME_TICKS = [
    {"dtickrange": [None, 60_000], "value": "%H:%M:%S"},
    {"dtickrange": [60_000, 86_400_000], "value": "%H:%M\n%d/%m/%Y"},
    {"dtickrange": [86_400_000, None], "value": "%d/%m/%Y"},
]


def trace_timeline(visits: pd.DataFrame, exposures: pd.DataFrame, names: dict[int, str], case_label: str, venue_label: str) -> go.Figure:
    """The case's visits (one row, top) and each contact's overlapping stays, on one time axis in local time;
    bars coloured by venue so overlaps line up visually."""
    from lib.platform.times import to_local

    label = inert.chart_label
    rows = [
        {"who": label(case_label), "venue": label(v.venue_name), "start": to_local(v.started), "end": to_local(v.ended)}
        for v in named_rows(visits)
    ]
    venue_names = dict(zip(visits["venue_id"], visits["venue_name"], strict=False))
    rows += [
        {
            "who": label(names.get(e.person_id, str(e.person_id))),
            "venue": label(venue_names.get(e.venue_id, e.venue_id)),
            "start": to_local(e.started),
            "end": to_local(e.ended),
        }
        for e in named_rows(exposures)
    ]
    frame = pd.DataFrame(rows, columns=["who", "venue", "start", "end"])
    fig = px.timeline(frame, x_start="start", x_end="end", y="who", color="venue", labels={"venue": venue_label})
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(tickformatstops=TIME_TICKS)
    fig.update_layout(margin=MARGIN, height=max(240, 26 * frame["who"].nunique()))
    return fig
