"""Refuse text that only looks readable: mixed encodings, runaway quotes, invisible characters.

:mod:`loaders.tables` decodes and parses CSV leniently (Excel writes loose
CSV); these checks catch what leniency would otherwise let through as a
"valid" file with silently wrong contents:

- :func:`mixed_encoding` — a file whose lines are partly UTF-8, partly GBK
  (two exports pasted together) would be read whole as GB18030 and every
  UTF-8 line garbled (北苑企业 → 鍖楄嫅浼佷笟);
- :func:`runaway_quote` — an unterminated quote turns the rest of the file (or
  everything up to the next quote) into one cell;
- :func:`invisible_in` / :func:`strip_invisible` — control and invisible
  characters (NUL, zero-width spaces, bidi overrides) that make two ids look
  alike or a name display as something else.

Each answers where the problem is; the callers word it as a
:class:`~graph_model.errors.Problem`.

Examples
--------
>>> mixed_encoding("名称\\n".encode("utf-8") + "北苑\\n".encode("gbk"))
(2, 'GBK/GB18030', 1, 'UTF-8')
>>> runaway_quote(['id,name,note\\n', 'g1,甲,"开头\\n', 'g2,乙,x\\n'], first=2, last=3, width=3)
3
>>> invisible_in("g\\u200b1")
'U+200B ZERO WIDTH SPACE（第 2 个字符）'
>>> strip_invisible("\\u202e北苑\\x00社区")
'北苑社区'
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence

from graph_model.errors import Problem
from graph_model.i18n import _

__all__ = ["INVISIBLE", "has_invisible", "invisible_in", "strip_invisible", "mixed_encoding", "runaway_quote", "unterminated", "last_lines", "quote_problems", "Record"]

INVISIBLE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 and C1 controls (NUL, tab, line breaks, escape ...)
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0"  # soft hyphen, fillers, invisible marks
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"  # format characters of Arabic and Syriac
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"  # zero-width, direction marks, bidi overrides and isolates
    "\u2028\u2029\ufe00-\ufe0f\ufeff\ufff9-\ufffb"  # line/paragraph separators, variation selectors, BOM, annotations
    "\ud800-\udfff"  # lone surrogates
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tags and variation selectors supplement
    "]"
)
"""Characters an id may not hold and a name loses: every control (Cc), format (Cf), line or
paragraph separator and surrogate code point, plus the fillers and selectors that draw nothing."""


_DRAWN_INVISIBLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
"""The characters of :data:`INVISIBLE` that ``str.isprintable`` counts as printable (fillers, selectors)."""


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`INVISIBLE` — fast for a whole column joined (C loops first).

    ``str.isprintable`` rules out every control, format, separator and surrogate
    code point in one pass; only the few drawn-as-nothing printable ones need the pattern.
    """
    if text.isascii():  # most ids: only the C0 controls and DEL are not printable
        return not text.isprintable()
    if text.isprintable():
        return _DRAWN_INVISIBLE.search(text) is not None
    return INVISIBLE.search(text) is not None


def invisible_in(text: str) -> str | None:
    """The first control or invisible character of ``text``, named with its position (None when there is none)."""
    if not has_invisible(text):
        return None
    found = INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or {"\x00": "NUL"}.get(char) or _("control character")
    return _("U+{code} {name} at character {position}").format(code=f"{ord(char):04X}", name=name, position=found.start() + 1)


def strip_invisible(text: str) -> str:
    """``text`` without its control and invisible characters (and without the spaces this leaves at its ends)."""
    return INVISIBLE.sub("", text).strip() if has_invisible(text) else text


def _encoding_of(line: bytes) -> str | None:
    """'UTF-8' or 'GBK/GB18030' when ``line`` can only be read one way, None when it tells nothing (ASCII, or too short to say)."""
    if line.isascii():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line.decode("gb18030")
        except UnicodeDecodeError:
            return None  # neither: decoding the whole file says where
        return "GBK/GB18030"
    # GBK bytes that happen to be valid UTF-8 read as Latin letters (猫 = C3 A8 = è); a character
    # of three UTF-8 bytes or more (every Chinese one) from GBK bytes is next to impossible.
    return "UTF-8" if max(map(ord, text)) >= 0x800 else None


