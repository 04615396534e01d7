"""The files of an inbox: what a commune may have sent, found without ever following a path out of the inbox.

Every entry gets an answer: a regular file is read (and reported, whatever it holds); anything else is set aside
with the reason, never read: a link (it may point anywhere, a system file included), an Office lock file or a
hidden file, a folder named like a workbook (an unpacked .xlsx, say), or anything that is not a plain file.
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from vocabulary.messages import render

WORKBOOK_LIKE = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class SetAside:
    path: Path
    # symlink | lock_file | hidden_file | folder_named_like_a_workbook | not_a_file; and, found when reading it,
    # vanished | unreadable_file | register_without_key (the district's key, not the file: read again once it is set)
    rule: str
    detail: tuple[str, str] = ("", "")  # what to add to the rule's message, in Vietnamese and English

    @property
    def messages(self) -> tuple[str, str]:
        return render(self.rule, value=self.path.name, detail=self.detail[0], detail_en=self.detail[1])


class InboxError(Exception):
    """The inbox cannot be consolidated: missing, holding nothing to read, or mixed up with what giamngheo writes.
    ``empty``: it exists and is apart, but holds no file to read."""

    def __init__(self, message_vi: str, message_en: str, empty: bool = False):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en, self.empty = message_vi, message_en, empty


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_apart(inbox: Path, out: Path, warehouse: Path) -> None:
    """Refuse an inbox that is not a folder, or that holds what giamngheo writes (the output folder, the
    warehouse's folder) or lies inside its output folder: a run never reads its own outputs as input."""
    if not Path(inbox).is_dir():
        raise InboxError(f"không có thư mục {inbox}", f"inbox {inbox} is not a directory")
    here, out, data = Path(inbox).resolve(), Path(out).resolve(), Path(warehouse).resolve().parent
    if _within(out, here) or _within(here, out):
        raise InboxError(f"thư mục nhận tệp {inbox} và thư mục xuất bản {out} lồng nhau: một lần chạy không được đọc "
                         "lại chính kết quả của nó; chọn thư mục nhận tệp riêng (ví dụ inbox/)",
                         f"the inbox {inbox} and the output folder {out} are inside one another: a run must not read "
                         "its own outputs; give an inbox of its own (e.g. inbox/)")
    if _within(data, here):
        raise InboxError(f"thư mục nhận tệp {inbox} chứa kho dữ liệu {warehouse}: một lần chạy không được đọc lại kho "
                         "của nó; chọn thư mục nhận tệp riêng (ví dụ inbox/)",
                         f"the inbox {inbox} holds the warehouse {warehouse}: a run must not read its own warehouse; "
                         "give an inbox of its own (e.g. inbox/)")


def scan_apart(inbox: Path, out: Path, warehouse: Path) -> tuple[list[Path], list[SetAside]]:
    """``scan`` of an inbox ``check_apart`` accepts; InboxError (``empty``) when it holds no file to read."""
    check_apart(inbox, out, warehouse)
    files, aside = scan(inbox)
    if not files:
        named = f" ({len(aside)} tệp không đọc / set aside, e.g. {aside[0].path.name})" if aside else ""
        raise InboxError(f"thư mục {inbox} không có tệp nào để đọc, không có gì để tổng hợp",
                         f"the inbox {inbox} holds no file to read: nothing to consolidate{named}", empty=True)
    return files, aside


def scan(inbox: Path) -> tuple[list[Path], list[SetAside]]:
    """(the files to read, the entries set aside), each sorted by path."""
    files, aside = [], []
    for folder, directories, names in os.walk(inbox, followlinks=False):
        here = Path(folder)
        for name in list(directories):
            path = here / name
            if path.is_symlink():
                aside.append(SetAside(path, "symlink"))
            elif name.lower().endswith(WORKBOOK_LIKE):
                aside.append(SetAside(path, "folder_named_like_a_workbook"))
            else:
                continue
            directories.remove(name)  # never descended into
        for name in names:
            path = here / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                aside.append(SetAside(path, "symlink"))
            elif not stat.S_ISREG(mode):
                aside.append(SetAside(path, "not_a_file"))
            elif name.startswith("~$") or name.startswith(".~lock."):
                aside.append(SetAside(path, "lock_file"))
            elif name.startswith("."):
                aside.append(SetAside(path, "hidden_file"))
            else:
                files.append(path)
    return sorted(files), sorted(aside, key=lambda entry: entry.path)


def inbox_files(inbox: Path) -> list[Path]:
    """The files of the inbox to read."""
    return scan(inbox)[0]
