"""A synthetic city loaded as one ``.xlsx`` workbook against the same city as a CSV folder.

    .venv/bin/python bench/ledger_workbook.py --subdistricts 20            # generate, write the workbook, measure
    .venv/bin/python bench/ledger_workbook.py --subdistricts 20 --write-doc  # and update docs/benchmarks.md

The city is what ``linli generate`` writes; the workbook holds each of its
tables as a sheet (written with xlsxwriter, strings inline as Excel's own
shared-string table would hold them, numbers as numbers). Each figure comes
from its own child process, so each peak memory is its own:

- ``csv``: :func:`loaders.load_dataset` of the folder;
- ``xlsx``: :func:`loaders.load_dataset` of the workbook (python-calamine, after
  the zip and extent checks of :mod:`loaders.workbook`);
- ``read-calamine`` and ``read-openpyxl``: only turning every sheet into rows of
  values, with python-calamine and with openpyxl's read-only mode (the reader
  the loader used before) — why the loader reads workbooks with calamine.

The figures go to stdout as JSON; ``--write-doc`` replaces the section between
this script's markers in docs/benchmarks.md (``bench/run.py`` does not run it).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from measure import GIB, emit, machine, peak_rss_bytes, progress, timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- ledger_workbook: begin -->", "<!-- ledger_workbook: end -->"


def write_workbook(folder: Path, out: Path) -> int:
    """Every CSV table of ``folder`` as a sheet of ``out``; numbers stay numbers. Returns the rows written."""
    import xlsxwriter

    rows = 0
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    for section in ("nodes", "relationships"):
        for file in sorted((folder / section).glob("*.csv")):
            sheet = book.add_worksheet(file.stem)
            with file.open(encoding="utf-8-sig", newline="") as handle:
                for r, record in enumerate(csv.reader(handle)):
                    for c, cell in enumerate(record):
                        if r and cell and _number(cell):
                            sheet.write_number(r, c, float(cell))
                        elif cell:
                            sheet.write_string(r, c, cell)
                    rows += 1
    book.close()
    return rows


def _number(text: str) -> bool:
    if not text[:1].isdigit() and text[:1] != "-":
        return False
    try:
        float(text)
    except ValueError:
        return False
    return text == text.strip() and not (len(text) > 1 and text[0] == "0" and text[1] != ".")  # ids like 007 stay text


def part(name: str, path: Path) -> dict[str, Any]:
    """One figure, measured in this process."""
    from loaders import load_dataset
    from loaders.dataset import collector_paused

    with collector_paused(), timed() as took:
        if name in ("csv", "xlsx"):
            dataset = load_dataset(path)
            count = sum(dataset.counts())
        elif name == "read-calamine":
            from loaders.workbook import read_sheets

            count = sum(sum(1 for _ in sheet.rows) for sheet in read_sheets(path))
        elif name == "read-openpyxl":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            count = sum(sum(1 for _ in sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
            book.close()
        else:
            raise SystemExit(f"unknown part {name}")
    return {"part": name, "count": count, **took.as_dict(), "peak_rss_gib": round(peak_rss_bytes() / GIB, 3)}


def child(name: str, path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--part", name, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown(figures: dict[str, Any]) -> str:
    p = figures["parts"]
    ratio, cpu_ratio = p["xlsx"]["wall"] / p["csv"]["wall"], p["xlsx"]["cpu"] / p["csv"]["cpu"]
    lines = [
        BEGIN,
        f"## Ledger workbook: a city as one Excel workbook against the same city as CSV (`bench/ledger_workbook.py`)",
        "",
        f"City: {figures['subdistricts']} subdistricts, {figures['rows']:,} rows in {figures['tables']} tables; "
        f"workbook {figures['xlsx_mb']:.1f} MB, CSV folder {figures['csv_mb']:.1f} MB. "
        f"Machine: {figures['machine']}.",
        "",
        "| what | rows or nodes+relationships | wall s | CPU s | peak RSS GiB |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "csv": "`load_dataset` of the CSV folder",
        "xlsx": "`load_dataset` of the workbook (python-calamine, with the size checks)",
        "read-calamine": "only reading the sheets: python-calamine",
        "read-openpyxl": "only reading the sheets: openpyxl read-only",
    }
    for key, label in labels.items():
        f = p[key]
        lines.append(f"| {label} | {f['count']:,} | {f['wall']:.2f} | {f['cpu']:.2f} | {f['peak_rss_gib']:.2f} |")
    lines += [
        "",
        f"**Workbook ÷ CSV: {cpu_ratio:.2f}× the CPU time of the load** ({ratio:.2f}× its wall time, which on a busy "
        "machine says more about the other processes). Reading the sheets with openpyxl takes "
        f"{p['read-openpyxl']['cpu'] / p['read-calamine']['cpu']:.1f}× the CPU time python-calamine takes.",
        "The workbook's extra time is all in reading it: the size and extent check streams every part once (a pass of "
        "decompression, two regex scans and one search over the sheets' XML, so a crafted file is refused before anything is "
        "allocated), calamine parses the XML, and each row becomes Python values; validation is then the CSV's own.",
        f"Command: `.venv/bin/python bench/ledger_workbook.py --subdistricts {figures['subdistricts']} --write-doc` "
        "(not part of `make bench`).",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subdistricts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", type=Path, help="an already generated city folder")
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the city and its workbook in this folder (and reuse them when there)")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        emit(part(args.part, args.path))
        return
    with tempfile.TemporaryDirectory(prefix="linli-ledger-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        folder = args.dataset
        if folder is None:
            from generators.synthetic_city import generate_dataset

            folder = work / "city"
            if not (folder / "nodes").is_dir():
                progress(f"generating {args.subdistricts} subdistricts")
                generate_dataset(folder, subdistricts=args.subdistricts, seed=args.seed)
        book = work / "city.xlsx"
        if book.exists() and args.keep:
            rows = sum(sum(1 for _ in f.open(encoding="utf-8-sig")) for f in folder.rglob("*.csv"))  # no quoted newlines in a city
        else:
            with timed() as wrote:
                rows = write_workbook(folder, book)
            progress(f"workbook: {rows:,} rows in {wrote.wall:.1f} s")
        parts = {}
        for name in ("csv", "xlsx", "read-calamine", "read-openpyxl"):
            parts[name] = child(name, folder if name == "csv" else book)
            progress(f"{name}: {parts[name]}")
        csv_bytes = sum(f.stat().st_size for f in folder.rglob("*.csv"))
        figures = {
            "subdistricts": args.subdistricts, "rows": rows,
            "tables": len(list(folder.rglob("*.csv"))),
            "xlsx_mb": book.stat().st_size / 1e6, "csv_mb": csv_bytes / 1e6,
            "machine": _machine_line(), "parts": parts,
        }
    if args.write_doc:
        write_doc(markdown(figures))
    emit(figures)


def _machine_line() -> str:
    import os

    m = machine()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['python']}, load average {load}"


if __name__ == "__main__":
    main()
