"""The browser libraries in the package are the npm packages package-lock.json pins, byte for byte
(``tools/vendor_static.py``), and the pages reference only files that are there."""

import importlib.util
import json
import os
import re

import pytest

from .helpers import ROOT

WEB = ROOT / "src" / "forcedmig_kb" / "web"


def _tool():
    spec = importlib.util.spec_from_file_location("vendor_static", ROOT / "tools" / "vendor_static.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_are_the_locked_npm_packages():
    tool = _tool()
    if not tool.NODE_MODULES.is_dir():
        if os.environ.get("CI"):
            pytest.fail("node_modules is missing: the README's test command runs npm ci first")
        pytest.skip("run npm ci to compare the vendored files with the npm packages")
    assert tool.problems() == []
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    manifest = json.loads(tool.MANIFEST.read_text(encoding="utf-8"))["packages"]
    for name, entry in manifest.items():
        assert lock[f"node_modules/{name}"]["version"] == entry["version"], name
        assert entry["license"] in ("MIT", "ISC"), name


def test_every_static_file_a_template_names_exists():
    named = set()
    for template in (WEB / "templates").glob("*.html"):
        named |= set(re.findall(r"static\(\"([^\"]+)\"\)", template.read_text(encoding="utf-8")))
    assert "vendor/yasgui/yasgui.min.js" in named and "network.js" in named
    for path in named:
        assert (WEB / "static" / path).is_file(), path
