"""A taxonomy tens of thousands of categories deep is walked in linear time (issue 16, item 8).

A 40,000-deep chain of categories took 116 s to validate: every category's
walk up to the root was done again from scratch. The walks are counted here
(each category's parent is looked up a bounded number of times), so the tests
say "linear" without timing anything; the 40,000-deep dataset is validated
for real, which took minutes before.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from graph_model.errors import DatasetError
from graph_model.taxonomy import lineage, on_a_cycle
from graph_model.time_limits import CategoryLimits, TimeLimits, inherit
from loaders.dataset import load_dataset
from tests.loaders.builders import small_network, write_dataset

DEPTH = 40_000


class CountingParents(dict):
    """A child → parent mapping that counts every lookup."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.lookups: Counter[str] = Counter()

    def get(self, key, default=None):  # type: ignore[override]
        self.lookups[key] += 1
        return super().get(key, default)


def chain(depth: int) -> dict[str, str]:
    return {f"d{i}": f"d{i - 1}" for i in range(1, depth)}


def test_finding_cycles_looks_each_parent_up_once() -> None:
    parents = CountingParents(chain(DEPTH))
    parents["d0"] = f"d{DEPTH - 1}"  # close the chain into one cycle of every category
    assert on_a_cycle(parents) == set(parents)
    assert max(parents.lookups.values()) == 1


def test_a_chain_into_a_cycle_reports_only_the_cycle() -> None:
    parents = chain(1_000) | {"d0": "d5"}
    assert on_a_cycle(parents) == {f"d{i}" for i in range(6)}


def test_the_lineage_of_the_deepest_category_is_one_walk() -> None:
    parents = {k: [v] for k, v in chain(DEPTH).items()}
    calls = Counter[str]()

    def parents_of(k: str) -> list[str] | None:
        calls[k] += 1
        return parents.get(k)

    assert lineage(f"d{DEPTH - 1}", parents_of) == [f"d{i}" for i in reversed(range(DEPTH))]
    assert max(calls.values()) == 1


def test_time_limits_inherit_down_a_deep_chain() -> None:
    rows = {f"d{i}": CategoryLimits([f"d{i - 1}"] if i else [], 3 if i == 0 else None, 9 if i == 20_000 else None)
            for i in range(DEPTH)}
    limits = inherit(rows)
    assert limits[f"d{DEPTH - 1}"] == TimeLimits(3, 9)
    assert limits["d19999"] == TimeLimits(3, 15)
    assert list(limits) == sorted(rows)


def test_time_limits_round_a_cycle_start_from_each_category() -> None:
    rows = {"a": CategoryLimits(["b"], 1, None), "b": CategoryLimits(["c"], None, 7), "c": CategoryLimits(["a"], None, None),
            "t": CategoryLimits(["c"], None, None)}
    assert inherit(rows) == {"a": TimeLimits(1, 7), "b": TimeLimits(1, 7), "c": TimeLimits(1, 7), "t": TimeLimits(1, 7)}
    rows["b"] = CategoryLimits(["c"], 2, 7)
    assert inherit(rows)["c"] == TimeLimits(1, 7) and inherit(rows)["b"] == TimeLimits(2, 7)


@pytest.fixture(scope="module")
def deep_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nodes, relationships = small_network()
    nodes["Category"] = [{"id": "d0", "name": "深0", "parent": None}] + [
        {"id": f"d{i}", "name": f"深{i}", "parent": f"d{i - 1}"} for i in range(1, DEPTH)
    ]
    return write_dataset(tmp_path_factory.mktemp("deep") / "ds", nodes=nodes, relationships=relationships)


def test_a_40000_deep_category_chain_validates(deep_dataset: Path) -> None:
    dataset = load_dataset(deep_dataset)
    assert sum(1 for n in dataset.nodes if n.id.startswith("d") and n.kind.value == "Category") == DEPTH


@pytest.mark.usefixtures("english")  # the assertion quotes the message in English, its source language
def test_a_40000_deep_cycle_is_reported_at_each_of_its_rows(deep_dataset: Path, tmp_path: Path) -> None:
    text = (deep_dataset / "nodes" / "Category.csv").read_text(encoding="utf-8")
    broken = tmp_path / "ds"

    shutil.copytree(deep_dataset, broken)
    (broken / "nodes" / "Category.csv").write_text(text.replace("d0,深0,\n", f"d0,深0,d{DEPTH - 1}\n"), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(broken)
    assert caught.value.truncated  # every row of the cycle is a problem: capped
    assert all("cycle" in p.expected for p in caught.value.problems)
