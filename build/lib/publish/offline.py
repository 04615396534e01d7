"""Documentation sites that open styled without internet. Great Expectations' Data Docs load Bootstrap, Font
Awesome, jQuery and Vega from CDNs; dbt's docs page loads a tracker. An office machine offline would show them
unstyled, so the pages are rewritten to load copies bundled in ``publish/assets/vendor/`` (fetched once from the
npm registry by ``scripts/vendor_docs_assets.py``, at the versions the pages name), copied beside them."""

import base64
import hashlib
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).parent / "assets" / "vendor"
# What a page loads → (npm package, version, file in it, other files it needs: a trailing * is a folder)
VENDORED = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        ("bootstrap", "4.3.1", "dist/css/bootstrap.min.css"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        ("bootstrap", "4.3.1", "dist/js/bootstrap.min.js"),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        ("@forevolve/bootstrap-dark", "1.1.0", "dist/css/bootstrap-prefers-dark.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        ("bootstrap-datepicker", "1.9.0", "dist/css/bootstrap-datepicker.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        ("bootstrap-datepicker", "1.9.0", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        ("@fortawesome/fontawesome-free", "6.6.0", "css/all.min.css", "webfonts/*"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        ("bootstrap-table", "1.19.1", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        ("bootstrap-table", "1.19.1", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        ("bootstrap-table", "1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        ("bootstrap-table", "1.19.0", "dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        ("bootstrap-table", "1.19.0", "dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        ("popper.js", "1.12.9", "dist/umd/popper.min.js"),
    # the pages ask for the newest of a major version: these were the newest when bundled
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega", "5.33.1", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite", "5.23.0", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed", "6.29.0", "build/vega-embed.min.js"),
}
# Great Expectations' logo: a copy is in the site's own static/images
GX_LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/logo-long\.png\?d=[^\"']*")
# dbt docs' tracker (it only counts visits): nothing to load
DBT_TRACKER = "//d1fc8wv8zag5ca.cloudfront.net/2.9.0/sp.js"
# A tag that loads a bundled copy, and the attributes of the CDN's that it must lose: a script or style sheet with
# crossorigin is fetched in CORS mode, which Chromium refuses for a page opened from file:// (its origin is null),
# so that Bootstrap's script never ran and the Data Docs' "Expectation Suites" tab did not open.
LOCAL_TAG = re.compile(r"""<(?:script|link)\b[^>]*?(?:src|href)=["'](?:\.\./)*static/vendor/[^"']+["'][^>]*>""", re.I)
CORS_ATTRIBUTES = re.compile(r"""\s(?:integrity|crossorigin)(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.I)
INTEGRITY = re.compile(r"""\sintegrity=["']([^"']+)["']""", re.I)
LOCAL_PATH = re.compile(r"""(?:src|href)=["']((?:\.\./)*static/vendor/[^"']+)["']""", re.I)
EXTERNAL_LOAD = re.compile(r"""<(?:script|link|img)\b[^>]*?(?:src|href)=["']((?:https?:)?//[^"']+)""", re.I)


class OnlineAsset(RuntimeError):
    pass


def external_loads(html: str) -> list[str]:
    """What a page would fetch from another host: its scripts, style sheets and images (not its links)."""
    return EXTERNAL_LOAD.findall(html)


def _relative(page: Path, site: Path, target: str) -> str:
    depth = len(page.relative_to(site).parts) - 1
    return "../" * depth + target


def _checked_locally(tag: str) -> str:
    """A tag loading a bundled copy, without the CDN's integrity and crossorigin attributes; the integrity the page
    asked for is checked here instead, against the bundled file, so that no other file is loaded in its place."""
    wanted = INTEGRITY.search(tag)
    if wanted:
        local = LOCAL_PATH.search(tag)
        assert local is not None  # LOCAL_TAG found the tag by its bundled path, which LOCAL_PATH finds too
        path = VENDOR / re.sub(r"^(?:\.\./)*static/vendor/", "", local.group(1))
        algorithm, _, digest = wanted.group(1).split()[0].partition("-")
        found = base64.b64encode(hashlib.new(algorithm, path.read_bytes()).digest()).decode()
        if found != digest:
            raise OnlineAsset(f"{path}: its {algorithm} is not the {digest} the page asks for")
    return CORS_ATTRIBUTES.sub("", tag)


def make_offline(site: Path) -> list[Path]:
    """Rewrite every page of ``site`` to load the bundled copies (copied into ``site/static/vendor``) as a page
    opened from file:// can (no CORS attributes); return the pages. A page that would still fetch something from
    another host is an error, named."""
    site = Path(site)
    pages = sorted(site.rglob("*.html"))
    used = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for url, (package, version, path, *_) in VENDORED.items():
            if url in html:
                html = html.replace(url, _relative(page, site, f"static/vendor/{package}@{version}/{path}"))
                used.add(f"{package}@{version}")
        html = LOCAL_TAG.sub(lambda match: _checked_locally(match.group(0)), html)
        html = GX_LOGO.sub(_relative(page, site, "static/images/logo-long.png"), html)
        html = html.replace(DBT_TRACKER, "data:text/javascript,")
        left = external_loads(html)
        if left:
            raise OnlineAsset(f"{page}: would still load {', '.join(sorted(set(left)))} from the internet")
        page.write_text(html, encoding="utf-8")
    for name in sorted(used):
        shutil.copytree(VENDOR / name, site / "static" / "vendor" / name, dirs_exist_ok=True)
    return pages
