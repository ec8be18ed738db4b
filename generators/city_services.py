"""A synthetic subdistrict's facilities and residents' needs, drawn against its partners.

Reach for :func:`draw_facilities` (service centers and stations in 17
communities, canteens, studios, tea houses ...) and then :func:`draw_needs`
(needs whose resolver, when there is one, offers their category).

Examples
--------
>>> from generators.city_drawing import CityTaxonomy, SubdistrictDraw
>>> from generators.city_partners import draw_partners
>>> from generators.city_people import draw_people
>>> from generators.city_territory import draw_party_orgs, draw_territory
>>> draw = SubdistrictDraw(0, seed=7, names=["道义"], taxonomy=CityTaxonomy())
>>> territory = draw_territory(draw)
>>> orgs = draw_party_orgs(draw, territory)
>>> secretaries = draw_people(draw, territory, orgs)
>>> network = draw_partners(draw, territory, orgs)
>>> draw_facilities(draw, network, secretaries)
>>> draw_needs(draw, network)
>>> sum(row[2] == "service_center" for row in draw.rows["Facility"]), 100 <= len(draw.rows["Need"]) <= 140
(12, True)
"""

from __future__ import annotations

from generators.city_drawing import SERVICE_CENTERS, SERVICE_STATIONS, SubdistrictDraw
from generators.city_partners import PartnerNetwork
from generators.city_vocabulary import AREA_M2, FACILITY_NAMES, FACILITY_OFFERS, NEED_PHRASES, TEA_HOUSES

__all__ = ["draw_facilities", "draw_needs"]


def draw_facilities(draw: SubdistrictDraw, network: PartnerNetwork, secretaries: list[str]) -> None:
    """Service centers and stations in 17 communities, and every other facility type.

    ``secretaries`` are the community secretaries' names (a studio is named after one).
    """
    territory = network.territory
    rng, rnd, n = draw.rng, draw.rng.random, len(territory.community_ids)
    urban = [c for c in range(n) if territory.urban[c]]
    centers = rng.sample(range(n), SERVICE_CENTERS)
    rest = [c for c in urban if c not in centers]
    if len(rest) < SERVICE_STATIONS:
        rest = [c for c in range(n) if c not in centers]
    plan = [("service_center", c) for c in centers]
    plan += [("service_station", c) for c in rng.sample(rest, SERVICE_STATIONS)]
    plan += [("canteen", c) for c in rng.sample(urban, 4)]
    plan += [("secretary_studio", c) for c in rng.sample(urban, 3)]
    plan += [("tea_house", c) for c in rng.sample(range(n), 3)]
    plan += [(kind, rng.choice(urban)) for kind in ("health_center", "minor_protection_center",
                                                   "circuit_court")]
    plan += [("health_station", rng.randrange(n)) for _ in range(rng.randint(2, 4))]
    plan += [("parlor", rng.randrange(n)) for _ in range(rng.randint(2, 4))]
    plan += [("other", rng.randrange(n)) for _ in range(rng.randint(1, 3))]
    tea_houses = iter(rng.sample(TEA_HOUSES, 3))
    sector = network.by_sector
    operators = {"canteen": sector.get("community_company", []) + sector["social_organization"],
                 "health_station": sector["hospital"], "health_center": sector["hospital"],
                 "circuit_court": sector["court"]}
    numbers = [0] * n
    for kind, c in plan:
        numbers[c] += 1
        fid = f"{territory.community_ids[c]}-f{numbers[c]:02d}"
        estates = territory.estates[c]
        community = territory.community_names[c]
        name = FACILITY_NAMES[kind].format(
            community=community, secretary=secretaries[c], court=network.court,
            tea_house=next(tea_houses) if kind == "tea_house" else "",
            estate=territory.estate_names[rng.choice(estates)] if kind == "service_station" and estates
            else community)
        candidates = operators.get(kind, ())
        operator = rng.choice(candidates) if candidates and rnd() < 0.8 else ""
        low, high = AREA_M2[kind]
        draw.rows["Facility"].append((fid, name, kind, territory.community_ids[c], operator,
                                      rng.randint(low, high)))
        network.offer(fid, FACILITY_OFFERS[kind], rng.randint(1, 3))
        network.reach[fid] = {c}


def draw_needs(draw: SubdistrictDraw, network: PartnerNetwork) -> None:
    """Needs; the ones in progress or resolved name a provider that offers their category."""
    rng, rnd, tax, territory = draw.rng, draw.rng.random, draw.taxonomy, network.territory
    cids = territory.community_ids
    providers: dict[str, list[str]] = {}  # category -> who offers it or an ancestor
    for pid, offered in network.offers.items():
        for k in offered:
            for covered in tax.covered[k]:
                found = providers.setdefault(covered, [])
                if not found or found[-1] != pid:
                    found.append(pid)
    load: dict[str, int] = {}
    households = [row[4] for row in draw.rows["Community"]]
    count = rng.randint(100, 140)
    places = rng.choices(range(len(cids)), households, k=count)
    sources = rng.choices(("tea_house", "hotline_12345", "grid_patrol", "survey", "other"),
                          (15, 35, 30, 10, 10), k=count)
    numbers = [0] * len(cids)
    pool = tax.need_pool
    for c, source in zip(places, sources):
        category = pool[int(rnd() * len(pool))]
        r = rnd()
        status = "open" if r < 0.3 else "in_progress" if r < 0.5 else "resolved"
        resolver = ""
        if status != "open":
            options = providers.get(category, [])
            if status == "in_progress":
                options = [p for p in options if load.get(p, 0) < network.capacity.get(p, count)]
            local = [p for p in options if c in network.reach[p]]
            options = local if local and rnd() < 0.75 else options
            if options:
                resolver = options[int(rnd() * len(options))]
                if status == "in_progress":
                    load[resolver] = load.get(resolver, 0) + 1
            else:
                status = "open"
        estates = territory.estates[c]
        place = (territory.estate_names[rng.choice(estates)] if estates and rnd() < 0.5
                 else territory.community_names[c])
        numbers[c] += 1
        name = place + NEED_PHRASES.get(category, tax.names[category] + "需求")
        affected = 1 + int(rnd() ** 3 * 300)  # most needs touch a few households, some hundreds
        draw.rows["Need"].append((f"{cids[c]}-n{numbers[c]:03d}", name, cids[c], category,
                                  status, affected, source, draw.date(2023), resolver))
