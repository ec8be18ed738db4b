"""Dataset files (CSV folder, ``.xlsx`` workbook) → validated rows → a graph store.

Reach for :func:`load_dataset` (validate) and :func:`load_into` (validate and store).
"""

from loaders.dataset import bundled_dataset_path, default_taxonomy, load_dataset, load_into
from loaders.validation import Dataset

__all__ = ["Dataset", "bundled_dataset_path", "default_taxonomy", "load_dataset", "load_into"]
