"""A command's settings read from ``LINLI_*`` without pydantic-settings: the command line's fast path.

:class:`~graph_model.settings.LinliSettings` is the one definition of
Linli's settings; importing pydantic-settings and building that class costs a
command about 0.06 s of CPU, a fifth of what ``linli stats`` on Daoyi may take
in all. :class:`CommandSettings` reads the same environment the same way
(prefix ``LINLI_``, any case, the last of two spellings wins as in
pydantic-settings, a path field made a :class:`~pathlib.Path`) and applies the
same rule for the flags (:func:`flag_update`, which ``LinliSettings.with_flags``
uses too); ``tests/graph_model/test_command_settings.py`` checks it equals
``LinliSettings()`` field by field. The Neo4j store, which needs the rest,
gets the full class from :meth:`CommandSettings.full`.

Examples
--------
>>> s = CommandSettings.from_environment({"LINLI_NEO4J_URI": "bolt://127.0.0.1:7687", "linli_lang": "en"})
>>> s.backend, s.neo4j_database, s.lang
('neo4j', 'neo4j', 'en')
>>> s.with_flags(data=Path("my-data")).backend          # an explicit --data wins over LINLI_NEO4J_URI
'memory'
>>> s.with_flags(data=Path("my-data"), neo4j="bolt://x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph_model.errors.InvalidQuery: give either --data or --neo4j, not both ...
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from graph_model.errors import InvalidQuery

if TYPE_CHECKING:
    from graph_model.settings import LinliSettings

__all__ = ["CommandSettings", "flag_update", "ENV_PREFIX", "PATH_FIELDS"]

ENV_PREFIX = "LINLI_"
PATH_FIELDS = frozenset({"data", "state_dir"})
"""The fields read as a :class:`~pathlib.Path` (the others are text)."""


def flag_update(*, data: Path | None = None, neo4j: str | None = None, state_dir: Path | None = None) -> dict[str, Any]:
    """The fields a command's flags change (None: the flag was not given): the one rule for choosing the store.

    Raises :class:`~graph_model.errors.InvalidQuery` for ``--data`` and ``--neo4j`` together.
    """
    if data is not None and neo4j:
        raise InvalidQuery("give either --data or --neo4j, not both (load a dataset into Neo4j with `linli load`)")
    if state_dir is not None and neo4j:
        raise InvalidQuery("give either --state-dir or --neo4j, not both (on Neo4j the database is the truth: there is no state directory)")
    update: dict[str, Any] = {}
    if data is not None:
        update.update(data=data, neo4j_uri=None)
    if neo4j:
        update["neo4j_uri"] = neo4j
    if state_dir is not None:
        update["state_dir"] = state_dir
    return update


@dataclass(frozen=True)
class CommandSettings:
    """The fields of :class:`~graph_model.settings.LinliSettings` (same names, defaults and meaning), as plain values."""

    data: Path | None = None
    state_dir: Path | None = None
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    lang: str = "zh"
    log_level: str = "WARNING"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> CommandSettings:
        """``LINLI_*`` as ``LinliSettings()`` reads them from ``environ`` (default: the process's)."""
        lowered = {key.lower(): value for key, value in (os.environ if environ is None else environ).items()}
        prefix = ENV_PREFIX.lower()
        values: dict[str, Any] = {}
        for name in (f.name for f in dataclasses.fields(cls)):
            value = lowered.get(prefix + name)
            if value is not None:
                values[name] = Path(value) if name in PATH_FIELDS else value
        return cls(**values)

    @property
    def backend(self) -> Literal["memory", "neo4j"]:
        """Which store these settings open."""
        return "neo4j" if self.neo4j_uri else "memory"

    def with_flags(self, *, data: Path | None = None, neo4j: str | None = None, state_dir: Path | None = None) -> Self:
        """A copy with a command's flags applied, as :meth:`LinliSettings.with_flags <graph_model.settings.LinliSettings.with_flags>`."""
        return self.model_copy(update=flag_update(data=data, neo4j=neo4j, state_dir=state_dir))

    def model_copy(self, *, update: Mapping[str, Any]) -> Self:
        """A copy with ``update``'s fields changed (as pydantic's ``model_copy``)."""
        return dataclasses.replace(self, **update)

    def full(self) -> LinliSettings:
        """The same settings as :class:`~graph_model.settings.LinliSettings` (imports pydantic-settings)."""
        from graph_model.settings import LinliSettings

        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return LinliSettings(**values)  # every field given: the environment is not read again
