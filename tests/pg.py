"""A throw-away PostgreSQL cluster from Debian's binaries (initdb, pg_ctl), for the PostgreSQL tests."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live import LOOPBACK, free_port

_START_SECONDS = 60


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _owner() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as the 'postgres' (else 'nobody') user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a fresh cluster in a temporary folder; yields its SQLAlchemy URL (psycopg 3)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError("no /usr/lib/postgresql/*/bin/initdb")
    owner = _owner()
    folder = Path(tempfile.mkdtemp(prefix="werkwijzer-pg-"))
    data = folder / "data"
    if owner:
        shutil.chown(folder, user=owner)
    port = free_port()

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, user=owner, cwd=folder)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-c listen_addresses={LOOPBACK} -p {port} -k {folder} -c fsync=off"
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
            "-w", "-t", str(_START_SECONDS), "start",
        )
        try:
            yield f"postgresql+psycopg://postgres@{LOOPBACK}:{port}/postgres"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
