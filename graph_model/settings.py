"""Linli's settings, in one pydantic-settings class read from ``LINLI_*`` environment variables.

Every command and the API build one :class:`LinliSettings`; command-line
flags override the environment through :meth:`LinliSettings.with_flags`,
which holds the one rule for choosing the store: an explicit ``--neo4j``
means Neo4j, an explicit ``--data`` means the embedded store (even when
``LINLI_NEO4J_URI`` is set), both at once is an error, and with neither,
``LINLI_NEO4J_URI`` selects Neo4j and ``LINLI_DATA`` (else the bundled
dataset) the embedded store. ``--state-dir`` (``LINLI_STATE_DIR``) makes the
embedded network's writes last (:mod:`graph_model.state_dir`); on Neo4j it is
not used — the database is the truth. :func:`loaders.opening.open_store` opens what
the settings describe. A command reads the same settings without
pydantic-settings, faster: :class:`graph_model.command_settings.CommandSettings`.

Examples
--------
>>> s = LinliSettings(neo4j_uri="bolt://127.0.0.1:7687", data=None, state_dir=None)
>>> s.backend, s.neo4j_database
('neo4j', 'neo4j')
>>> s.with_flags(data=Path("my-data")).backend          # an explicit --data wins over LINLI_NEO4J_URI
'memory'
>>> s.with_flags(data=Path("my-data"), neo4j="bolt://x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph_model.errors.InvalidQuery: give either --data or --neo4j, not both ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_model.command_settings import flag_update

__all__ = ["LinliSettings", "default_state_dir"]


def default_state_dir() -> Path:
    """The platform's per-user data folder for Linli (``~/.local/share/linli`` on Linux)."""
    import platformdirs  # only when asked: most commands never need it

    return Path(platformdirs.user_data_dir("linli"))


class LinliSettings(BaseSettings):
    """Where the network lives and how Linli talks (env prefix ``LINLI_``)."""

    model_config = SettingsConfigDict(env_prefix="LINLI_", extra="ignore")

    data: Path | None = Field(
        default=None, description="Dataset folder or workbook for the embedded store (LINLI_DATA); default: the bundled Daoyi dataset."
    )
    state_dir: Path | None = Field(
        default=None, description="The state directory: the network's writes (and what they need) are kept there (LINLI_STATE_DIR)."
    )
    neo4j_uri: str | None = Field(default=None, description="Answer from this Neo4j database (LINLI_NEO4J_URI).")
    neo4j_user: str = Field(default="neo4j", description="Neo4j user (LINLI_NEO4J_USER).")
    neo4j_password: SecretStr = Field(default=SecretStr(""), description="Neo4j password (LINLI_NEO4J_PASSWORD).")
    neo4j_database: str = Field(default="neo4j", description="Neo4j database name (LINLI_NEO4J_DATABASE).")
    lang: str = Field(default="zh", description="The language of everything a person reads: zh or en (LINLI_LANG).")
    log_level: str = Field(default="WARNING", description="How much the command logs on stderr (LINLI_LOG_LEVEL).")

    @property
    def backend(self) -> Literal["memory", "neo4j"]:
        """Which store these settings open."""
        return "neo4j" if self.neo4j_uri else "memory"

    def with_flags(self, *, data: Path | None = None, neo4j: str | None = None, state_dir: Path | None = None) -> Self:
        """A copy with a command's flags applied (None: the flag was not given).

        Raises :class:`~graph_model.errors.InvalidQuery` for ``--data`` and ``--neo4j`` together.
        """
        return self.model_copy(update=flag_update(data=data, neo4j=neo4j, state_dir=state_dir))
