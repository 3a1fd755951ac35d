"""Copy the browser libraries the web pages use from ``node_modules`` into the package.

The pages load nothing from another host, and ``pip install .`` runs no npm: so the few
library files they need are copied here from the npm packages that ``package-lock.json`` pins,
committed under ``src/forcedmig_kb/web/static/vendor/``, and shipped in the wheel like the
templates. ``vendor/manifest.json`` records each package's version, licence and the SHA-256 of
every copied file; the test suite (after ``npm ci``) checks that the committed copies are the
locked packages' files, byte for byte.

Usage (from the repository root)::

    npm ci && python3 tools/vendor_static.py          # copy the files, rewrite the manifest
    python3 tools/vendor_static.py --check            # exit 1 when a copy differs from node_modules

To upgrade a library: ``npm install --save-dev --save-exact PACKAGE@VERSION``, run this script,
and commit ``package.json``, ``package-lock.json`` and the vendor folder together.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "forcedmig_kb" / "web" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"

#: npm package -> {file in the package: destination under static/vendor/}.
#: YASGUI's UMD build bundles its own dependencies (CodeMirror, DataTables, DOMPurify, ...);
#: d3-force needs d3-dispatch, d3-quadtree and d3-timer beside it.
FILES: dict[str, dict[str, str]] = {
    "@zazuko/yasgui": {"build/yasgui.min.js": "yasgui/yasgui.min.js", "build/yasgui.min.css": "yasgui/yasgui.min.css"},
    "d3-dispatch": {"dist/d3-dispatch.min.js": "d3/d3-dispatch.min.js", "LICENSE": "d3/LICENSE-d3-dispatch"},
    "d3-quadtree": {"dist/d3-quadtree.min.js": "d3/d3-quadtree.min.js", "LICENSE": "d3/LICENSE-d3-quadtree"},
    "d3-timer": {"dist/d3-timer.min.js": "d3/d3-timer.min.js", "LICENSE": "d3/LICENSE-d3-timer"},
    "d3-force": {"dist/d3-force.min.js": "d3/d3-force.min.js", "LICENSE": "d3/LICENSE-d3-force"},
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest() -> dict:
    """What the copies should be: each package's version and licence, each file's digest."""
    packages = {}
    for name, files in FILES.items():
        meta = json.loads((NODE_MODULES / name / "package.json").read_text(encoding="utf-8"))
        repository = meta.get("repository")
        packages[name] = {
            "version": meta["version"],
            "license": meta.get("license"),
            "author": meta["author"]["name"] if isinstance(meta.get("author"), dict) else meta.get("author"),
            "repository": repository.get("url") if isinstance(repository, dict) else repository,
            "files": {dest: sha256(NODE_MODULES / name / src) for src, dest in files.items()},
        }
    return {
        "comment": "Written by tools/vendor_static.py from node_modules (package-lock.json); do not edit.",
        "packages": packages,
    }


def problems() -> list[str]:
    """How the committed copies differ from the locked npm packages (empty when they agree)."""
    if not NODE_MODULES.is_dir():
        return [f"{NODE_MODULES} is missing: run npm ci first"]
    found = []
    expected = manifest()
    if not MANIFEST.is_file() or json.loads(MANIFEST.read_text(encoding="utf-8")) != expected:
        found.append(f"{MANIFEST.relative_to(ROOT)} does not match node_modules")
    for package in expected["packages"].values():
        for dest, digest in package["files"].items():
            copy = VENDOR / dest
            if not copy.is_file() or sha256(copy) != digest:
                found.append(f"{copy.relative_to(ROOT)} differs from node_modules")
    return found


def copy() -> None:
    for name, files in FILES.items():
        for src, dest in files.items():
            target = VENDOR / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(NODE_MODULES / name / src, target)
    MANIFEST.write_text(json.dumps(manifest(), indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    copy()
    print(f"copied {sum(len(f) for f in FILES.values())} files into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
