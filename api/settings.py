"""The API's settings, read from ``LINLI_*`` environment variables (pydantic-settings).

Safe by default: without ``LINLI_API_TOKEN`` every write is refused (403),
request bodies are capped at 64 KiB, and state (the write journal) lives in
the platform's user data folder, never next to the code or the dataset.

Examples
--------
>>> s = ApiSettings(api_token=None, neo4j_uri=None, data=None)
>>> s.writes_enabled, s.max_body_bytes
(False, 65536)
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from graph_model.settings import LinliSettings, default_state_dir

__all__ = ["ApiSettings"]


class ApiSettings(LinliSettings):
    """:class:`~graph_model.settings.LinliSettings`, plus who may write and the limits (env prefix ``LINLI_``).

    The server always journals its writes: without ``LINLI_STATE_DIR`` they go to the platform's user data folder.
    """

    api_token: SecretStr | None = Field(
        default=None, description="Bearer token that writes must present (LINLI_API_TOKEN); unset = read-only."
    )
    state_dir: Path | None = Field(
        default_factory=default_state_dir, description="Where the write journal lives (LINLI_STATE_DIR)."
    )
    max_body_bytes: int = Field(default=64 * 1024, ge=1, description="Largest request body accepted (413 beyond).")
    neo4j_retry_time: float = Field(
        default=2.0, ge=0, description="Seconds a failing Neo4j transaction is retried before the request answers 503."
    )
    reconnect_delay: float = Field(
        default=1.0, ge=0, description="Seconds to answer 503 at once after Neo4j refused, before trying again."
    )

    anonymous_reads: bool | None = Field(
        default=None,
        description="Whether requests without a token may read (LINLI_ANONYMOUS_READS); unset: while tokens.json names no live token.",
    )
    rate_limit: str = Field(
        default="60/minute", description="Per-client limit on the expensive endpoints, e.g. 30/minute (LINLI_RATE_LIMIT); empty: none."
    )
    rate_limited_paths: list[str] = Field(
        default=["/map", "/mentors", "/dispatch", "/recommend", "/plan"],
        description="Path prefixes the rate limit counts (LINLI_RATE_LIMITED_PATHS, a JSON list).",
    )

    @property
    def writes_enabled(self) -> bool:
        """Whether a token is configured (writes are refused otherwise)."""
        return self.api_token is not None and bool(self.api_token.get_secret_value())
