"""Connection settings for the Neo4j backend, read from ``LINLI_NEO4J_*`` environment variables.

Examples
--------
>>> Neo4jSettings(uri="bolt://127.0.0.1:7687").database
'neo4j'
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Neo4jSettings"]


class Neo4jSettings(BaseSettings):
    """Where and as whom to reach Neo4j (``LINLI_NEO4J_URI``, ``_USER``, ``_PASSWORD``, ``_DATABASE``)."""

    model_config = SettingsConfigDict(env_prefix="LINLI_NEO4J_", extra="ignore")

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str = "neo4j"
