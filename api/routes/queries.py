"""``GET /match``, ``GET /gaps`` and ``GET /mentors``: the three questions, as the CLI's ``--json`` answers.

Personal data, served only where the question needs it:

- ``/match`` names partners and facilities (organizations), never people.
- ``/gaps`` hides ``subject_name`` (null) when the subject is a Person
  (``secretary_without_pair``): the id and the organization in the detail are
  enough to act on, and the report is often shared wide.
- ``/mentors`` answers with ids only; ``?names=true`` adds the secretaries'
  names for the planner who pairs them — a token with the people permission
  only (403 otherwise), and the read is audited.

Scoped tokens (:mod:`api.scoping`): ``/match`` for a community or need inside
the scope; ``/gaps`` only the gaps inside; ``/mentors`` for a subdistrict
scope only, its own secretaries (pairs never cross a subdistrict in the
``subdistrict`` mode it is forced to).
"""

from __future__ import annotations

from typing import Annotated, Literal, cast

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import Response

from api.access import PrincipalDep, ScopeView, require_people, scope_aware
from api.deps import ScopeDep, StoreDep, run_store
from api.scoping import check_community, check_need, filter_gaps, filter_mentors
from api.report_models import ERROR_RESPONSES, GapReportPublic, MatchReportPublic, MentorReportPublic
from api.responses import json_response
from graph_model.planning import what_if
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.gaps import GAP_KINDS, gap_kinds_about
from graph_model.i18n import _
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

router = APIRouter(tags=["queries"], responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

HIDDEN_SUBJECTS = frozenset(kind.value for kind in gap_kinds_about(NodeKind.PERSON))


def _match(store: GraphStore, view: ScopeView | None, without: list[str], **query: object) -> dict[str, object]:
    if view is not None:
        if query.get("need") is not None:
            query["need"] = check_need(store, view, str(query["need"]))
        elif query.get("community") is not None:
            query["community"] = check_community(store, view, str(query["community"]))
    if without:  # what-if (假如退出): the answer over a copy without those partners or facilities
        store = what_if.without(store, without)[0]
    return match(store, **query).as_dict()  # type: ignore[arg-type]


@router.get("/match", response_model=None, responses={200: {"model": MatchReportPublic, "description": "Best first."}})
@scope_aware
async def read_match(
    store: StoreDep,
    view: ScopeDep,
    need: Annotated[str | None, Query(description="A need's id or name: match its community and category.", examples=["n-beiyuan-01"])] = None,
    community: Annotated[str | None, Query(description="Community id or name (part of it, or its pinyin, will do when only one fits), with `category`.", examples=["c-beiyuan"])] = None,
    category: Annotated[str | None, Query(description="Category id or name, with `community`; a parent category also finds offers of its subcategories.", examples=["elderly_meals"])] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="How many results at most.")] = 5,
    in_area_only: Annotated[bool, Query(description="Only candidates tied to the community or its subdistrict.")] = False,
    without: Annotated[list[str] | None, Query(description="What if these partners or facilities left: ids or names "
                                                           "(repeat, or separate with commas).")] = None,
) -> Response:
    """Which partner or facility can resolve a need (``need``), or a category in a community (``community`` + ``category``).

    Scored as the data model says (fit, tie, record, capacity) with readable
    reasons. Unknown ids or names → 404 with the nearest valid ids and names;
    a name several fit → 422 listing them; a wrong combination of parameters → 422.
    """
    report = await run_store(
        store, _match, store, view, what_if.parse_without(without), need=need, community=community, category=category,
        limit=limit, in_area_only=in_area_only, quick=True
    )
    return json_response(report)


def _gaps(store: GraphStore, view: ScopeView | None, community: str | None, kinds: list[str] | None, as_of: str | None,
          without: list[str]) -> dict[str, object]:
    if view is not None and community is not None:
        community = check_community(store, view, community)
    elif view is not None and view.scope.kind == "community":
        community = view.scope.id
    if without:
        report = what_if.gaps_without(store, without, community=community, kinds=kinds, as_of=as_of).as_dict()
    else:
        report = coverage_gaps(store, community=community, kinds=kinds, as_of=as_of).as_dict()
    if view is not None:
        report = filter_gaps(report, view)
    # as_dict() is typed dict[str, object]; its "gaps" (and what-if's "opened", "closed") are lists of asdict(Gap) rows.
    for key in ("gaps", "opened", "closed"):
        for gap in cast("list[dict[str, object]]", report.get(key, [])):
            if gap["kind"] in HIDDEN_SUBJECTS:
                gap["subject_name"] = None
    return report


@router.get("/gaps", response_model=None, responses={200: {"model": GapReportPublic}})
@scope_aware
async def read_gaps(
    store: StoreDep,
    view: ScopeDep,
    community: Annotated[str | None, Query(description="Only this community (id or name).", examples=["c-beiyuan"])] = None,
    kind: Annotated[
        list[str] | None,
        Query(description="Only these gap kinds (repeat the parameter): the id or the Chinese or English title. "
                          "One of: " + ", ".join(f"{k.value} ({s.title_zh})" for k, s in GAP_KINDS.items()) + ".",
              examples=["need_without_resolver"]),
    ] = None,
    as_of: Annotated[str | None, Query(description="The date or date-time `need_overdue` judges by (default now; a date is its midnight).",
                                       examples=["2024-08-31"])] = None,
    without: Annotated[list[str] | None, Query(description="What if these partners or facilities left (ids or names; repeat, or "
                                                           "separate with commas): the report adds `without`, and the gaps "
                                                           "`opened` and `closed` against the full network.")] = None,
) -> Response:
    """What falls through the net (the gap kinds of the data model), ordered by kind, community, subject.

    ``subject_name`` is null for Person subjects (secretaries without a pair):
    people's names are not served by this report.
    """
    return json_response(await run_store(store, _gaps, store, view, community, kind, as_of, what_if.parse_without(without)))


def _mentors(store: GraphStore, view: ScopeView | None, mode: str, scope: str, names: bool) -> dict[str, object]:
    report = propose_mentor_pairs(store, mode=mode, scope=scope).as_dict(names=names)  # type: ignore[arg-type]
    return report if view is None else filter_mentors(report, store, view)


@router.get("/mentors", response_model=None, responses={200: {"model": MentorReportPublic}})
@scope_aware
async def read_mentors(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    view: ScopeDep,
    mode: Annotated[Literal["keep", "fresh"], Query(description="keep: keep existing pairs; fresh: pair everyone anew.")] = "keep",
    scope: Annotated[Literal["subdistrict", "all"], Query(description="subdistrict: pairs within one subdistrict; all: anyone.")] = "subdistrict",
    names: Annotated[bool, Query(description="Add the secretaries' names (personal data: off by default).")] = False,
) -> Response:
    """Mentor–mentee pairs among community party secretaries (an exact optimum).

    Ids only by default; ``names=true`` adds ``mentor_name``/``mentee_name``
    (and ``id_name`` for the unpaired), for the planner doing the pairing.
    """
    require_people(request, principal, names)
    if view is not None:
        if view.scope.kind != "subdistrict":
            raise HTTPException(403, _("mentor pairing is planned per subdistrict: a token scoped to a community or grid may not ask it"))
        scope = "subdistrict"
    return json_response(await run_store(store, _mentors, store, view, mode, scope, names))
