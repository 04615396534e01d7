"""The floor: the least any tool must do to get every cell of every workbook into DuckDB. Each file's every sheet
is read with python-calamine, all cells of all files become one Arrow table, and one INSERT writes it.

    .venv/bin/python bench/floor.py <inbox> <database>
"""

import sys
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook


def main(inbox: Path, database: Path) -> None:
    files, sheets, rows, cols, values = [], [], [], [], []
    for path in sorted(inbox.rglob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for r, row in enumerate(book.get_sheet_by_name(name).to_python()):
                for c, value in enumerate(row):
                    if value != "":
                        files.append(path.name)
                        sheets.append(name)
                        rows.append(r)
                        cols.append(c)
                        values.append(str(value))
    with duckdb.connect(str(database)) as con:
        con.register("read_cells", pa.table({"file": files, "sheet": sheets, "row": rows, "col": cols, "value": values}))
        con.execute("create or replace table cells as select * from read_cells")
    print(f"{len(values)} cells")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
