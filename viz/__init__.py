"""Offline interactive HTML maps of the network (vis-network inlined, no internet needed).

Reach for :func:`export_map` to write one layer of the network as a single
self-contained HTML file, or :func:`build_map` for the HTML text (the API).
Layers: ``circle`` (党建朋友圈), ``organization`` (组织体系), ``coverage``
(覆盖缺口) and ``focus`` (one node's neighbourhood). People's names stay
hidden unless asked for.

The names below are imported when first used: a command that writes only a
workbook (:mod:`viz.workbook`) does not import the map layers.

>>> from viz import LAYERS
>>> "circle" in LAYERS
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viz.aggregation import MAX_NODES
    from viz.export import LAYERS, Layer, build_map, export_map
    from viz.map_model import MapSummary

__all__ = ["LAYERS", "Layer", "MAX_NODES", "MapSummary", "build_map", "export_map"]

_HOMES = {"MAX_NODES": "viz.aggregation", "LAYERS": "viz.export", "Layer": "viz.export", "build_map": "viz.export",
          "export_map": "viz.export", "MapSummary": "viz.map_model"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'viz' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
