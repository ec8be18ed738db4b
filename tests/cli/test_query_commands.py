"""``linli match``, ``linli gaps`` and ``linli mentors`` on the hand-made ``queries_small`` dataset.

The expected numbers are the hand computations of tests/graph_model/test_*.py
(see tests/fixtures/queries_small/README.md); here we check what a user or a
script sees: the JSON shapes, the tables, and clean errors (exit 2, the
nearest ids, no traceback).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cli import common
from cli.app import app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "queries_small"
# `make test` exports LINLI_NEO4J_URI (the --neo4j envvar); these commands must read the fixture.
ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1"}

MATCH_KEYS = ["id", "name", "kind", "sector", "score", "fit", "tie", "record", "capacity", "in_area", "reasons"]


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide enough that no Chinese name is wrapped inside a table cell, whatever COLUMNS says."""
    for console in (common.console, common.errors):
        monkeypatch.setattr(console, "_width", 200)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["--lang", "en", *args, "--data", str(FIXTURE)], env=ENV)


def run_json(*args: str) -> object:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- match ----------------------------------------------------------------------------------


def test_match_json_shape_and_values() -> None:
    out = run_json("match", "--community", "c-north", "--category", "meal_delivery")
    assert list(out) == ["community", "category", "results"]
    assert (out["community"], out["category"]) == ("c-north", "meal_delivery")
    assert all(list(r) == MATCH_KEYS for r in out["results"])
    # default limit 5; scores by hand: 0.975, 0.75, 0.7267, then the 0.59 tie ordered by id
    assert [(r["id"], r["score"]) for r in out["results"]] == [
        ("pt-meals-coop", 0.975),
        ("pt-charity", 0.75),
        ("pt-jiazheng", 0.7267),
        ("f-north-center", 0.59),
        ("pt-hospital", 0.59),
    ]
    coop = out["results"][0]
    assert coop == {
        "id": "pt-meals-coop",
        "name": "幸福送餐合作社",
        "kind": "Partner",
        "sector": "social_organization",
        "score": 0.975,
        "fit": 1.0,
        "tie": 1.0,
        "record": 1.0,
        "capacity": 0.75,
        "in_area": True,
        "reasons": coop["reasons"],
    }
    assert isinstance(coop["reasons"], list) and all(isinstance(x, str) for x in coop["reasons"])
    assert out["results"][3]["sector"] == "service_center"  # a facility reports its type


def test_match_json_keeps_chinese_unescaped() -> None:
    result = run("match", "--community", "北苑社区", "--category", "送餐上门", "--limit", "1", "--json")
    assert result.exit_code == 0
    assert "幸福送餐合作社" in result.stdout and "\\u" not in result.stdout
    assert json.loads(result.stdout)["community"] == "c-north"


def test_match_by_need_in_area_only() -> None:
    out = run_json("match", "--need", "n-o4", "--in-area-only")
    assert list(out) == ["community", "category", "need", "results"]
    assert (out["community"], out["category"], out["need"]) == ("c-river", "meal_delivery", "n-o4")
    # against c-river only pt-river-foods is tied: 0.4 + 0.3·1 + 0.2/3 + 0.1·1 = 0.8667
    assert [(r["id"], r["score"], r["in_area"]) for r in out["results"]] == [("pt-river-foods", 0.8667, True)]


def test_match_limit_and_out_of_area() -> None:
    out = run_json("match", "--community", "c-north", "--category", "meal_delivery", "--limit", "11")
    assert len(out["results"]) == 11  # every candidate, pt-halal (a narrower offer) included
    assert [r["id"] for r in out["results"] if not r["in_area"]] == ["pt-river-foods", "pt-volunteers"]
    assert len(run_json("match", "--community", "c-north", "--category", "meal_delivery", "--limit", "10")["results"]) == 10


def test_match_table() -> None:
    result = run("match", "--community", "c-north", "--category", "meal_delivery", "--limit", "3")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "送餐上门" in text and "北苑社区" in text
    for expected in ("幸福送餐合作社", "pt-meals-coop", "0.9750", "东城慈善基金会", "0.7500", "北苑家政公司", "0.7267"):
        assert expected in text
    assert "pt-hospital" not in text  # limit 3
    assert text.index("pt-meals-coop") < text.index("pt-charity") < text.index("pt-jiazheng")


def test_match_table_says_when_nothing_is_in_area() -> None:
    result = run("match", "--need", "n-o2", "--in-area-only")
    assert result.exit_code == 0
    assert "No partner" in result.stdout and "pt-law" not in result.stdout


# -- gaps -----------------------------------------------------------------------------------


