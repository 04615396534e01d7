"""Validate every workbook of a run together, and say for each broken rule which cell to fix and how."""

from collections.abc import Set as AbstractSet

import polars as pl

from checks import schemas
from checks.errors import ERROR_SCHEMA, error_row, failure_indexes
from checks.register_rules import register_errors
from transforms.read import REFUSED_FORMATS
from transforms.tables import Extracted
from vocabulary import labels as layout
from vocabulary.escape import for_shell
from vocabulary.limits import MAX_ERRORS_PER_FILE, MAX_PERSONS_PER_HOUSEHOLD, limit_of
from vocabulary.periods import PeriodError, parse_period
from vocabulary.standards import standard_for_period, standards
from vocabulary.text import fold, vn_figure, vn_number


def _labels() -> dict[str, tuple[str, str]]:
    labels = {m.code: (m.label_vi, m.label_en) for m in layout.HOUSEHOLD_MEASURES}
    for standard in standards():
        labels.update({i.code: ("Hộ thiếu hụt " + i.label_vi.lower(), "Households deprived: " + i.label_en.lower())
                       for i in standard.indicators})
    labels["value"] = ("Số hộ thiếu hụt", "Deprived households")
    return labels


LABELS = _labels()


def _in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter lower-case, acronyms such as DTTS kept."""
    return label[:1].lower() + label[1:]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _figures(**named: float | None) -> dict[str, str]:
    """Each figure as the Vietnamese message prints it (860,5; 4.080) and, under ``<name>_en``, as the English one
    does (860.5; 4080)."""
    return {key: text for name, value in named.items()
            for key, text in ((name, vn_figure(value)), (f"{name}_en", _number(value)))}


def _compared(row: dict, rule: str) -> dict:
    """A figure that is not what the figures it is compared with add up to (``expected``)."""
    figures = _figures(value=row["value"], expected=row["expected"] or 0)
    return error_row(row["file_id"], row["sheet"], f"{row['col']}{row['row']}", figures.pop("value"), rule, **figures)


def cell_errors(cells: pl.DataFrame, formula_errors: AbstractSet[tuple] = frozenset()) -> list[dict]:
    """Each figure blank, not a number, negative or fractional; or whose formula gives an error (``formula_errors``:
    (file_id, sheet, row, column letter), which the reader saw blank and recorded as the error it shows)."""
    frame = cells.select(schemas.CELLS.columns.keys())
    errors = []
    for failure in failure_indexes(schemas.CELLS, frame).iter_rows(named=True):
        cell = cells.row(failure["index"], named=True)
        if failure["check"] == "not_nullable":
            if (cell["file_id"], cell["sheet"], cell["row"], cell["col"]) in formula_errors:
                rule = "formula_error"
            else:
                rule = "blank" if cell["raw"] is None else "not_a_number"
        else:
            rule = failure["check"]
        figure = {} if rule in ("blank", "not_a_number", "formula_error") else _figures(value=cell["value"])
        limit = limit_of(cell["measure"])
        errors.append(error_row(cell["file_id"], cell["sheet"], f"{cell['col']}{cell['row']}",
                                figure.pop("value", cell["raw"]), rule, limit=f"tối đa {vn_number(limit)} cho một xã",
                                limit_en=f"at most {limit:,} for a commune", **figure))
    return errors


def pair_errors(cells: pl.DataFrame, section: str, rules, keys: list[str]) -> list[dict]:
    """Comparisons between measures of one row (a village, a total, or a commune's targets)."""
    part = cells.filter(pl.col("section") == section)
    if part.is_empty():
        return []
    wide = part.pivot(on="measure", index=keys, values="value", aggregate_function="first")
    measures = [c for c in wide.columns if c not in keys]
    failures = failure_indexes(schemas.rows_schema(rules, measures), wide.select(measures))
    if failures.is_empty():
        return []
    # each failure joined to its row and to the cell of its measure, all at once: a file with thousands of errors
    # costs what one with a few does, per error
    failed = (failures.select(pl.col("check").str.split_exact(":", 2).struct.rename_fields(["rule", "measure", "other"])
                              .alias("parts"), pl.col("index").cast(pl.UInt32))
              .unnest("parts").join(wide.with_row_index("index"), on="index"))
    located = failed.join(part.select("file_id", "sheet", "row", "col", "measure"), on=[*keys, "measure"], how="left")
    errors = []
    for row in located.iter_rows(named=True):
        vi, en = LABELS[row["measure"]]
        other_vi, other_en = LABELS[row["other"]]
        figures = _figures(value=row[row["measure"]], other_value=row[row["other"]])
        errors.append(error_row(
            row["file_id"], row["sheet"], f"{row['col']}{row['row']}", figures.pop("value"), row["rule"],
            label=vi, label_en=en, other_label=_in_sentence(other_vi), other_label_en=_in_sentence(other_en),
            limit=MAX_PERSONS_PER_HOUSEHOLD, **figures))
    return errors


def deprivation_errors(cells: pl.DataFrame) -> list[dict]:
    """Households deprived on an indicator cannot outnumber the poor households of the same village, total or target."""
    village_key = pl.col("village").map_elements(fold, return_dtype=pl.String)
    poor = (
        cells.filter((pl.col("section") == "households") & (pl.col("measure") == "poor_households"))
        .select("file_id", "is_total", village_key.alias("village_key"), pl.col("value").alias("poor_households"),
                pl.lit(True).alias("village_found"))
    )
    # A village named twice is reported as such; comparing its deprivations with either row would only add noise.
    repeated = poor.filter(pl.len().over("file_id", "is_total", "village_key") > 1).select("file_id", "village_key")
    poor = poor.join(repeated, on=["file_id", "village_key"], how="anti")
    deprived = (
        cells.filter(pl.col("section") == "deprivation").with_columns(village_key.alias("village_key"))
        .join(repeated, on=["file_id", "village_key"], how="anti")
    )
    joined = deprived.join(poor, on=["file_id", "is_total", "village_key"], how="left", nulls_equal=True)
    errors = [
        error_row(row["file_id"], row["sheet"], f"{row['village_col']}{row['row']}", row["village"], "village_unmatched")
        for row in joined.filter(pl.col("village_found").is_null() & ~pl.col("is_total"))
        .unique(["file_id", "row"], keep="first").iter_rows(named=True)
    ]
    target_poor = cells.filter((pl.col("section") == "targets") & (pl.col("measure") == "poor_households")).select(
        "file_id", pl.col("value").alias("poor_households"))
    indicator_codes = {i.code for s in standards() for i in s.indicators}
    targets = cells.filter((pl.col("section") == "targets") & pl.col("measure").is_in(indicator_codes)).join(
        target_poor, on="file_id", how="left")
    checked = pl.concat([joined.drop("village_key", "village_found"), targets], how="diagonal_relaxed")
    failures = failure_indexes(schemas.DEPRIVED_WITHIN_POOR, checked.select("value", "poor_households"))
    for failure in failures.iter_rows(named=True):
        row = checked.row(failure["index"], named=True)
        vi, en = LABELS[row["measure"]]
        figures = _figures(value=row["value"], other_value=row["poor_households"])
        errors.append(error_row(
            row["file_id"], row["sheet"], f"{row['col']}{row['row']}", figures.pop("value"), "exceeds",
            label=vi, label_en=en, other_label="số hộ nghèo", other_label_en="poor households", **figures,
        ))
    return errors


def total_errors(cells: pl.DataFrame) -> list[dict]:
    """Each total row must equal the sum of its village rows (checked only where every figure was read)."""
    tables = cells.filter(pl.col("section").is_in(["households", "deprivation", "village_targets"]))
    sums = tables.filter(~pl.col("is_total")).group_by("file_id", "section", "measure").agg(
        pl.col("value").sum().alias("expected"), pl.col("value").null_count().alias("unread"))
    totals = tables.filter(pl.col("is_total")).join(sums, on=["file_id", "section", "measure"], how="left")
    wrong = totals.filter(
        pl.col("value").is_not_null() & (pl.col("unread") == 0) & (pl.col("value") != pl.col("expected").fill_null(0)))
    return [_compared(row, "total_mismatch") for row in wrong.iter_rows(named=True)]


def village_target_errors(cells: pl.DataFrame) -> list[dict]:
    """Where a commune set targets per village, its own target of each such measure is their sum."""
    villages = (cells.filter((pl.col("section") == "village_targets") & ~pl.col("is_total"))
                .group_by("file_id", "measure").agg(pl.col("value").sum().alias("expected"),
                                                    pl.col("value").null_count().alias("unread")))
    commune = cells.filter(pl.col("section") == "targets").join(villages, on=["file_id", "measure"], how="inner")
    wrong = commune.filter((pl.col("unread") == 0) & pl.col("value").is_not_null()
                           & (pl.col("value") != pl.col("expected")))
    return [_compared(row, "target_villages_mismatch") for row in wrong.iter_rows(named=True)]


def duplicate_village_errors(cells: pl.DataFrame) -> list[dict]:
    rows = cells.filter(~pl.col("is_total") & pl.col("village").is_not_null()).unique(["file_id", "section", "row"])
    keyed = rows.with_columns(pl.col("village").map_elements(fold, return_dtype=pl.String).alias("key"))
    repeated = keyed.filter(pl.len().over("file_id", "section", "key") > 1).filter(
        pl.col("row") != pl.col("row").min().over("file_id", "section", "key"))
    return [
        error_row(row["file_id"], row["sheet"], f"{row['village_col']}{row['row']}", row["village"], "village_duplicated")
        for row in repeated.iter_rows(named=True)
    ]


def submission_errors(submissions: pl.DataFrame, cells: pl.DataFrame, period: str) -> list[dict]:
    """What a workbook declares: its commune, period, standard and indicator set."""
    errors = []
    indicator_codes = {i.code for s in standards() for i in s.indicators}
    declared_indicators = (
        cells.filter((pl.col("section") == "deprivation") & pl.col("measure").is_in(indicator_codes))
        .group_by("file_id").agg(pl.col("measure").unique(), pl.col("sheet").first())
    )
    by_file = {row["file_id"]: row for row in declared_indicators.iter_rows(named=True)}
    for sub in submissions.iter_rows(named=True):
        file_id = sub["file_id"]

        def error(code, rule, sub=sub, file_id=file_id, **fields):
            sheet, _, cell = (sub[f"{code}_cell"] or "!").partition("!")
            errors.append(error_row(file_id, sheet, cell, sub[code], rule, **fields))

        if sub["resolution_rule"]:
            where = f" (huyện {sub['district_name']}, tỉnh {sub['province_name']})" if sub["district_name"] else ""
            where_en = f" (district {sub['district_name']}, province {sub['province_name']})" if sub["district_name"] else ""
            code = {"commune_unknown": "commune_code" if sub["commune_code"] else "commune_name",
                    "commune_mismatch": "commune_code", "commune_conflict": "commune_code",
                    "commune_other_structure": "commune_code", "district_unknown": "district_name"}.get(
                sub["resolution_rule"], "commune_name")
            error(code, sub["resolution_rule"], where=where, where_en=where_en, expected=sub["resolution_detail"],
                  detail=sub["resolution_detail"], detail_en=sub["resolution_detail_en"],
                  other_value=sub["district_name"], value_shell=for_shell(sub[code] or ""),
                  candidate=sub["resolution_candidate"] or "", aliases_shell=for_shell(sub["aliases_file"] or ""),
                  name_shell=for_shell(sub["commune_name"] or ""), district_shell=for_shell(sub["district_name"] or ""))
        if sub["period"] is None:
            continue
        try:
            parse_period(sub["period"])
        except PeriodError:
            error("period", "period_invalid")
            continue
        if sub["period"] != period:
            error("period", "period_mismatch", expected=period)
            continue
        standard = standard_for_period(period)
        if sub["standard"] and standard.code not in sub["standard"] and fold(standard.legal_basis) not in fold(sub["standard"]):
            error("standard", "standard_mismatch", expected=standard.label, other_value=period)
        found = by_file.get(file_id)
        if found is not None:
            expected = {i.code for i in standard.indicators}
            got = set(found["measure"])
            if got != expected:
                labels = {i.code: i.label_vi for s in standards() for i in s.indicators}
                detail = "; ".join(
                    [f"thiếu/missing '{labels[c]}'" for c in sorted(expected - got)]
                    + [f"thừa/extra '{labels[c]}'" for c in sorted(got - expected)])
                errors.append(error_row(file_id, found["sheet"], "", detail, "indicators_mismatch", expected=standard.code))
    return errors


def without_totals_of_unread_tables(cells: pl.DataFrame) -> pl.DataFrame:
    """Drop total rows whose table has a figure that could not be read: Excel's SUM skips text, so such a total is
    short by that figure, and comparing it would only repeat the unreadable cell, already reported, as other errors."""
    unread = cells.filter(~pl.col("is_total") & pl.col("value").is_null()).select("file_id", "section").unique()
    totals = cells.filter(pl.col("is_total")).join(unread, on=["file_id", "section"], how="semi")
    return cells.join(totals, on=cells.columns, how="anti", nulls_equal=True)


def validate(extracted: list[Extracted], submissions: pl.DataFrame, cells: pl.DataFrame, period: str,
             households: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every broken rule of every workbook of the run, one row each, naming file, sheet and cell."""
    errors = [
        {"file_id": item.workbook.sha256, "sheet": p.sheet, "cell": p.cell, "value": p.value, "rule": p.rule,
         "message_vi": p.message_vi, "message_en": p.message_en}
        for item in extracted for p in item.problems
    ]
    # nothing more can be said of a file that could not be opened than that it could not be opened, nor of a file
    # of a format that is refused than what to send instead
    refused = {"unreadable", *REFUSED_FORMATS.values()}
    unreadable = [item.workbook.sha256 for item in extracted if any(p.rule in refused for p in item.problems)]
    errors += submission_errors(submissions.filter(~pl.col("file_id").is_in(unreadable)), cells, period)
    formula_errors = {(item.workbook.sha256, *where) for item in extracted for where in item.formula_errors}
    errors += cell_errors(cells, formula_errors)
    compared = without_totals_of_unread_tables(cells)
    errors += pair_errors(compared, "households", schemas.HOUSEHOLD_RULES, ["file_id", "sheet", "row"])
    errors += pair_errors(compared, "targets", schemas.TARGET_RULES, ["file_id"])
    errors += pair_errors(compared, "start", schemas.TARGET_RULES, ["file_id"])
    errors += pair_errors(compared, "village_targets", schemas.TARGET_RULES, ["file_id", "sheet", "row"])
    errors += deprivation_errors(compared)
    errors += total_errors(cells)
    errors += village_target_errors(compared)
    errors += duplicate_village_errors(cells)
    if households is not None:
        errors += register_errors(households, period)
    return capped(pl.DataFrame(errors, schema=ERROR_SCHEMA))


def capped(errors: pl.DataFrame) -> pl.DataFrame:
    """At most MAX_ERRORS_PER_FILE errors of a file, then one saying how many more there are: a file with tens of
    thousands of broken cells gets a report a person can read."""
    counts = errors.group_by("file_id").len().filter(pl.col("len") > MAX_ERRORS_PER_FILE)
    kept = errors.filter(pl.int_range(pl.len()).over("file_id") < MAX_ERRORS_PER_FILE)
    more = [error_row(row["file_id"], "", "", str(row["len"] - MAX_ERRORS_PER_FILE), "errors_truncated",
                   limit=MAX_ERRORS_PER_FILE) for row in counts.iter_rows(named=True)]
    return pl.concat([kept, pl.DataFrame(more, schema=ERROR_SCHEMA)])
