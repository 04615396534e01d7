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
    rule: str  # symlink | lock_file | hidden_file | folder_named_like_a_workbook | not_a_file

    @property
    def messages(self) -> tuple[str, str]:
        return render(self.rule, value=self.path.name)


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
