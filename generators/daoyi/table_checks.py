"""The rules the Daoyi generator's hand-written tables keep with one another.

Reach for :func:`table_problems`: every broken rule as a
:class:`~graph_model.errors.Problem` (file, column, value, what was expected),
empty when the tables hold together. Ids and keys are unique; every reference
(a community key, an estate key, a partner or facility id, a category of the
default taxonomy) names something; provenance is ``seed`` or ``synthetic``;
each community has one secretary, a grid layout its estates fit in, and issue
names for every category its needs are drawn from.

Examples
--------
>>> from dataclasses import replace
>>> from generators.daoyi.table_files import read_tables
>>> tables = read_tables()
>>> table_problems(tables)
[]
>>> broken = replace(tables, managed=(*tables.managed, replace(tables.managed[0], estate="nowhere")))
>>> from graph_model.i18n import use_language
>>> with use_language("en"):  # the generator's checks are worded in English (a maintainer's tool)
...     [str(p) for p in table_problems(broken)]
["tables/manages.csv, column estate: 'nowhere' — expected the key of an estate in estates.csv"]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from graph_model.errors import Problem
from loaders.dataset import default_taxonomy
from generators.daoyi.table_rows import DaoyiTables

__all__ = ["table_problems"]

PROVENANCE = ("seed", "synthetic")


def table_problems(tables: DaoyiTables) -> list[Problem]:
    """Every rule the tables break, in file order; empty when they hold together.

    Parameters
    ----------
    tables : DaoyiTables
        The tables as read.

    Returns
    -------
    list of Problem
        One per broken rule.
    """
    problems: list[Problem] = []
    _unique_ids(tables, problems)
    _references(tables, problems)
    _provenance(tables, problems)
    _communities(tables, problems)
    return problems


def _problem(file: str, column: str, value: str | None, expected: str) -> Problem:
    return Problem(f"tables/{file}", None, column, value, expected)


def _known(problems: list[Problem], file: str, column: str, values: Iterable[str], known: Collection[str],
           what: str) -> None:
    """Each of ``values`` is in ``known``."""
    problems.extend(_problem(file, column, v, what) for v in values if v not in known)


def _unique_ids(tables: DaoyiTables, problems: list[Problem]) -> None:
    for file, column, ids in (
            ("communities.csv", "key", [c.key for c in tables.communities]),
            ("estates.csv", "key", [e.key for e in tables.estates]),
            ("partners.csv", "id", [p.id for p in tables.partners]),
            ("partner_party_orgs.csv", "id", [o.id for o in tables.partner_party_orgs]),
            ("facilities.csv", "id", [*(s.id for s in tables.service_points), *(f.id for f in tables.facilities)]),
            ("named_needs.csv", "id", [*(n.id for n in tables.named_needs), *(u.id for u in tables.unresolvable_needs)])):
        problems.extend(_problem(file, column, value, "an id no other row has")
                        for value, n in Counter(ids).items() if n > 1)


def _references(tables: DaoyiTables, problems: list[Problem]) -> None:
    communities = {c.key for c in tables.communities}
    estates = {e.key for e in tables.estates}
    partners = {p.id for p in tables.partners}
    providers = partners | {s.id for s in tables.service_points} | {f.id for f in tables.facilities}
    categories = {n.id for n in default_taxonomy()[0]}
    org_parents = {tables.subdistrict.party_committee_id} | {c.party_org_id for c in tables.communities}
    serve_targets = {tables.subdistrict.id} | {c.id for c in tables.communities}
    community = "the key of a community in communities.csv"
    estate = "the key of an estate in estates.csv"
    partner = "the id of a partner in partners.csv"
    provider = "the id of a partner or facility (partners.csv, facilities.csv, service_points.csv)"
    category = "a category of the default taxonomy"
    t = tables
    for file, column, values, known, what in (
            ("estates.csv", "community", [e.community for e in t.estates], communities, community),
            ("secretaries.csv", "community", [s.community for s in t.secretaries], communities, community),
            ("mentor_pairs.csv", "mentor", [m.mentor for m in t.mentor_pairs], communities, community),
            ("mentor_pairs.csv", "mentee", [m.mentee for m in t.mentor_pairs], communities, community),
            ("partner_party_orgs.csv", "unit", [o.unit for o in t.partner_party_orgs], partners, partner),
            ("partner_party_orgs.csv", "parent", [o.parent for o in t.partner_party_orgs], org_parents,
             "the id of the working committee or of a community party org"),
            ("manages.csv", "partner", [m.partner for m in t.managed], partners, partner),
            ("manages.csv", "estate", [m.estate for m in t.managed], estates, estate),
            ("service_points.csv", "community", [s.community for s in t.service_points], communities, community),
            ("facilities.csv", "community", [f.community for f in t.facilities], communities, community),
            ("offers.csv", "provider", [o.provider for o in t.offers], providers, provider),
            ("offers.csv", "category", [o.category for o in t.offers], categories, category),
            ("co_builds.csv", "partner", [c.partner for c in t.co_builds], partners, partner),
            ("co_builds.csv", "community", [c.community for c in t.co_builds], communities, community),
            ("serves.csv", "partner", [s.partner for s in t.serves], partners, partner),
            ("serves.csv", "target", [s.target for s in t.serves], serve_targets,
             "the id of the subdistrict or of a community (c-<key>)"),
            ("named_needs.csv", "community", [n.community for n in t.named_needs], communities, community),
            ("named_needs.csv", "category", [n.category for n in t.named_needs], categories, category),
            ("unresolvable_needs.csv", "community", [n.community for n in t.unresolvable_needs], communities,
             community),
            ("unresolvable_needs.csv", "category", [n.category for n in t.unresolvable_needs], categories,
             category),
            # Empty where a partner sits outside, is not an owners' committee, a facility has no operator,
            # a need no resolver.
            ("partners.csv", "community", [p.community for p in t.partners], {*communities, ""}, community),
            ("partners.csv", "estate", [p.estate for p in t.partners], {*estates, ""}, estate),
            ("facilities.csv", "operator", [f.operator for f in t.facilities], {*partners, ""}, partner),
            ("named_needs.csv", "resolved_by", [n.resolved_by for n in t.named_needs], {*providers, ""}, provider)):
        _known(problems, file, column, values, known, what)
    issues = t.need_issues
    drawn = {*issues.common_categories, *(k for ks in issues.focus_categories.values() for k in ks),
             *(k for c in t.communities for k in c.extra_need_categories)}
    _known(problems, "need_issues.toml", "estate_issues", sorted(drawn), issues.estate_issues,
           "a category with issue names in [estate_issues] (needs are drawn in it)")
    _known(problems, "need_issues.toml", "estate_issues", [*issues.estate_issues, *issues.village_issues],
           categories, category)
    _known(problems, "communities.csv", "service_focus", [c.service_focus for c in t.communities],
           issues.focus_categories, "a focus listed in need_issues.toml [focus_categories]")


def _provenance(tables: DaoyiTables, problems: list[Problem]) -> None:
    t = tables
    for file, column, values in (
            ("communities.csv", "source", [c.source for c in t.communities]),
            ("estates.csv", "source", [e.source for e in t.estates]),
            ("partners.csv", "source", [p.source for p in t.partners]),
            ("partner_party_orgs.csv", "source", [o.source for o in t.partner_party_orgs]),
            ("facilities.csv", "source", [f.source for f in t.facilities]),
            ("offers.csv", "origin", [o.origin for o in t.offers]),
            ("co_builds.csv", "origin", [c.origin for c in t.co_builds]),
            ("serves.csv", "origin", [s.origin for s in t.serves])):
        _known(problems, file, column, values, PROVENANCE, "seed or synthetic")


def _communities(tables: DaoyiTables, problems: list[Problem]) -> None:
    """One secretary each, mentors 2+ years senior, and grid layouts that add up."""
    secretaries = Counter(s.community for s in tables.secretaries)
    years = {s.community: s.years_as_secretary for s in tables.secretaries}
    for c in tables.communities:
        if secretaries[c.key] != 1:
            problems.append(_problem("secretaries.csv", "community", c.key, "exactly one secretary per community"))
        estate_grids = sum(e.grids for e in tables.estates_of(c.key))
        if estate_grids > c.grids:
            problems.append(_problem("communities.csv", "grids", str(c.grids),
                                     f"at least the {estate_grids} grids of {c.key}'s estates"))
        if not 1 <= c.grid_branches <= c.grids - c.uncovered_grids:
            problems.append(_problem("communities.csv", "grid_branches", str(c.grid_branches),
                                     f"1 to the {c.grids - c.uncovered_grids} grids {c.key}'s branches cover"))
        for number in c.grids_without_fulltime_worker:
            if not 1 <= number <= c.grids:
                problems.append(_problem("communities.csv", "grids_without_fulltime_worker", str(number),
                                         f"a grid number of {c.key}, 1 to {c.grids}"))
    for pair in tables.mentor_pairs:
        if pair.mentor in years and pair.mentee in years and years[pair.mentor] - years[pair.mentee] < 2:
            problems.append(_problem("mentor_pairs.csv", "mentee", pair.mentee,
                                     f"a secretary at least 2 years junior to {pair.mentor}'s"))
