"""The one place Linli's error tree becomes HTTP statuses; every error body is JSON ``{"detail": ...}``.

================  ======  ===================================================================
error             status  body
================  ======  ===================================================================
DatasetError      422     ``detail``: one entry per problem, ``loc`` names the field
NotFound          404     ``detail``: the message; ``suggestions``: the nearest valid ids;
                          ``candidates``: the same with ``id``, ``name``, ``context``
AlreadyExists     409     ``detail``: the message
LifecycleError    409     ``detail``: the message; ``status``: the need's status found; ``action``: the one refused
Ambiguous         422     ``detail``: the message; ``candidates``: each node the name fits
InvalidQuery      422     ``detail``: the message
StoreUnavailable  503     ``detail``: what is down (credentials redacted); ``Retry-After`` header
other LinliError  400     ``detail``: the message
anything else     500     ``{"detail": "internal error"}`` (logged here, never sent)
================  ======  ===================================================================

For a scoped principal (:mod:`api.access`) a NotFound carries no suggestions
and an Ambiguous name is a plain 404: both would name nodes outside its scope.

FastAPI's own errors (request validation 422, unknown route 404, 405) keep
its ``{"detail": ...}`` shape. Messages are in the request's language
(``Accept-Language``, :mod:`api.language`); keys and codes stay English.

Examples
--------
>>> from graph_model.errors import Problem
>>> from graph_model.i18n import use_language
>>> with use_language("en"):
...     problem_detail(Problem("body", None, "capacity", "0", "a whole number ≥ 1"))
{'loc': ['body', 'capacity'], 'msg': 'expected a whole number ≥ 1', 'type': 'dataset_rule', 'input': '0'}
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph_model.errors import Ambiguous, DatasetError, InvalidQuery, LinliError, NotFound, Problem, StoreUnavailable
from graph_model.i18n import _
from graph_model.need_lifecycle import LifecycleError

__all__ = ["AlreadyExists", "install_error_handlers", "problem_detail", "redact"]

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "2"
_CREDENTIALS_IN_URI = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def redact(message: str) -> str:
    """``message`` without the credentials a URI may carry (``bolt://user:secret@host`` → ``bolt://***@host``).

    Examples
    --------
    >>> redact("cannot reach Neo4j at neo4j+s://neo4j:hunter2@db.example:7687")
    'cannot reach Neo4j at neo4j+s://***@db.example:7687'
    """
    return _CREDENTIALS_IN_URI.sub(r"\1***@", message)


class AlreadyExists(LinliError):
    """A create names an id (or a relationship) that already exists."""


def problem_detail(problem: Problem) -> dict[str, object]:
    """One broken rule in the shape of FastAPI's validation errors (``loc`` names the field)."""
    loc = [problem.source] + ([problem.column] if problem.column else [])
    if problem.line is not None and problem.source != "body":
        loc.insert(1, f"line {problem.line}")
    return {"loc": loc, "msg": _("expected {what}").format(what=problem.expected), "type": "dataset_rule", "input": problem.value}


def _dataset_error(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, DatasetError)
    detail = [problem_detail(p) for p in err.problems]
    return JSONResponse({"detail": detail, "truncated": err.truncated}, status_code=422)


def _scoped(request: Request) -> bool:
    principal = getattr(request.state, "principal", None)
    return principal is not None and principal.scope is not None


def _not_found(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, NotFound)
    if _scoped(request):  # suggestions come from the whole graph: a scoped caller gets none, so nothing outside leaks
        return JSONResponse({"detail": str(NotFound(err.what, err.ident)), "suggestions": [], "candidates": []}, status_code=404)
    body = {"detail": str(err), "suggestions": err.suggestions, "candidates": [c.as_dict() for c in err.candidates]}
    return JSONResponse(body, status_code=404)


def _ambiguous(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, Ambiguous)
    if _scoped(request):  # which nodes a name fits is itself news from outside the scope
        return _not_found(request, NotFound(err.what, err.text))
    return JSONResponse({"detail": str(err), "candidates": [c.as_dict() for c in err.candidates]}, status_code=422)


def _already_exists(request: Request, err: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(err)}, status_code=409)


def _lifecycle(request: Request, err: Exception) -> JSONResponse:
    body = {"detail": str(err), "status": getattr(err, "status", None), "action": getattr(err, "action", None)}
    return JSONResponse(body, status_code=409)


def _invalid_query(request: Request, err: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(err)}, status_code=422)


def _store_unavailable(request: Request, err: Exception) -> JSONResponse:
    provider = getattr(request.app.state, "stores", None)
    failed = getattr(request.state, "store", None)  # None when connecting itself failed
    if provider is not None and failed is not None:
        provider.discard(failed)
    reason = redact(str(err))
    log.warning("%s %s: store unavailable: %s", request.method, request.url.path, reason)
    return JSONResponse(
        {"detail": _("the graph store ({backend}) is unavailable: {reason}").format(backend=getattr(provider, "backend", "unknown"), reason=reason)},
        status_code=503,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def _linli_error(request: Request, err: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(err)}, status_code=400)


def _unexpected(request: Request, err: Exception) -> JSONResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=err)
    return JSONResponse({"detail": _("internal error")}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping above on ``app`` (most specific first is not needed: Starlette walks the MRO)."""
    app.add_exception_handler(DatasetError, _dataset_error)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(AlreadyExists, _already_exists)
    app.add_exception_handler(LifecycleError, _lifecycle)
    app.add_exception_handler(Ambiguous, _ambiguous)
    app.add_exception_handler(InvalidQuery, _invalid_query)
    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.add_exception_handler(LinliError, _linli_error)
    app.add_exception_handler(Exception, _unexpected)