def test_gaps_json_shape_and_counts() -> None:
    out = run_json("gaps")
    assert list(out) == ["gaps", "summary", "by_community"]
    assert all(list(g) == ["kind", "subject", "subject_name", "community", "detail"] for g in out["gaps"])
    assert len(out["gaps"]) == 30 == sum(out["summary"].values()) == sum(out["by_community"].values())
    assert out["summary"]["community_without_service_center"] == 5
    assert out["by_community"] == {"c-hill": 3, "c-lake": 2, "c-new": 5, "c-north": 8, "c-old": 3, "c-river": 3, "c-south": 6}
    first = out["gaps"][0]
    assert first == {
        "kind": "building_without_head",
        "subject": "b-north-2",
        "subject_name": "北苑2号楼",
        "community": "c-north",
        "detail": first["detail"],
    }


def test_gaps_json_filters() -> None:
    out = run_json("gaps", "--community", "南苑社区", "--kind", "grid_without_branch", "--kind", "estate_without_red_property")
    assert [(g["kind"], g["subject"]) for g in out["gaps"]] == [
        ("grid_without_branch", "g-south-2"),
        ("estate_without_red_property", "e-south-a"),
    ]
    assert out["summary"] == {"grid_without_branch": 1, "estate_without_red_property": 1}
    assert out["by_community"] == {"c-south": 2}


def test_gaps_table() -> None:
    result = run("gaps", "--kind", "need_without_resolver")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "need without resolver" in text
    for expected in ("n-o2", "山前邻里纠纷咨询", "n-o3", "c-new"):
        assert expected in text
    assert "n-o1" not in text and "n-ip7" not in text


def test_gaps_rejects_an_unknown_kind() -> None:
    result = run("gaps", "--kind", "grid_without_brunch")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# -- mentors --------------------------------------------------------------------------------


def test_mentors_json_shape_and_values() -> None:
    out = run_json("mentors")
    assert list(out) == ["existing", "proposed", "total_weight", "unpaired"]
    assert out["existing"] == [{"mentor": "p-old", "mentee": "p-sun"}]
    # keep, subdistrict: wang→li 1 + 2 + 1 + 0 + 0.195 + 0.5 = 4.695
    assert [(p["mentor"], p["mentee"], p["weight"]) for p in out["proposed"]] == [("p-wang", "p-li", 4.695)]
    assert all(list(p) == ["mentor", "mentee", "weight", "terms"] for p in out["proposed"])
    assert out["total_weight"] == 4.695
    assert out["unpaired"] == [{"id": "p-zhao", "reason": "no eligible partner"}, {"id": "p-zhou", "reason": "odd one out"}]


def test_mentors_json_fresh_all() -> None:
    out = run_json("mentors", "--mode", "fresh", "--scope", "all")
    assert out["existing"] == []
    # wang→li 4.695 + zhao→sun 6.35 = 11.045 (zhao→li, the heaviest, would leave one pair)
    assert [(p["mentor"], p["mentee"]) for p in out["proposed"]] == [("p-wang", "p-li"), ("p-zhao", "p-sun")]
    assert out["total_weight"] == pytest.approx(11.045)
    assert out["total_weight"] == pytest.approx(sum(p["weight"] for p in out["proposed"]))
    assert out["unpaired"] == [{"id": "p-zhou", "reason": "odd one out"}]


def test_mentors_table() -> None:
    result = run("mentors", "--scope", "all")
    assert result.exit_code == 0, result.output
    text = result.stdout
    # keep, all: wang→li + zhao→zhou = 4.695 + 5.125 = 9.82
    for expected in ("王建国", "李娜", "赵刚", "周敏", "9.8200", "孙丽"):
        assert expected in text
    assert "unpaired" not in text


def test_mentors_rejects_a_bad_mode() -> None:
    result = run("mentors", "--mode", "greedy")
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "nearest"),
    [
        (("match", "--community", "c-nort", "--category", "meal_delivery"), "unknown community 'c-nort'", "c-north"),
        (("match", "--community", "c-north", "--category", "meal_delivry"), "unknown category 'meal_delivry'", "meal_delivery"),
        (("match", "--need", "n-oo4"), "unknown need 'n-oo4'", "n-o4"),
        (("gaps", "--community", "c-nort"), "unknown community 'c-nort'", "c-north"),
    ],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_unknown_ids_exit_2_with_the_nearest_ids(args: tuple[str, ...], message: str, nearest: str, as_json: bool) -> None:
    result = run(*args, *(["--json"] if as_json else []))
    assert result.exit_code == 2
    stderr = " ".join(result.stderr.split())
    assert message in stderr
    assert nearest in stderr.split("did you mean", 1)[1]
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_match_needs_a_need_or_a_community_and_a_category() -> None:
    result = run("match", "--community", "c-north")
    assert result.exit_code == 2
    assert "category" in result.stderr and "Traceback" not in result.output
