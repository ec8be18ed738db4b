"""A synthetic subdistrict's co-building partners: enterprises, red property, courts, schools and the rest.

Reach for :func:`draw_partners` once the territory and party orgs are drawn; it
returns the :class:`PartnerNetwork` (who offers what, reaches where, with what
capacity) that facilities and needs are drawn against.

Examples
--------
>>> from generators.city_drawing import CityTaxonomy, SubdistrictDraw
>>> from generators.city_territory import draw_party_orgs, draw_territory
>>> draw = SubdistrictDraw(0, seed=7, names=["道义"], taxonomy=CityTaxonomy())
>>> territory = draw_territory(draw)
>>> network = draw_partners(draw, territory, draw_party_orgs(draw, territory))
>>> len(network.by_sector["enterprise"]) >= 8, len(network.lonely) in (1, 2, 3)
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from generators.city_drawing import (
    ENTERPRISE_REACH,
    ENTERPRISES,
    MISSING_CAPACITY_RATE,
    RED_OWNERS_COMMITTEES,
    RED_PROPERTY_ESTATES,
    SubdistrictDraw,
)
from generators.city_territory import PartyOrgs, Territory
from generators.city_vocabulary import (
    CAPACITY,
    FIRM_WORDS,
    INDUSTRIES,
    OFFER_NOTES,
    PLACE_WORDS,
    SCARCE,
    SECTOR_OFFERS,
    SUBJECTS,
    VILLAGE_WORDS,
)

__all__ = ["PartnerNetwork", "draw_partners"]


class PartnerNetwork:
    """Partners and facilities as they are drawn: what each offers, where it reaches, its capacity.

    Attributes
    ----------
    forbidden : set of str
        Categories nobody in the subdistrict offers (the open-need gaps).
    offers : dict
        Provider id -> the categories it offers.
    reach : dict
        Provider id -> communities (by position) it sits in or co-builds with.
    capacity : dict
        Partner id -> how many needs it can have in progress (missing when unknown).
    by_sector : dict
        Sector -> partner ids.
    lonely : list of int
        Communities left without any co-building partner.
    court : str
        The name of the subdistrict's people's tribunal.
    """

    def __init__(self, draw: SubdistrictDraw, territory: Territory) -> None:
        self.draw, self.territory = draw, territory
        self.forbidden: set[str] = set()
        self.offers: dict[str, list[str]] = {}
        self.reach: dict[str, set[int]] = {}
        self.capacity: dict[str, int] = {}
        self.by_sector: dict[str, list[str]] = {}
        self.co_built: set[int] = set()
        self.lonely: list[int] = []
        self.court = ""

    def add(self, sector: str, name: str, community: int | None, co_builds: Sequence[int] = (),
            org: tuple[str, str, str] | None = None) -> str:
        """Add one Partner with its offers and co-building agreements; return its id.

        ``org`` is (name, level, parent) of a party org whose unit is the partner.
        """
        rng, rows, cids = self.draw.rng, self.draw.rows, self.territory.community_ids
        pid = f"{self.draw.sid}-p{len(rows['Partner']) + 1:03d}"
        low, high = CAPACITY[sector]
        if rng.random() >= MISSING_CAPACITY_RATE:
            self.capacity[pid] = rng.randint(low, high)
        rows["Partner"].append((pid, name, sector, "" if community is None else cids[community],
                                self.capacity.get(pid, "")))
        self.offer(pid, SECTOR_OFFERS[sector], rng.randint(1, 4))
        co_builds = [c for c in co_builds if c not in self.lonely]
        projects = ";".join(self.draw.taxonomy.names[k] for k in self.offers[pid][:2]) or "党建共建"
        rows["CO_BUILDS"].extend((pid, cids[c], self.draw.date(2018), projects) for c in co_builds)
        self.co_built.update(co_builds)
        self.reach[pid] = {*co_builds, *(() if community is None else (community,))}
        self.by_sector.setdefault(sector, []).append(pid)
        if org is not None:
            rows["PartyOrg"].append((f"{pid}-po", *org, pid))
        return pid

    def offer(self, provider: str, categories: tuple[str, ...], k: int) -> None:
        """``provider`` OFFERS up to ``k`` of ``categories`` (none of the forbidden ones)."""
        pool = [c for c in categories if c not in self.forbidden]
        chosen = self.draw.rng.sample(pool, min(k, len(pool)))
        self.offers[provider] = chosen
        rnd = self.draw.rng.random
        self.draw.rows["OFFERS"].extend(
            (provider, c, OFFER_NOTES[int(rnd() * len(OFFER_NOTES))] if rnd() < 0.2 else "")
            for c in chosen)

    def somewhere(self, p: float) -> int | None:
        """A random community with probability ``p``, else None (the partner sits outside)."""
        rng = self.draw.rng
        return rng.randrange(len(self.territory.community_ids)) if rng.random() < p else None

    def serves(self, pid: str, communities: list[int] | None = None) -> None:
        """``pid`` SERVES these communities, or the whole subdistrict when None."""
        cids = self.territory.community_ids
        targets = [self.draw.sid] if communities is None else [cids[c] for c in communities]
        self.draw.rows["SERVES"].extend((pid, t) for t in targets)


def draw_partners(draw: SubdistrictDraw, territory: Territory, orgs: PartyOrgs) -> PartnerNetwork:
    """Co-building partners of every sector, red property and owners' committees."""
    rng, rnd, n = draw.rng, draw.rng.random, len(territory.community_ids)
    network = PartnerNetwork(draw, territory)
    add = network.add
    for k in rng.sample(SCARCE, 2):
        network.forbidden.update((k, *draw.taxonomy.ancestors[k]))
    reached = rng.sample(range(n), ENTERPRISE_REACH)
    network.lonely = lonely = rng.sample([c for c in range(n) if c not in reached], rng.randint(1, 3))
    allowed = [c for c in range(n) if c not in lonely]
    for e in range(ENTERPRISES):
        co = reached[e::ENTERPRISES]
        co += [c for c in rng.sample(reached, rng.randint(0, 2)) if c not in co]
        name = rng.choice(FIRM_WORDS) + rng.choice(INDUSTRIES) + rng.choice(("有限公司", "集团"))
        add("enterprise", name, network.somewhere(0.75), co, (name + "党支部", "enterprise", orgs.committee))
    for _ in range(rng.randint(0, 3)):
        add("enterprise", rng.choice(FIRM_WORDS) + rng.choice(INDUSTRIES) + "有限公司", network.somewhere(0.75))
    # Red property: companies with a party org manage exactly 12 estates.
    urban_estates = [(c, e) for c in range(n) if territory.urban[c] for e in territory.estates[c]]
    red = rng.sample(urban_estates, RED_PROPERTY_ESTATES)
    firms = rng.sample(FIRM_WORDS, 16)
    companies = rng.randint(4, 7)
    plain: list[list[tuple[int, str]]] = [[] for _ in range(rng.randint(4, 9))]  # (community, estate) per company
    for ce in urban_estates:
        if ce not in red and rnd() < 0.75:
            plain[int(rnd() * len(plain))].append(ce)
    for i, managed in enumerate([red[i::companies] for i in range(companies)] + plain):
        c = managed[0][0] if managed else rng.randrange(n)
        name = firms[i] + "物业服务有限公司"
        org = (name + "党支部", "property", orgs.community_orgs[c]) if i < companies else None
        pid = add("property_company", name, c, [c] if rnd() < 0.5 else [], org)
        draw.rows["MANAGES"].extend((pid, e) for _, e in managed)
    for i, (c, estate_id) in enumerate(rng.sample(urban_estates, RED_OWNERS_COMMITTEES + rng.randint(0, 2))):
        estate = territory.estate_names[estate_id]
        org = (estate + "业委会党支部", "owners_committee", orgs.community_orgs[c])
        add("owners_committee", estate + "业主委员会", c, [c] if rnd() < 0.5 else [],
            org if i < RED_OWNERS_COMMITTEES else None)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(("沈阳", "辽宁", "沈北", "盛京")) + rng.choice(SUBJECTS) + rng.choice(("大学", "学院"))
        pid = add("university", name, network.somewhere(0.3), rng.sample(allowed, rng.randint(1, 3)))
        network.serves(pid, rng.sample(range(n), rng.randint(0, 2)))
    for kind in rng.sample(("中医院", "人民医院", "妇幼保健院"), rng.randint(1, 2)):
        pid = add("hospital", f"{draw.district}区{kind}", network.somewhere(0.5),
                  rng.sample(allowed, rng.randint(0, 2)))
        if rnd() < 0.6:
            network.serves(pid)
    network.court = f"{draw.district}区人民法院{rng.choice(VILLAGE_WORDS)}法庭"
    court = add("court", network.court, network.somewhere(0.5), rng.sample(allowed, rng.randint(0, 1)))
    town = draw.name.removesuffix("街道")
    police = add("police", town + "派出所", rng.randrange(n), rng.sample(allowed, rng.randint(0, 1)))
    urban_management = add("urban_management", town + "城管执法中队", rng.randrange(n))
    for pid in (court, police, urban_management):
        network.serves(pid)
    for _ in range(rng.randint(2, 4)):
        c = rng.randrange(n)
        add("school", rng.choice(PLACE_WORDS) + rng.choice(("小学", "中学", "幼儿园")), c,
            [c] if rnd() < 0.5 else [])
    for _ in range(rng.randint(3, 6)):
        name = rng.choice(FIRM_WORDS) + rng.choice(("社会工作服务中心", "志愿者协会", "养老服务中心", "调解工作室"))
        pid = add("social_organization", name, rng.randrange(n), rng.sample(allowed, rng.randint(1, 2)))
        network.serves(pid, rng.sample(range(n), rng.randint(0, 2)))
    for c in rng.sample(allowed, rng.randint(1, 3)):
        add("community_company", territory.place_words[c] + "社区服务有限公司", c, [c])
    for office in rng.sample(("人社局", "住建局", "民政局", "医保局", "不动产登记中心"), rng.randint(2, 3)):
        network.serves(add("government", f"{draw.district}区{office}", None))
    for _ in range(rng.randint(1, 3)):
        add("other", rng.choice(FIRM_WORDS) + rng.choice(("快递驿站", "超市", "银行支行")), rng.randrange(n))
    # Only the lonely communities go without a co-building agreement.
    helpers = network.by_sector["social_organization"]
    for c in allowed:
        if c not in network.co_built:
            pid = helpers[int(rnd() * len(helpers))]
            draw.rows["CO_BUILDS"].append((pid, territory.community_ids[c], draw.date(2018), "党建共建"))
            network.reach[pid].add(c)
    return network
