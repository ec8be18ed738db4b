"""Every package folder ships: pyproject.toml lists each folder that has an ``__init__.py``.

The packages are listed by hand (``data/`` ships as ``linli_data``), so a new
subpackage someone forgets to add would be missing from the wheel.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_LEVEL = {"graph_model": "graph_model", "loaders": "loaders", "generators": "generators", "api": "api", "viz": "viz", "cli": "cli", "data": "linli_data"}


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def package_folders() -> set[str]:
    """Dotted names of every folder with an ``__init__.py`` under the shipped top-level folders."""
    found = set()
    for folder, package in TOP_LEVEL.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            if any(p.startswith(".") or p == "__pycache__" for p in parts):
                continue
            found.add(".".join((package, *parts)))
    return found


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(pyproject()["tool"]["setuptools"]["packages"])
    missing = package_folders() - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_every_listed_package_exists() -> None:
    settings = pyproject()["tool"]["setuptools"]
    dirs = {v: k for k, v in TOP_LEVEL.items()} | settings.get("package-dir", {})
    for package in settings["packages"]:
        top, *rest = package.split(".")
        folder = (ROOT / dirs.get(top, top)).joinpath(*rest)
        if top == "linli_data" and rest:  # data folders (CSV tables) ship as namespace packages
            assert folder.is_dir() and any(folder.iterdir()), package
        else:
            assert (folder / "__init__.py").is_file(), package


def test_data_ships_as_linli_data_with_its_tables() -> None:
    settings = pyproject()["tool"]["setuptools"]
    assert settings["package-dir"]["linli_data"] == "data"
    assert {"**/*.csv", "**/*.toml"} <= set(settings["package-data"]["linli_data"])
    assert (ROOT / "data" / "taxonomy" / "Category.csv").is_file()
