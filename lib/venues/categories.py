"""Venue categories of the directive, with the rules attached to each: default stay (for visits left open),
typical capacity, and whether the venue is temporary (a start and an end set by the organiser).
Labels live in the i18n catalogue under `cat.<code>`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    code: str
    default_stay_minutes: int
    typical_capacity: int
    temporary: bool = False


CATEGORIES: tuple[Category, ...] = (
    Category("office", 240, 80),
    Category("business", 60, 40),
    Category("entertainment", 120, 150),
    Category("factory", 480, 600),
    Category("restaurant", 60, 60),
    Category("karaoke", 150, 40),
    Category("massage_beauty", 60, 15),
    Category("gym", 75, 40),
    Category("meeting", 180, 100, temporary=True),
    Category("hospital", 120, 300),
    Category("school", 360, 800),
    Category("transport", 45, 200),
    Category("supermarket", 45, 300),
    Category("market", 60, 500),
    Category("essential_shop", 20, 20),
    Category("wedding_funeral", 180, 200, temporary=True),
    Category("tourism", 120, 300),
    Category("religious", 90, 200),
    Category("household", 60, 10),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}


def default_stay(code: str) -> int:
    """Minutes a visit is assumed to last when nobody checked out (capped at 24 h by the check-in rules)."""
    return BY_CODE[code].default_stay_minutes
