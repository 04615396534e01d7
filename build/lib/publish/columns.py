"""The columns of Phụ lục 1 and 2 and the number formats of every figure, declared once for the workbook and the
official report that prints the same tables."""

# Excel's formats; the workbook's cells and the report's text both round a rate to the places its format shows
COUNT, RATE, RATE_1 = "#,##0", "0.00", "0.0"
PLACES = {RATE: 2, RATE_1: 1}


def poverty_columns(prefix: str, label: str, rate_label: str, reduction_label: str, reduced_label: str):
    """(key, header, format) of the result and plan columns of Phụ lục 1 (prefix "") or 2 (prefix "em_")."""
    result = [(f"{prefix}poor_households", label, COUNT), (f"{prefix}poverty_rate_pct", rate_label, RATE),
              (f"{prefix}rate_reduction_pp", reduction_label, RATE)]
    plan = [(f"target_{prefix}poor_households", label, COUNT), (f"target_{prefix}poverty_rate_pct", rate_label, RATE),
            (f"target_{prefix}rate_reduction_pp", reduction_label, RATE),
            (f"target_{prefix}poor_reduction", reduced_label, COUNT)]
    return result, plan
