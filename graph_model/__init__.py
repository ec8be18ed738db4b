"""The core of Linli: schema, the store interface and its backends, the three queries.

Reach for :mod:`graph_model.schema` for the data model,
:class:`graph_model.store.GraphStore` for the store interface,
:class:`graph_model.stores.memory.store.MemoryStore` for the embedded backend and
:mod:`graph_model.queries` for partner matching, coverage gaps and mentor pairing.
"""
