"""Offline interactive HTML maps of the network (vis-network inlined, no internet needed).

Reach for :func:`export_map` to write one layer of the network as a single
self-contained HTML file, or :func:`build_map` for the HTML text (the API).
Layers: ``circle`` (党建朋友圈), ``organization`` (组织体系), ``coverage``
(覆盖缺口) and ``focus`` (one node's neighbourhood). People's names stay
hidden unless asked for.
"""

from viz.aggregation import MAX_NODES
from viz.export import LAYERS, Layer, build_map, export_map
from viz.map_model import MapSummary

__all__ = ["LAYERS", "Layer", "MAX_NODES", "MapSummary", "build_map", "export_map"]
