"""What a district office would write by hand: pandas with openpyxl reading every sheet of every workbook into
DataFrames (reading only: no checks, no warehouse, no publishing).

    .venv/bin/python bench/pandas_script.py <inbox>
"""

import sys
from pathlib import Path

import pandas as pd


def main(inbox: Path) -> None:
    frames = 0
    for path in sorted(inbox.rglob("*.xlsx")):
        frames += len(pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl"))
    print(f"{frames} sheets")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
