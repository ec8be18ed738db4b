"""The HTTP API (FastAPI) over a graph store; :func:`api.main.create_app` builds it, ``linli serve`` runs it."""
