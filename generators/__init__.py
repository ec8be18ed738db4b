"""Datasets made rather than read: synthetic cities and the bundled Daoyi dataset.

Reach for :func:`generate_dataset` (``linli generate``) for a synthetic city of
Daoyi-shaped subdistricts, any size, byte-identical for a seed. The bundled
Daoyi dataset (``data/daoyi``) is written by :mod:`generators.daoyi`
(``python -m generators.daoyi``) from the hand-written tables it ships.
"""

from generators.synthetic_city import STRENGTHS, GeneratedCounts, generate_dataset

__all__ = ["GeneratedCounts", "STRENGTHS", "generate_dataset"]
