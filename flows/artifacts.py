"""What a run shows in the Prefect UI: tables of its workbooks, district totals and completeness, and a note with
links to what it wrote. Built from the run summary, so the UI and ``giamngheo run --json`` say the same thing."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from vocabulary.escape import for_markdown
from vocabulary.labels import AFTER_LOCK, NO_PLAN, OUTCOMES, REVIEW_DECISIONS, SUBMISSION_STATUS, SYNTHETIC_BANNER
from vocabulary.text import fold, vn_number


def artifact_key(*parts: str) -> str:
    """Prefect artifact keys allow lower-case letters, digits and dashes only.

    >>> artifact_key("workbooks", "2021-H1")
    'workbooks-2021-h1'
    """
    return "-".join(fold(part).replace(" ", "-") for part in parts)


def _link(path) -> str:
    """A Markdown link to a local file, its text and address escaped whatever the file is called."""
    resolved = Path(path).resolve()
    return f"[{for_markdown(resolved.name)}](file://{quote(str(resolved))})"


def workbook_rows(summary: Mapping[str, Any]) -> list[dict]:
    """One row per file of the inbox (the UI shows table cells as Markdown: every text from a file is escaped)."""
    rows = []
    for kind in OUTCOMES:
        for item in summary[kind]:
            problems = item.get("errors") or item.get("warnings") or []
            reasons = " | ".join(p["message_vi"] for p in problems[:3]) + (
                f" (+{len(problems) - 3})" if len(problems) > 3 else "")
            rows.append({
                "Tệp / file": for_markdown(item["file"]), "Xã / commune": for_markdown(item.get("commune_name") or "?"),
                "Tình trạng / status": OUTCOMES[kind],
                "Lý do / reasons": for_markdown(reasons or item.get("message_vi") or item.get("copy_of") or ""),
                "Gửi lại xã / returned": for_markdown(item.get("feedback") or item.get("report") or ""),
                "Trang đã đọc / sheets read": for_markdown(", ".join(item.get("sheets_read") or [])),
            })
    for item in summary["received_after_lock"]:  # counted in nothing while the period is locked
        rows.append({
            "Tệp / file": for_markdown(item["file_name"]), "Xã / commune": for_markdown(item["commune_code"] or "?"),
            "Tình trạng / status": f"Nhận sau khi khóa / received after the lock: {AFTER_LOCK[item['status']]}",
            "Lý do / reasons": f"{item['errors']} lỗi / errors" if item["errors"] else "",
            "Gửi lại xã / returned": "", "Trang đã đọc / sheets read": "",
        })
    return rows


def _planned(value, decimals: int) -> str:
    return NO_PLAN if value is None else vn_number(value, decimals)


def total_rows(summary: Mapping[str, Any]) -> list[dict]:
    return [{
        "Huyện, tỉnh / area": row["area_name"], "Số xã / communes": row["communes"],
        "Tổng số hộ / households": vn_number(row["total_households"]), "Hộ nghèo / poor": vn_number(row["poor_households"]),
        "Tỷ lệ (%) / rate": vn_number(row["poverty_rate_pct"], 2), "Hộ nghèo DTTS / EM poor": vn_number(row["em_poor_households"]),
        "Tỷ lệ DTTS (%) / EM rate": vn_number(row["em_poverty_rate_pct"], 2),
        "Kế hoạch / plan": _planned(row["target_poor_households"], 0),
        "Mức giảm (điểm) / fall": _planned(row["target_rate_reduction_pp"], 2),
    } for row in summary["area_totals"]]


def links(summary: Mapping[str, Any]) -> str:
    period, outputs, checked = summary["period"], summary["outputs"], summary["expectations"]
    completeness = summary["completeness"]
    lines = [f"# Kỳ {period} · period {period}", ""]
    if summary["synthetic"]:
        lines += [f"**{SYNTHETIC_BANNER}**", ""]
    if completeness["absent"]:
        names = ", ".join(f"{for_markdown(a['commune_name'])} ({SUBMISSION_STATUS[a['status']]})"
                          for a in completeness["absent"])
        lines += [f"**SỐ LIỆU TẠM TÍNH / PROVISIONAL** — chưa có số liệu / no figures: {names}", ""]
    if summary["lock"]:
        lock = summary["lock"]
        lines += [f"**KỲ ĐÃ KHÓA / PERIOD LOCKED** (lần / version {lock['version']}, {lock['locked_at']}): "
                  f"{for_markdown(lock['reason'])} — {len(summary['received_after_lock'])} tệp nhận sau khi khóa, "
                  "chưa tính / files received after the lock, not counted", ""]
    counts = summary["counts"]
    lines += [" · ".join(f"{OUTCOMES[k]}: {counts[k]}" for k in OUTCOMES), ""]
    lines += ["## Bảng tổng hợp / published workbooks" + (f" · lần / version {summary['version']}"
                                                           if outputs and summary["version"] else "")]
    lines += [f"- {_link(p)}" for p in outputs.get("workbooks", [])] or ["- chưa xuất bản / nothing published"]
    lines += [f"- Báo cáo HTML / HTML report: {_link(p)}" for p in outputs.get("reports", [])]
    lines += [f"- Báo cáo chính thức / official report: {_link(p)}" for p in outputs.get("official", [])]
    if outputs.get("parquet"):  # <out>/parquet/<mart>/period=<period>/<mart>.parquet
        lines.append(f"- Parquet: {for_markdown(Path(outputs['parquet'][0]).resolve().parents[2])}")
    if checked:
        verdict = "đạt / passed" if checked["success"] else "**KHÔNG ĐẠT / FAILED** — không xuất bản / nothing published"
        lines += ["", "## Kiểm định kho / warehouse expectations",
                  f"- {checked['evaluated']} kiểm định, {verdict}: Data Docs {_link(checked['docs'])}"]
        lines += [f"  - {for_markdown(f['expectation'])} ({f['table']})" for f in checked["failed"][:10]]
    returned = [item for kind in ("quarantined", "needs_review") for item in summary[kind]]
    if returned:
        lines += ["", "## Gửi lại xã / files returned to communes"]
        lines += [f"- {for_markdown(item['file'])}: {_link(item.get('feedback') or item['report'])}"
                  for item in returned if item.get("feedback") or item.get("report")]
    lines += ["", f"Kho dữ liệu / warehouse: {for_markdown(Path(summary['warehouse']).resolve())}"]
    return "\n".join(lines)


def create_run_artifacts(summary: Mapping[str, Any]) -> None:
    """Three tables and a note, each keyed by the period, so the UI keeps each period's history."""
    period = summary["period"]
    create_table_artifact(workbook_rows(summary), key=artifact_key("tep", period),
                          description=f"Tệp các xã gửi, kỳ {period} · the communes' workbooks, period {period}")
    if summary["area_totals"]:
        create_table_artifact(total_rows(summary), key=artifact_key("tong-hop", period),
                              description=f"Tổng hợp, kỳ {period} · totals by district (province after the reform), "
                                          f"period {period}")
    create_table_artifact(
        [{"Huyện / district": c["district_name"] or "", "Xã / commune": c["commune_name"], "Mã / code": c["commune_code"],
          "Tình hình / status": SUBMISSION_STATUS[c["submission_status"]]} for c in summary["completeness"]["communes"]],
        key=artifact_key("tinh-hinh-nop", period),
        description=f"Tình hình nộp báo cáo, kỳ {period} · which communes reported, period {period}")
    if summary["review"]:
        create_table_artifact(
            [{"Xã / commune": for_markdown(r["commune_name"]), "Tệp / file": for_markdown(r["file_name"]),
              "Duyệt / decision": REVIEW_DECISIONS[r["decision"]],
              "Tỷ lệ hộ nghèo / rate": "" if r["poverty_rate_pct"] is None else vn_number(r["poverty_rate_pct"], 2),
              "Kỳ trước / before": ("" if r["previous_poverty_rate_pct"] is None
                                    else vn_number(r["previous_poverty_rate_pct"], 2)),
              "Cảnh báo / warning": "tỷ lệ đổi nhiều / rate moved" if r["rate_moved"] else ""}
             for r in summary["review"]],
            key=artifact_key("cho-duyet", period),
            description=f"Báo cáo của xã cần huyện duyệt, kỳ {period} · submissions for the district to review "
                        f"(giamngheo review --period {period})")
    create_markdown_artifact(links(summary), key=artifact_key("ket-qua", period),
                             description=f"Kết quả kỳ {period} · what the run wrote")
