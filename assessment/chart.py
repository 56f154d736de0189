"""Geometry of the radar chart of a result, drawn as SVG by the server (no JavaScript): one
axis per dimension, rings at 25, 50, 75 and 100, the scores as a polygon."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 700  # room for the longest names on both sides ("Intelligentes Lebensumfeld")
HEIGHT = 420
RADIUS = 130
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class Axis:
    code: str
    label: str
    score: int
    x: float  # end of the axis
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label
    point_x: float  # the score on the axis
    point_y: float


def _polar(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / 100
    return (
        round(WIDTH / 2 + distance * math.cos(angle), 1),
        round(HEIGHT / 2 + distance * math.sin(angle), 1),
    )


def _points(pairs) -> str:
    return " ".join(f"{x},{y}" for x, y in pairs)


def radar(dimensions: list[tuple[str, str, int]]) -> dict:
    """``dimensions``: (code, label, score) in questionnaire order. Returns what the
    template draws: axes, rings and the scores' polygon."""
    count = len(dimensions)
    if count < 3:  # a radar needs three axes; the table still shows the scores
        return {}
    axes = []
    for index, (code, label, score) in enumerate(dimensions):
        x, y = _polar(index, count, 100)
        label_x, label_y = _polar(index, count, 118)
        point_x, point_y = _polar(index, count, max(score, 0))
        anchor = "middle"
        if label_x > WIDTH / 2 + 5:
            anchor = "start"
        elif label_x < WIDTH / 2 - 5:
            anchor = "end"
        if label_y > HEIGHT / 2 + 5:
            label_y += 8  # below the axis end, away from the ring
        elif label_y < HEIGHT / 2 - 5:
            label_y -= 14  # above it: the score goes on a second line
        axes.append(Axis(code, label, score, x, y, label_x, label_y, anchor, point_x, point_y))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "centre_x": WIDTH / 2,
        "centre_y": HEIGHT / 2,
        "axes": axes,
        "rings": [
            {"value": ring, "points": _points(_polar(i, count, ring) for i in range(count))}
            for ring in RINGS
        ],
        "scores": _points((axis.point_x, axis.point_y) for axis in axes),
    }
