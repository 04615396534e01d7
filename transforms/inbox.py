"""The files of an inbox: everything a commune may have sent, found without following a path out of the inbox."""

from pathlib import Path


def inbox_files(inbox: Path) -> list[Path]:
    """Every file a commune may have sent: spreadsheets and anything else (reported, not ignored), but no lock or
    hidden files."""
    return sorted(
        path for path in Path(inbox).rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$"))
    )
