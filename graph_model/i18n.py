"""Chinese by default, English on request: the message catalog every user-facing sentence goes through.

Messages are written in English in the code, wrapped in :func:`_` (or
:func:`ngettext` for counts), and translated by a gettext catalog
(``graph_model/locale/zh_CN/LC_MESSAGES/linli.po``, compiled to ``.mo``;
``make messages`` extracts new strings with Babel and compiles). The language
is per context (:data:`contextvars`), so one API process answers each request
in the language it asked for: the CLI sets it once from ``--lang`` /
``LINLI_LANG``, the API per request from ``Accept-Language``.

Two kinds of text are not sentences and are not in the catalog: the names of
the domain's things (node kinds, levels, sectors, gap kinds, columns), which
the loader must also *accept* in Chinese, live beside their English names in
the schema and the gap registry — :func:`pick` chooses one; and JSON keys and
enum values, which stay English in every language (an API convention).

Examples
--------
>>> with use_language("en"):
...     _("unknown {what} {ident!r}").format(what="community", ident="c-x")
"unknown community 'c-x'"
>>> with use_language("zh"):
...     _("unknown {what} {ident!r}").format(what="社区", ident="c-x")
"未知的社区 'c-x'"
>>> with use_language("zh"):
...     pick("社区", "community")
'社区'
>>> negotiate("en-US,en;q=0.9"), negotiate("zh-CN,zh;q=0.9,en;q=0.8"), negotiate(None)
('en', 'zh', 'zh')
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Literal

__all__ = [
    "Language",
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "LOCALE_DIR",
    "DOMAIN",
    "_",
    "N_",
    "ngettext",
    "pick",
    "current_language",
    "set_language",
    "use_language",
    "parse_language",
    "negotiate",
]

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
DEFAULT_LANGUAGE: Language = "zh"
DOMAIN = "linli"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_GETTEXT_LOCALES: dict[Language, str] = {"zh": "zh_CN", "en": "en"}

_language: contextvars.ContextVar[Language] = contextvars.ContextVar("linli_language", default=DEFAULT_LANGUAGE)


@cache
def _catalog(language: Language) -> _gettext.NullTranslations:
    if language == "en":  # the source language: messages are their own translation
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[_GETTEXT_LOCALES[language]])


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(_language.get()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (translate it with :func:`_` when shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the current language."""
    return _catalog(_language.get()).ngettext(singular, plural, n)


def pick(zh: str, en: str) -> str:
    """The name of a domain thing in the current language, from its two names."""
    return zh if _language.get() == "zh" else en


def current_language() -> Language:
    """The language of the current context."""
    return _language.get()


def parse_language(text: str | None) -> Language:
    """A language code as Linli knows it (``zh``, ``zh_CN``, ``zh-Hans``, ``en``, ``en_US.UTF-8``...); ValueError otherwise.

    Examples
    --------
    >>> parse_language("zh_CN.UTF-8"), parse_language("EN"), parse_language(None)
    ('zh', 'en', 'zh')
    """
    if not text:
        return DEFAULT_LANGUAGE
    base = text.strip().lower().replace("_", "-").split(".")[0].split("-")[0]
    for language in LANGUAGES:
        if base == language:
            return language
    raise ValueError(f"unknown language {text!r}; one of: {', '.join(LANGUAGES)}")


def set_language(language: Language | str | None) -> Language:
    """Set the current context's language (for the rest of it); returns it."""
    chosen = parse_language(language)
    _language.set(chosen)
    return chosen


@contextmanager
def use_language(language: Language | str | None) -> Iterator[Language]:
    """Use ``language`` inside the block, then the one before."""
    token = _language.set(parse_language(language))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def negotiate(accept_language: str | None) -> Language:
    """The language to answer in for an HTTP ``Accept-Language`` header (Chinese when none fits)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    offers: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offers.append((-quality, position, tag.strip()))
    for negative_quality, _position, tag in sorted(offers):
        if negative_quality >= 0:
            break
        try:
            return parse_language(tag)
        except ValueError:
            continue
    return DEFAULT_LANGUAGE
