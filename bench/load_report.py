"""The load test's figures as a Markdown table: per page type, under load and alone.

python bench/load_report.py OUT   # OUT: the directory bench/load_run.sh wrote to
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def _stats(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {
            row["Name"] + (" (POST)" if row["Type"] == "POST" else ""): row
            for row in csv.DictReader(handle)
        }


def main() -> None:
    out = Path(sys.argv[1])
    loaded = _stats(out / "load_stats.csv")
    alone = {
        **_stats(out / "baseline-citizen_stats.csv"),
        **_stats(out / "baseline-staff_stats.csv"),
    }
    print("| page type | requests | req/s | median | p95 | p99 | errors | alone: median |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, row in sorted(loaded.items(), key=lambda item: item[0] == "Aggregated"):
        base = f"{alone[name]['50%']} ms" if name in alone and name != "Aggregated" else "—"
        print(
            f"| {name if name != 'Aggregated' else '**all**'} | {row['Request Count']} "
            f"| {float(row['Requests/s']):.2f} | {row['50%']} ms | {row['95%']} ms "
            f"| {row['99%']} ms | {row['Failure Count']} | {base} |"
        )


if __name__ == "__main__":
    main()
