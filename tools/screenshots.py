"""Refresh the screenshots in ``docs/screenshots/`` that the README shows.

The browser tests take a screenshot of each page they visit (into a temporary folder); this runs
them with ``FMKB_SCREENSHOTS`` pointing at ``docs/screenshots/`` instead, so the pictures are of
pages that just passed their tests. Needs what the tests need: ``pip install -e '.[test]'`` and
Debian's Chromium (``apt-get install chromium``).

Usage (from the repository root): ``python tools/screenshots.py``
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "screenshots"


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FMKB_SCREENSHOTS": str(TARGET), "CI": "1"}  # CI: fail, do not skip, without a browser
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_browser.py"], cwd=ROOT, env=env
    )
    if done.returncode == 0:
        print("\n".join(f"wrote {p.relative_to(ROOT)}" for p in sorted(TARGET.glob("*.png"))))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
