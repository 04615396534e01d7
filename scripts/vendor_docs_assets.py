"""Fetch, once, the styles and scripts the Great Expectations Data Docs load from CDNs, from the npm registry at the
versions the pages name, into publish/assets/vendor/ (committed): a run then writes documentation sites that open
styled on a machine without internet. Each tarball is checked against the registry's integrity hash.

    .venv/bin/python scripts/vendor_docs_assets.py
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from publish.offline import VENDOR, VENDORED  # noqa: E402

REGISTRY = "https://registry.npmjs.org"


def fetch(package: str, version: str, paths: set[str]) -> None:
    with urllib.request.urlopen(f"{REGISTRY}/{package}/{version}") as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"]) as response:
        tarball = response.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise SystemExit(f"{package}@{version}: the tarball does not match the registry's integrity hash")
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        for member in archive.getmembers():
            inside = member.name.partition("/")[2]  # npm tarballs put everything under package/
            if member.isfile() and any(inside == p or inside.startswith(p.rstrip("*")) and p.endswith("*")
                                       for p in paths):
                target = VENDOR / f"{package}@{version}" / inside
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
                print(target.relative_to(VENDOR.parent.parent.parent))


def main() -> None:
    wanted: dict[tuple[str, str], set[str]] = {}
    for package, version, path, *also in VENDORED.values():
        wanted.setdefault((package, version), set()).update([path, *also])
    for (package, version), paths in sorted(wanted.items()):
        fetch(package, version, paths)


if __name__ == "__main__":
    main()
