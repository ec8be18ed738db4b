"""The two backends of :class:`graph_model.store.GraphStore`."""
