"""Server-side SVG charts drawn by pygal (no script, no XML declaration, nothing fetched)."""

from __future__ import annotations

import datetime as dt

import pygal
from pygal.style import Style

STYLE = Style(
    background="white", plot_background="white", foreground="#1b1f24",
    foreground_strong="#1b1f24", foreground_subtle="#d5dae1",
    colors=("#0b5cad", "#d9822b", "#1e6b2f", "#b3261e", "#6c4ab6"),
    font_family="system-ui, 'Noto Sans CJK SC', sans-serif",
)  # fmt: skip
_COMMON = {"style": STYLE, "js": [], "disable_xml_declaration": True, "width": 640,
           "height": 320, "legend_at_bottom": True, "print_values": False}  # fmt: skip


class PygalCharts:
    def bars(self, title: str, labels: list[str], series: dict[str, list[float]]) -> str:
        chart = pygal.Bar(title=title, x_labels=labels, **_COMMON)
        for name, values in series.items():
            chart.add(name, values)
        return str(chart.render(is_unicode=True))

    def over_time(self, title: str, series: dict[str, list[tuple[dt.datetime, float]]]) -> str:
        chart = pygal.DateTimeLine(
            title=title, x_value_formatter=lambda d: d.strftime("%Y-%m-%d"),
            x_label_rotation=30, **_COMMON,
        )  # fmt: skip
        for name, points in series.items():
            chart.add(name, points)
        return str(chart.render(is_unicode=True))
