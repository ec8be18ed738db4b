"""Planning over the whole network: the three rates, dispatch of every open need, recruitment plans, what-if.

Reach for

- :func:`~graph_model.planning.rates.three_rates` — 响应率 · 解决率 · 满意率 by subdistrict, community or partner;
- :func:`~graph_model.planning.dispatch.propose_dispatch` — the exact dispatch of every open need (派单方案), greedy beside it;
- :func:`~graph_model.planning.recruitment.recruitment_plan` — which new co-building agreements close the most gaps (共建招募);
- :func:`~graph_model.planning.what_if.without` — the network as if some partners or facilities left (假如退出).

Their rules are PLANNING.md's, restated for users in docs/data-model.md.
Each works over any :class:`~graph_model.store.GraphStore` through the
protocol's reads, so both backends answer identically by construction.
"""
