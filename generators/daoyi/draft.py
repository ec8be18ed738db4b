"""The Daoyi dataset while it is built: the one random stream, the tables, the rows so far.

Reach for :class:`Draft`, which every stage of :func:`generators.daoyi.build_dataset`
appends its rows to, and for the small helpers the stages share: Chinese
numerals (:func:`chinese_number`), dates (:func:`date_between`) and
proportional scaling to an exact total (:func:`scale_to_total`).

Examples
--------
>>> chinese_number(3), chinese_number(12), chinese_number(20)
('三', '十二', '二十')
>>> scale_to_total([10, 20, 30], 7)
[2, 2, 3]
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from generators.daoyi.table_rows import DaoyiTables

__all__ = ["SEED", "ARTICLE_DATE", "SEED_ROW", "SYNTHETIC", "Row", "Draft", "chinese_number", "date_between",
           "scale_to_total"]

SEED = 20240829  # the article's date; one stream for the whole dataset
ARTICLE_DATE = dt.date(2024, 8, 29)
SEED_ROW, SYNTHETIC = "seed", "synthetic"  # the provenance of a row: named in the article, or made up

Row = dict[str, Any]  # one CSV row: column -> value, in column order

NODE_TABLES = ("Subdistrict", "Community", "Estate", "Grid", "Building", "PartyOrg", "Household", "Person",
               "Partner", "Facility", "Need")
RELATIONSHIP_TABLES = ("COVERS", "SECRETARY_OF", "BUILDING_HEAD_OF", "GRID_WORKER_OF", "MENTORS", "CO_BUILDS",
                       "OFFERS", "SERVES", "MANAGES")

_DIGITS = "零一二三四五六七八九"


class Draft:
    """The random stream, the hand-written tables and the rows of every node and relationship table."""

    def __init__(self, tables: DaoyiTables) -> None:
        self.tables = tables
        self.rng = random.Random(SEED)
        self.nodes: dict[str, list[Row]] = {kind: [] for kind in NODE_TABLES}
        self.rels: dict[str, list[Row]] = {rel: [] for rel in RELATIONSHIP_TABLES}

    def person(self) -> str:
        """An invented person's name."""
        names = self.tables.person_names
        return self.rng.choice(names.surnames) + self.rng.choice(names.given_names)

    def add_person(self, pid: str, name: str | None = None, **extra: Any) -> str:
        """Append a Person who is not a secretary (an invented name unless given); return its id."""
        self.nodes["Person"].append({"id": pid, "name": self.person() if name is None else name,
                                     "years_as_secretary": "", "rating": "", "strengths": "",
                                     "source": SYNTHETIC, **extra})
        return pid


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十三)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def date_between(rng: random.Random, start: dt.date, end: dt.date) -> str:
    """A random ISO date from ``start`` to ``end``, both included.

    Examples
    --------
    >>> date_between(random.Random(1), dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    '2024-01-01'
    """
    return (start + dt.timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def scale_to_total(values: list[int], total: int, floor: int = 1) -> list[int]:
    """Scale positive ints proportionally so they sum to ``total`` exactly, none below ``floor``."""
    s = sum(values)
    scaled = [max(floor, v * total // s) for v in values]
    i = 0
    while sum(scaled) != total:
        step = 1 if sum(scaled) < total else -1
        if scaled[i % len(scaled)] + step >= floor:
            scaled[i % len(scaled)] += step
        i += 1
    return scaled
