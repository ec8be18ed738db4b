"""Daoyi's co-building network: partners, facilities, and who offers, co-builds with, serves and manages what.

Reach for :func:`draw_network`, the fourth stage of the build. Everything
here is in the tables (partners, facilities, offers, agreements, service
areas, managed estates, each link with its provenance) except the floor
areas of the service centers and stations, which are drawn.

Examples
--------
>>> from generators.daoyi.draft import Draft
>>> from generators.daoyi.table_files import read_tables
>>> draft = Draft(read_tables())
>>> draw_network(draft)
>>> len(draft.nodes["Partner"]), len(draft.nodes["Facility"]), len(draft.rels["OFFERS"])
(42, 33, 160)
"""

from __future__ import annotations

from generators.daoyi.draft import SYNTHETIC, Draft, Row
from generators.daoyi.table_rows import Offer

__all__ = ["draw_network"]

# Floor area (m², range and step) of a service center / station, which the article does not give.
SERVICE_POINT_AREA = {"service_center": (600, 1600, 50), "service_station": (120, 400, 20)}


def draw_network(draft: Draft) -> None:
    """Append the Partner and Facility rows and the OFFERS, CO_BUILDS, SERVES and MANAGES rows."""
    tables, nodes, rels = draft.tables, draft.nodes, draft.rels
    ids = {c.key: c.id for c in tables.communities}
    for p in tables.partners:
        nodes["Partner"].append({"id": p.id, "name": p.name, "sector": p.sector,
                                 "community": ids[p.community] if p.community else "",
                                 "capacity": "" if p.capacity is None else p.capacity, "source": p.source,
                                 "alias": p.alias, "note": p.note})
    offers: dict[str, list[Offer]] = {}
    for offer in tables.offers:
        offers.setdefault(offer.provider, []).append(offer)
    for facility in (*_service_points(draft, offers), *_facility_rows(draft)):
        nodes["Facility"].append(facility)
        rels["OFFERS"].extend(_offer_row(o) for o in offers.get(facility["id"], []))
    for p in tables.partners:
        rels["OFFERS"].extend(_offer_row(o) for o in offers.get(p.id, []))
    for c in tables.co_builds:
        rels["CO_BUILDS"].append({"source": c.partner, "target": ids[c.community], "since": c.since,
                                  "projects": c.projects, "origin": c.origin})
    for s in tables.serves:
        rels["SERVES"].append({"source": s.partner, "target": s.target, "origin": s.origin})
    for m in tables.managed:
        rels["MANAGES"].append({"source": m.partner, "target": f"e-{m.estate}", "origin": SYNTHETIC})


def _offer_row(offer: Offer) -> Row:
    return {"source": offer.provider, "target": offer.category, "note": offer.note, "origin": offer.origin}


def _service_points(draft: Draft, offers: dict[str, list[Offer]]) -> list[Row]:
    """Service centers (named after their community) and stations (after their estate), with drawn areas."""
    rows = []
    for point in draft.tables.service_points:
        community = draft.tables.community(point.community)
        if point.type == "service_center":
            name = f"{community.name}党群服务中心"
            promotes = any(o.category == "enterprise_promotion" for o in offers.get(point.id, []))
            note = "企业宣传角" if promotes else ""
        else:
            name, note = f"{point.estate_name}小区党群服务站", ""
        rows.append(_facility_row(point.id, name, point.type, community.id, "",
                                  draft.rng.randrange(*SERVICE_POINT_AREA[point.type]), SYNTHETIC, note))
    return rows


def _facility_rows(draft: Draft) -> list[Row]:
    return [_facility_row(f.id, f.name, f.type, draft.tables.community(f.community).id, f.operator,
                          "" if f.area_m2 is None else f.area_m2, f.source, f.note)
            for f in draft.tables.facilities]


def _facility_row(fid: str, name: str, kind: str, community: str, operator: str, area: int | str, source: str,
                  note: str) -> Row:
    return {"id": fid, "name": name, "type": kind, "community": community, "operator": operator, "area_m2": area,
            "source": source, "note": note}
