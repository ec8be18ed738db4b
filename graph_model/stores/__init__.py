"""The two backends of :class:`graph_model.store.GraphStore`: :mod:`~graph_model.stores.memory` (embedded) and :mod:`~graph_model.stores.neo4j`."""
