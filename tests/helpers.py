"""Workbooks for tests: the demo's submissions, changed one cell at a time, and copies in other formats; and a
warehouse's marts as rows, to compare two runs."""

import copy
from pathlib import Path

import duckdb
import pandas as pd
import xlwt
from python_calamine import CalamineWorkbook

from giamngheo.demo import demo_submissions
from publish.template import Submission, write_submission


def submission(code: str = "24076") -> Submission:
    """A deep copy of the demo submission of one commune, free to change."""
    return copy.deepcopy(next(s for s in demo_submissions() if s.commune.commune_code == code))


def write(path: Path, sub: Submission) -> Path:
    return write_submission(path, sub)


def grids(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def as_xls(source: Path, target: Path) -> Path:
    """The same cells in an Excel 97–2003 file, as xlwt writes it."""
    book = xlwt.Workbook(encoding="utf-8")
    for name, grid in grids(source).items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
    book.save(str(target))
    return target


def as_ods(source: Path, target: Path) -> Path:
    """The same cells in an OpenDocument spreadsheet, as odfpy (through pandas) writes it."""
    with pd.ExcelWriter(target, engine="odf") as writer:
        for name, grid in grids(source).items():
            pd.DataFrame(grid).replace("", None).to_excel(writer, sheet_name=name, header=False, index=False)
    return target


def mart_rows(database: Path) -> dict[str, set]:
    """Every mart's rows, without its timestamps and run ids (when a run saw a file, and which run published a
    version, differ from one history to another)."""
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.sql("""select table_name, list(column_name order by column_index) filter (
                                 where data_type not like 'TIMESTAMP%' and column_name <> 'run_id')
                             from duckdb_columns()
                             where schema_name = 'marts' group by table_name""").fetchall()
        return {table: {tuple(tuple(v) if isinstance(v, list) else v for v in row)
                        for row in con.sql(f"select {', '.join(cols)} from marts.{table}").fetchall()}
                for table, cols in columns}
