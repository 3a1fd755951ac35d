"""Shared fixtures: the chapter's knowledge base, the fixture corpora, a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from forcedmig_kb import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "data"
CHAPTER = Path(os.environ.get("FMKB_CHAPTER", ROOT.parent / "shared" / "source" / "chapter.txt"))


@pytest.fixture(scope="session")
def chapter_kb():
    """The chapter's knowledge base, loaded once (read-only in tests)."""
    return load_knowledge_base([DATA])


@pytest.fixture(scope="session")
def chapter_text() -> str:
    """The chapter's text (it lives outside the repository, in ../shared)."""
    if not CHAPTER.is_file():
        pytest.skip(f"the chapter text is not at {CHAPTER} (set FMKB_CHAPTER)")
    return CHAPTER.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up in {timeout} s")


@pytest.fixture(scope="session")
def server():
    """A real ``forcedmig-kb serve`` process on 127.0.0.1, serving the chapter; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "forcedmig_kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", str(DATA)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
