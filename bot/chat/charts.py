"""PNG charts for the statistics (matplotlib, Agg backend, no display needed).

matplotlib ≥ 3.11 shapes Persian (joined letter forms) and lays right-to-left text out by itself
(libraqm): labels are passed as they are — pre-shaping them with arabic-reshaper/python-bidi
would shape twice and break them. For Persian charts numbers are written in Persian digits and
bar charts run from right to left; dates on time axes are Jalali («۲۵ آبان»).

Rendering is CPU work (about 0.1 s a chart) and matplotlib's font cache is not thread-safe:
call these from a worker thread (`asyncio.to_thread`); a lock keeps them one at a time.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Callable, Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.persian.jalali import MONTHS_EN, MONTHS_FA, gregorian_to_jalali
from bot.persian.normalize import to_persian_digits

log = logging.getLogger(__name__)

FONT = ["DejaVu Sans"]  # ships with matplotlib; covers Persian letters and digits
COLORS = ("#2a7ab0", "#e07b39", "#3a9d5d", "#b04a6f", "#7a5cb0", "#8c8c3a")
# Lines that share values must stay apart: each series has its own marker and dash, and each
# later one is drawn thinner on top, so the one beneath still shows around it.
MARKERS = ("o", "s", "^", "D", "v", "P")
DASHES = ("-", "--", "-.", ":")
DPI = 110
MAX_LABEL = 38
_LOCK = threading.Lock()


def number(value: float, locale: str) -> str:
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    if locale == "fa":
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


def day_label(day: date, locale: str, *, with_year: bool = False) -> str:
    """«۲۵ آبان» / "25 Aban" (and the year when asked)."""
    year, month, dd = gregorian_to_jalali(day)
    if locale == "fa":
        text = f"{dd} {MONTHS_FA[month - 1]}" + (f" {year}" if with_year else "")
        return to_persian_digits(text)
    return f"{dd} {MONTHS_EN[month - 1]}" + (f" {year}" if with_year else "")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", bbox_inches="tight")
    return buffer.getvalue()


def _style(ax, title: str) -> None:
    ax.set_title(title, fontfamily=FONT, fontsize=13, pad=12)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=10)


def _render(draw: Callable[[], bytes]) -> bytes:
    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = draw()
    for warning in caught:  # e.g. a glyph missing from the font: worth knowing, not fatal
        log.warning("chart: %s", warning.message)
    return png


def bar_chart(
    title: str,
    items: Sequence[tuple[str, int]],
    *,
    locale: str = "fa",
    empty: str = "",
) -> bytes:
    """Horizontal bars, biggest first, each with its count; right to left for Persian."""

    def draw() -> bytes:
        rows = list(items)[:20]
        height = max(2.6, 0.48 * len(rows) + 1.5)
        figure = _figure(8, height)
        ax = figure.add_subplot()
        _style(ax, title)
        if not rows:
            ax.text(0.5, 0.5, empty, ha="center", va="center", fontfamily=FONT, fontsize=12)
            ax.set_axis_off()
            return _png(figure)
        labels = [_short(label) for label, _ in reversed(rows)]
        values = [value for _, value in reversed(rows)]
        bars = ax.barh(range(len(rows)), values, color=COLORS[0], height=0.62)
        ax.set_yticks(range(len(rows)), labels, fontfamily=FONT)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, locale)))
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        top = max(values) or 1
        ax.set_xlim(0, top * 1.15)
        if locale == "fa":  # bars grow from the right, labels on the right
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines["left"].set_visible(False)
            ax.spines["right"].set_visible(True)
        for bar, value in zip(bars, values, strict=True):
            ax.text(
                bar.get_width() + top * 0.015,
                bar.get_y() + bar.get_height() / 2,
                number(value, locale),
                va="center",
                ha="right" if locale == "fa" else "left",
                fontfamily=FONT,
                fontsize=9,
            )
        figure.tight_layout()
        return _png(figure)

    return _render(draw)


def line_chart(
    title: str,
    days: Sequence[date],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    locale: str = "fa",
) -> bytes:
    """Counts per day, one line per series; Jalali dates on the x axis."""

    def draw() -> bytes:
        figure = _figure(9, 4.6)
        ax = figure.add_subplot()
        _style(ax, title)
        ax.spines["left"].set_visible(True)
        positions = list(range(len(days)))
        every = max(1, len(days) // 30)  # markers stay readable on long periods
        for index, (label, values) in enumerate(series):
            ax.plot(
                positions,
                list(values),
                label=label,
                color=COLORS[index % len(COLORS)],
                linewidth=max(1.2, 3.6 - 1.0 * index),
                linestyle=DASHES[index % len(DASHES)],
                marker=MARKERS[index % len(MARKERS)],
                markersize=max(3.5, 7.5 - 1.5 * index),
                markevery=every,
                zorder=2 + index,
            )
        step = max(1, -(-len(days) // 8))
        ticks = positions[::step]
        ax.set_xticks(
            ticks,
            [day_label(days[i], locale, with_year=n == 0) for n, i in enumerate(ticks)],
            fontfamily=FONT,
            rotation=30,
            ha="right",
        )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, locale)))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        handles, labels = ax.get_legend_handles_labels()
        if locale == "fa":  # the first series on the right
            handles, labels = handles[::-1], labels[::-1]
        ax.legend(
            handles,
            labels,
            prop={"family": FONT},
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=max(1, len(series)),
        )
        figure.tight_layout()
        return _png(figure)

    return _render(draw)
