"""Who is asking, and what they may see: the principal of each request, its role, scope and people flag.

Every route depends on :func:`authenticate` (an app-wide dependency), which
sets ``request.state.principal`` from, in order: a signed link
(:mod:`api.links`, read-only), the ``Authorization: Bearer`` token (the
server's ``LINLI_API_TOKEN`` — an unscoped admin with ``people`` — or a token
of ``tokens.json``, :mod:`api.tokens`), else the anonymous reader. A bearer
token that matches nothing is 401 on reads too.

- Anonymous reads are open while no token file names a live token (the
  single-token set-up of earlier versions); once one does, every request needs
  a token or a link (``LINLI_ANONYMOUS_READS`` forces either way). Anonymous
  readers never see people's names and never write.
- :func:`require_writer` guards writes (admin or planner); :func:`require_people`
  guards people's names (403 without ``people``).
- A scoped principal reaches only the routes marked :func:`scope_aware` (403
  elsewhere: a route that does not know how to narrow its answer does not
  answer), and those answer only inside the scope: anything outside is 404 with
  the very body an unknown id gets, without suggestions (:class:`ScopeView`).

Examples
--------
>>> Principal("anonymous", None).can_write, Principal("ops", "planner").can_write
(False, True)
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.tokens import WRITING_ROLES, Role, Scope, TokenFile
from graph_model.errors import LinliError, NotFound
from graph_model.i18n import _
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

__all__ = [
    "AccessState",
    "Principal",
    "PrincipalDep",
    "public",
    "ScopeView",
    "authenticate",
    "require_writer",
    "require_people",
    "scope_aware",
    "scope_view",
    "hidden",
]

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)

bearer = HTTPBearer(auto_error=False, description="A token of the server (LINLI_API_TOKEN, or one made by `linli token add`).")


@dataclass(frozen=True)
class Principal:
    """The one a request acts for: a token's name, ``api-token``, ``link:<by>`` or ``anonymous``."""

    name: str
    role: Role | None
    scope: Scope | None = None
    people: bool = False
    via: str = "anonymous"
    read_only: bool = False

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES and not self.read_only


ANONYMOUS = Principal("anonymous", None)

ACCESS_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "A token is needed (the server has tokens) or the one given is not valid."},
    403: {"description": "The token's role, scope or permissions do not allow this (people's names need `people`; "
                         "a shared link is read-only), or the link is expired or tampered with."},
    429: {"description": "Too many requests to an expensive endpoint from this client; see Retry-After."},
}
"""What any route may answer because of who asks (:func:`authenticate`) or how often (:mod:`api.rate_limit`)."""



@dataclass
class AccessState:
    """What the app keeps for access control: the tokens file, the link signer and the audit log (None without a state dir)."""

    tokens: TokenFile | None = None
    signer: Any = None
    audit: Any = None


def public(endpoint: F) -> F:
    """Mark a route with no data in it (the workbench page and its files, the API docs, the health probe): open to every principal and scope."""
    endpoint.__linli_public__ = True  # type: ignore[attr-defined]
    return endpoint


def scope_aware(endpoint: F) -> F:
    """Mark a route that narrows its answers to a scoped principal's scope (others refuse scoped principals)."""
    endpoint.__linli_scope_aware__ = True  # type: ignore[attr-defined]
    return endpoint


def _reads_open(request: Request, tokens: TokenFile | None) -> bool:
    setting = request.app.state.settings.anonymous_reads
    if setting is not None:
        return bool(setting)
    return tokens is None or not tokens.active()


def _from_bearer(request: Request, token: str) -> Principal | None:
    settings = request.app.state.settings
    if settings.writes_enabled:
        expected = settings.api_token.get_secret_value().encode("utf-8")
        if hmac.compare_digest(token.encode("utf-8"), expected):
            return Principal("api-token", "admin", None, people=True, via="api_token")
    tokens: TokenFile | None = request.app.state.access.tokens
    entry = tokens.verify(token) if tokens is not None else None
    if entry is None:
        return None
    return Principal(entry.name, entry.role, entry.scope, people=entry.people, via="token")


