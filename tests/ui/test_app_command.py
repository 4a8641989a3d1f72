"""`servicemap app` starts the explorer on the port it was given (the pages themselves: AppTest and tests/browser)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser.harness import ROOT, free_port
from tests.ui.app_graphs import small_graph, write_graph


def test_servicemap_app_answers_on_its_port(tmp_path):
    graph = write_graph(tmp_path / "graph.json", small_graph())
    port = free_port()
    servicemap = Path(sys.executable).with_name("servicemap")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    proc = subprocess.Popen([str(servicemap), "app", "--port", str(port), "--graph", str(graph)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "servicemap app did not answer within 60 s"
                time.sleep(0.25)
        # A SIGTERM to the command itself (as a supervisor or `kill PID` sends) stops the server too.
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).close()
            except OSError:
                break  # nothing answers on the port any more
            assert time.monotonic() < deadline, "the server outlived `servicemap app`"
            time.sleep(0.25)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # the session this test started, if anything of it is left
        except ProcessLookupError:
            pass
        proc.wait(timeout=20)