def mixed_encoding(data: bytes, *, declared: str | None = None) -> tuple[int, str, int, str] | None:
    """The first line whose encoding disagrees with the file's: (line, its encoding, an earlier line, that one's encoding).

    The file's encoding is ``declared`` (a byte-order mark says UTF-8; the earlier line is then 0)
    or else that of its first line with non-ASCII text; None when every line agrees.
    """
    first: tuple[int, str] | None = (0, declared) if declared else None
    for number, line in enumerate(data.split(b"\n"), 1):
        encoding = _encoding_of(line)
        if encoding is None:
            continue
        if first is None:
            first = (number, encoding)
        elif encoding != first[1]:
            return number, encoding, first[0], first[1]
    return None


def runaway_quote(lines: Sequence[str], *, first: int, last: int, width: int) -> int | None:
    """The first line inside a quoted cell of the record on lines ``first``..``last`` that looks like a row of its own.

    ``lines`` are the file's lines (1-based numbering as ``csv.reader`` counts
    them); a line of ``width`` cells or more (the header's) inside a cell is a
    row an unterminated quote has swallowed. None when the record's line
    breaks look like a multi-line cell's.
    """
    if width < 2:
        return None
    for number in range(first + 1, last + 1):
        cells = next(csv.reader([lines[number - 1].rstrip("\r\n")]), [])
        if len(cells) >= width:
            return number
    return None


def unterminated(tail: str) -> bool:
    """Whether ``tail`` (the file's last record, to the end) ends inside a quoted cell: its quote was never closed."""
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), strict=True):
            pass
    except csv.Error:
        return True
    return False


def last_lines(text: str, count: int) -> str:
    """The last ``count`` lines of ``text`` (line breaks as ``csv.reader`` counts them: \\n, \\r\\n or \\r).

    Examples
    --------
    >>> last_lines("a\\r\\nb\\rc\\nd\\n", 2)
    'c\\nd\\n'
    """
    stop = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0)
    start = 0
    returns = "\r" in text
    for _ in range(count):
        brk = max(text.rfind("\n", 0, stop), text.rfind("\r", 0, stop)) if returns else text.rfind("\n", 0, stop)
        start = brk + 1
        if brk < 0:
            break
        stop = brk - 1 if text[brk] == "\n" and brk > 0 and text[brk - 1] == "\r" else brk
    return text[start:]


Record = tuple[int, int, list[str]]
"""A CSV record: its first line, its last line and its cells."""


def quote_problems(text: str, source: str, header: Sequence[str], spanning: Sequence[Record], last: Record, lines_read: int) -> list[Problem]:
    """Problems with the quotes of a CSV file: a cell that swallows rows, or a quote still open at the end.

    ``spanning`` are the records that run over several lines, ``last`` the
    file's last record, ``lines_read`` how many lines the reader read in all;
    ``header`` names the cells.
    """
    width = len(header)
    found: dict[int, tuple[str | None, int | None, int | None]] = {}  # first line → (column, line it runs on to or None: the end, a row it swallows)

    def column(cells: list[str]) -> str | None:
        at = next((i for i, cell in enumerate(cells) if "\n" in cell or "\r" in cell), len(cells) - 1)
        return header[at] if 0 <= at < len(header) and header[at] else None

    if spanning:
        lines = io.StringIO(text, newline="").readlines()  # numbered as csv.reader counts them
        for first, end, cells in spanning:
            swallowed = runaway_quote(lines, first=first, last=end, width=width)
            if swallowed is not None:
                found[first] = (column(cells), end, swallowed)
    first, end, cells = last
    if end == lines_read and unterminated(last_lines(text, end - first + 1)):
        found[first] = (column(cells), None, found[first][2] if first in found else None)
    problems = [Problem(source, line, name, None, _runs(end, swallowed)) for line, (name, end, swallowed) in sorted(found.items())]
    return problems


def _runs(end: int | None, swallowed: int | None) -> str:
    """What a quoted cell that never closes was expected to have, and how far it runs (to ``end``, None: the file's end)."""
    if end is None and swallowed is None:
        return _('a closing quote (") for the quoted cell that opens on this line: it runs to the end of the file')
    if end is None:
        return _('a closing quote (") for the quoted cell that opens on this line: it runs to the end of the file, '
                 "taking in line {swallowed}, which looks like a row of its own").format(swallowed=swallowed)
    return _('a closing quote (") for the quoted cell that opens on this line: it runs on to line {end}, '
             "taking in line {swallowed}, which looks like a row of its own").format(end=end, swallowed=swallowed)
