"""The HTTP API (FastAPI) over a graph store."""