async def authenticate(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """The request's principal (also left in ``request.state.principal`` for the audit log and the error handlers)."""
    try:
        return _authenticate(request, credentials)
    except LinliError as err:  # an unreadable tokens file: refuse everyone rather than guess (fail closed)
        log.error("access control unavailable: %s", err)
        raise HTTPException(503, _("access control is unavailable on this server (see its log)")) from None


def _authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    linked: Principal | None = getattr(request.state, "link_principal", None)
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    public = getattr(endpoint, "__linli_public__", False)
    if credentials is not None:
        principal = _from_bearer(request, credentials.credentials)
        tokens = request.app.state.access.tokens
        if principal is None and (request.method in ("GET", "HEAD") or not request.app.state.settings.writes_enabled
                                  and (tokens is None or not tokens.active())) and _reads_open(request, tokens):
            principal = ANONYMOUS  # where anyone may read, a token that is no longer valid reads as anyone (a write: 401)
        if principal is None:
            raise HTTPException(401, _("the token is not valid"), headers={"WWW-Authenticate": "Bearer"})
    elif linked is not None:
        principal = linked
    else:
        if not public and not _reads_open(request, request.app.state.access.tokens):
            raise HTTPException(401, _("a token or a signed link is required"), headers={"WWW-Authenticate": "Bearer"})
        principal = ANONYMOUS
    request.state.principal = principal
    if principal.read_only and request.method not in ("GET", "HEAD"):
        raise HTTPException(403, _("a shared link is read-only"))
    if principal.scope is not None and not public:
        if not getattr(endpoint, "__linli_scope_aware__", False):
            raise HTTPException(403, _("this is not available to a token scoped to {scope}").format(scope=principal.scope))
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def require_writer(request: Request, principal: PrincipalDep) -> Principal:
    """Let a write through only for an admin or planner (403 for viewers and links; 401 without a token)."""
    request.state.audit = True
    settings = request.app.state.settings
    tokens: TokenFile | None = request.app.state.access.tokens
    if principal.can_write:
        return principal
    if principal is ANONYMOUS:
        if not settings.writes_enabled and (tokens is None or not any(e.can_write for e in tokens.active())):
            raise HTTPException(403, _("writes are disabled on this server (no LINLI_API_TOKEN is configured)"))
        raise HTTPException(401, _("a valid bearer token is required to write"), headers={"WWW-Authenticate": "Bearer"})
    raise HTTPException(403, _("the role {role} may not write").format(role=principal.role or "link"))


def require_people(request: Request, principal: Principal, wanted: bool) -> None:
    """Refuse people's names (403) to a principal without ``people``; an allowed read is audited."""
    if not wanted:
        return
    request.state.audit = True
    request.state.audit_what = "people"
    if not principal.people:
        raise HTTPException(403, _("people's names need a token with the people permission"))


def hidden(what: str, ident: str) -> NotFound:
    """The 404 of something outside the scope: the same as an unknown id's (the handler drops suggestions for scoped callers)."""
    return NotFound(what, ident)


@dataclass(frozen=True)
class ScopeView:
    """What a scope covers, read from the store: its communities (none for a grid scope), grids and buildings.

    A grid scope covers its grid, the grid's buildings and what sits in them,
    not its community's community-level records (needs, agreements, the
    community detail): those belong to the community and wider scopes.
    """

    scope: Scope
    communities: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()
    buildings: frozenset[str] = frozenset()
    subdistrict: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def has_community(self, community: str | None) -> bool:
        return community is not None and community in self.communities

    def has_subject(self, subject: str, community: str | None) -> bool:
        """Whether a gap's subject lies inside: its community for community-wide scopes, else its grid or building."""
        if self.scope.kind == "grid":
            return subject in self.grids or subject in self.buildings
        return self.has_community(community)

    def keep(self, items: Iterable[Any], community_of: Callable[[Any], str | None]) -> list[Any]:
        return [item for item in items if self.has_community(community_of(item))]


def _targets(store: GraphStore, node_id: str, rel: RelType, direction: str = "out") -> list[str]:
    rels = store.relationships(node_id, types=[rel], direction=direction)  # type: ignore[arg-type]
    return [r.target if direction == "out" else r.source for r in rels]


def scope_view(store: GraphStore, scope: Scope) -> ScopeView:
    """Read what ``scope`` covers (an id that names no node of its kind covers nothing)."""
    kinds = store.kinds_of([scope.id])
    expected = {"subdistrict": NodeKind.SUBDISTRICT, "community": NodeKind.COMMUNITY, "grid": NodeKind.GRID}[scope.kind]
    if kinds.get(scope.id) is not expected:
        return ScopeView(scope)
    if scope.kind == "subdistrict":
        communities = frozenset(_targets(store, scope.id, RelType.HAS_COMMUNITY))
        grids = frozenset(g for c in communities for g in _targets(store, c, RelType.HAS_GRID))
        return ScopeView(scope, communities, grids, subdistrict=scope.id)
    if scope.kind == "community":
        grids = frozenset(_targets(store, scope.id, RelType.HAS_GRID))
        parents = _targets(store, scope.id, RelType.HAS_COMMUNITY, "in")
        return ScopeView(scope, frozenset([scope.id]), grids, subdistrict=parents[0] if parents else None)
    buildings = frozenset(_targets(store, scope.id, RelType.HAS_BUILDING))
    return ScopeView(scope, frozenset(), frozenset([scope.id]), buildings)
