"""Response models of the query answers and the service endpoints, for the OpenAPI docs.

The query routes send the exact JSON of the CLI's ``--json`` (each report's
``as_dict()``); these models describe that JSON so ``/docs`` shows it (and
schemathesis can check the answers conform).

Examples
--------
>>> Health(status="ok", backend="memory").model_dump()
{'status': 'ok', 'backend': 'memory'}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "Health",
    "StatsPublic",
    "MatchResultPublic",
    "MatchReportPublic",
    "GapPublic",
    "GapReportPublic",
    "MentorPairPublic",
    "MentorReportPublic",
    "ErrorPublic",
    "NotFoundPublic",
    "ERROR_RESPONSES",
    "WRITE_RESPONSES",
    "LIFECYCLE_CONFLICT",
    "TransitionRefusedPublic",
]


class Health(BaseModel):
    """The service is up and its store answers."""

    status: Literal["ok"] = "ok"
    backend: Literal["memory", "neo4j"] = Field(examples=["memory"])


class StatsPublic(BaseModel):
    """Counts per node kind, relationship type and party-organization level (``linli stats --json``)."""

    nodes: dict[str, int] = Field(examples=[{"Community": 23, "Partner": 42}])
    relationships: dict[str, int] = Field(examples=[{"CO_BUILDS": 35}])
    party_org_levels: dict[str, int] = Field(examples=[{"community": 23}])


class MatchResultPublic(BaseModel):
    """One ranked partner or facility with its score terms and readable reasons."""

    id: str = Field(examples=["p-ent-daokang"])
    name: str = Field(examples=["沈阳道康医药连锁有限公司"])
    kind: str = Field(examples=["Partner"])
    sector: str | None = Field(examples=["enterprise"])
    score: float = Field(examples=[0.8417])
    fit: float
    tie: float
    record: float
    capacity: float
    in_area: bool
    reasons: list[str] = Field(examples=[["offers 慢病管理 (慢病用药配送)", "co-building agreement with 北苑社区"]])


class MatchReportPublic(BaseModel):
    """The answer of ``GET /match`` (``linli match --json``): best first."""

    community: str = Field(examples=["c-beiyuan"])
    category: str = Field(examples=["chronic_care"])
    need: str | None = Field(default=None, description="Present when matched by need.", examples=["n-beiyuan-01"])
    results: list[MatchResultPublic]


class GapPublic(BaseModel):
    """One subject that falls through the net."""

    kind: str = Field(examples=["community_without_partner"])
    subject: str = Field(examples=["c-zhangjia"])
    subject_name: str | None = Field(description="Null for a Person (people's names are not served here).")
    community: str | None
    detail: str


class GapReportPublic(BaseModel):
    """The answer of ``GET /gaps`` (``linli gaps --json``)."""

    gaps: list[GapPublic]
    summary: dict[str, int] = Field(description="Gaps per asked kind (zeros included).")
    by_community: dict[str, int]


class MentorPairPublic(BaseModel):
    """A proposed (mentor, mentee) pair with its weight terms; names only with ``?names=true``."""

    mentor: str
    mentee: str
    mentor_name: str | None = None
    mentee_name: str | None = None
    weight: float
    terms: dict[str, Any]


class MentorReportPublic(BaseModel):
    """The answer of ``GET /mentors`` (``linli mentors --json``)."""

    existing: list[dict[str, str]] = Field(description="Existing pairs: mentor, mentee (and their names when asked).")
    proposed: list[MentorPairPublic]
    total_weight: float
    unpaired: list[dict[str, str]] = Field(description="Secretaries left unpaired: id (name when asked) and reason.")


class ErrorPublic(BaseModel):
    """Every error: ``detail`` says what went wrong (a message, or one entry per problem)."""

    detail: Any = Field(examples=["unknown community 'c-beiyun' (did you mean: c-beiyuan?)"])


class NotFoundPublic(ErrorPublic):
    """An unknown id or name, with the nearest valid ids (and the same with their names)."""

    suggestions: list[str] = Field(default=[], examples=[["c-beiyuan"]])
    candidates: list[dict[str, str | None]] = Field(default=[], examples=[[{"id": "c-beiyuan", "name": "北苑社区", "context": None}]])


class TransitionRefusedPublic(ErrorPublic):
    """A lifecycle action not allowed in the need's current status (or a PATCH of a need whose events decide its status)."""

    status: str | None = Field(default=None, description="The need's status found.", examples=["resolved"])
    action: str | None = Field(default=None, description="The action refused.", examples=["claim"])


LIFECYCLE_CONFLICT: dict[str, Any] = {"model": TransitionRefusedPublic, "description": "Not allowed in the need's current status."}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": NotFoundPublic, "description": "An id names nothing (with suggestions)."},
    422: {"model": ErrorPublic, "description": "A parameter or a value breaks the rules (the field is named), or a name "
                                                "several nodes fit (``candidates`` lists them)."},
    503: {"model": ErrorPublic, "description": "The graph store is unavailable; retry later."},
}
"""The errors every store-backed route may answer."""

WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    400: {"model": ErrorPublic, "description": "A body that cannot be read (not UTF-8), or a malformed Content-Length."},
    401: {"model": ErrorPublic, "description": "Missing or wrong bearer token."},
    403: {"model": ErrorPublic, "description": "Writes are disabled: the server has no LINLI_API_TOKEN."},
    409: {"model": ErrorPublic, "description": "The id (or relationship) already exists."},
    413: {"model": ErrorPublic, "description": "The request body is over the size limit (64 KiB by default)."},
}
"""The errors a write may answer, on top of :data:`ERROR_RESPONSES`."""
