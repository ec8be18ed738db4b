"""Read one cell's text as its column says: numbers, booleans, dates, lists, enums.

:func:`parse_value` is the rule; :func:`cell_reader` gives the same answers
faster for a whole column (the loader reads millions of cells), taking the
common case first and falling back to :func:`parse_value` for everything else.

Examples
--------
>>> parse_value("2024/5/1", Column("reported", ValueType.DATE))
'2024-05-01'
>>> cell_reader(Column("type", ValueType.ENUM, choices=("urban", "village")))("Urban")
'urban'
>>> parse_value("2024年1月5日", Column("reported", ValueType.DATE))
'2024-01-05'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from graph_model.i18n import _
from graph_model.schema import Column, ValueType
from loaders.csv_safety import strip_invisible

__all__ = ["parse_value", "cell_reader", "NAME_COLUMNS", "INTEGER_LIMIT", "read_name", "enum_names"]

NAME_COLUMNS = frozenset({"name", "name_en"})
"""Text columns people read a node by: control and invisible characters are stripped from them."""
INTEGER_LIMIT = 2**53 - 1
"""The largest whole number a cell may hold (either sign): exact as a float, as a JSON number in a
browser, and as a Neo4j integer, so both backends store and answer the very same value."""
_INTEGER = re.compile(r"[+-]?\d+")

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_LIST_SEPARATORS = re.compile(r"[;；]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")  # 2024/5/1 is how Excel (zh-CN) writes dates
_CHINESE_DATE = re.compile(r"\s*[年月日号]\s*")  # 2024年1月5日
_BRACKETS = str.maketrans("（）", "()")
# Plain names for the enum members compared per cell: ``ValueType.TEXT`` goes
# through the enum's class-attribute descriptor, a function call on every lookup.
_TEXT, _REF, _LIST, _ENUM, _BOOL, _DATE_T, _INT, _FLOAT = (
    ValueType.TEXT, ValueType.REF, ValueType.LIST, ValueType.ENUM,
    ValueType.BOOL, ValueType.DATE, ValueType.INT, ValueType.FLOAT,
)


def parse_value(text: str, column: Column) -> Any:
    """Read one non-empty cell according to its column; ValueError says what was expected.

    Examples
    --------
    >>> from graph_model.schema import NODE_SPECS, NodeKind
    >>> parse_value("是", Column("full_time", ValueType.BOOL))
    True
    >>> parse_value("养老;助餐；", Column("strengths", ValueType.LIST))
    ['养老', '助餐']
    >>> parse_value("6", NODE_SPECS[NodeKind.COMMUNITY].column("governance_strength"))
    Traceback (most recent call last):
    ...
    ValueError: 1 到 5 的整数
    """
    t = column.type
    if t is _TEXT and column.name in NAME_COLUMNS:
        return read_name(text)
    if t is _TEXT or t is _REF:
        return text
    if t is _LIST:
        return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
    if t is _ENUM:
        lowered = text.lower()
        if lowered in column.choices:
            return lowered
        found = enum_names(column).get(_enum_key(text))
        if found is None:
            raise ValueError(column.describe())
        return found
    if t is _BOOL:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(column.describe())
    if t is _DATE_T:
        date = _DATE.match(_CHINESE_DATE.sub("-", text.replace("/", "-").replace(".", "-")).rstrip("-"))
        if not date:
            raise ValueError(column.describe())
        year, month, day = date.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise ValueError(column.describe()) from None
        return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])
    number: float
    plain = text.replace(",", "")
    try:
        if t is _INT and _INTEGER.fullmatch(plain):
            number = int(plain)  # exactly: through a float, 9007199254740993 would be read as ...992
        else:
            number = float(plain) if t is _FLOAT else float(int(float(plain)))
            if t is _INT and float(plain) != number:
                raise ValueError
    except (ValueError, OverflowError):  # OverflowError: int() of "inf" or "1e999"
        raise ValueError(column.describe()) from None
    if not math.isfinite(number):
        raise ValueError(column.describe())
    if t is _INT and abs(number) > INTEGER_LIMIT:
        raise ValueError(_("{what}, at most {limit} either side of zero").format(what=column.describe(), limit=f"{INTEGER_LIMIT:,}"))
    if (column.minimum is not None and number < column.minimum) or (
        column.maximum is not None and number > column.maximum
    ):
        raise ValueError(column.describe())
    return int(number) if t is _INT else number


def _enum_key(text: str) -> str:
    return "".join(text.split()).translate(_BRACKETS).lower()


def enum_names(column: Column) -> dict[str, str]:
    """Every way a ledger may write one of the column's values (English, its Chinese names) → the value.

    Examples
    --------
    >>> from graph_model.schema import NODE_SPECS, NodeKind
    >>> names = enum_names(NODE_SPECS[NodeKind.COMMUNITY].column("type"))
    >>> names["城市社区"], names["村"], names["urban"]
    ('urban', 'village', 'urban')
    """
    found = {choice: choice for choice in column.choices}
    for value, names in column.names.items():
        for name in names:
            found.setdefault(_enum_key(name), value)
            found.setdefault(name, value)
    return found


def cell_reader(column: Column) -> Callable[[str], Any] | None:
    """How to read one column's non-empty cells: :func:`parse_value`'s answers, common cases first (None: keep the text).

    Examples
    --------
    >>> cell_reader(Column("households", ValueType.INT, minimum=0))("120")
    120
    >>> cell_reader(Column("note")) is None
    True
    """
    t = column.type
    if t is _TEXT and column.name in NAME_COLUMNS:
        return read_name
    if t is _TEXT or t is _REF:
        return None
    if t is _ENUM:
        exact = enum_names(column)

        def read_enum(text: str) -> Any:
            found = exact.get(text)
            return found if found is not None else parse_value(text, column)

        return read_enum
    if t is _INT:
        low, high = column.minimum, column.maximum

        def read_int(text: str) -> Any:
            # plain digits short enough to be exact as a float: int() says what parse_value would
            if len(text) < 16 and text.isascii() and text.isdigit():
                number = int(text)
                if (low is None or number >= low) and (high is None or number <= high):
                    return number
            return parse_value(text, column)

        return read_int
    if t is _FLOAT:
        low, high = column.minimum, column.maximum

        def read_float(text: str) -> Any:
            try:
                number = float(text)  # a comma ("1,5") fails here and is parse_value's to read
            except ValueError:
                return parse_value(text, column)
            if math.isfinite(number) and (low is None or number >= low) and (high is None or number <= high):
                return number
            return parse_value(text, column)

        return read_float
    if t is _DATE_T:
        seen: dict[str, Any] = {}  # a city repeats a few thousand dates; a bad one raises and is not kept

        def read_date(text: str) -> Any:
            found = seen.get(text)
            if found is None:
                found = seen[text] = parse_value(text, column)
            return found

        return read_date
    return lambda text: parse_value(text, column)


def read_name(text: str) -> str:
    """A name without control and invisible characters (zero-width spaces, bidi overrides, NUL ...).

    They are stripped rather than refused: a name pasted from a chat or a web
    page often carries a zero-width space nobody put there on purpose, and a
    bidi override would make the name display as something else. A name of
    nothing else is refused.

    Examples
    --------
    >>> read_name("北苑\u200b社区\u202e")
    '北苑社区'
    >>> from graph_model.i18n import use_language
    >>> with use_language("en"):
    ...     read_name("\u200b")
    Traceback (most recent call last):
    ...
    ValueError: a name with visible characters (it holds only control or invisible ones)
    """
    name = strip_invisible(text)
    if not name:
        raise ValueError(_("a name with visible characters (it holds only control or invisible ones)"))
    return name
