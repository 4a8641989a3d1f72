"""Speed of the Explore page in a real browser: navigation → graph drawn, at about 50, 500 and 5,000 nodes,
next to a bare one-line Streamlit page served and loaded the same way in the same run.

    .venv/bin/python -m tests.bench.browser [--runs 3] [--sizes 50,500,5000]

Times are measured in the browser: from the top page's navigation start (performance.timeOrigin) to the
moment the pyvis iframe finished its first drawing (window.__drawnAt, set by ui/render's page) or, for the
bare page, to the moment its text appeared (a MutationObserver installed before any page script runs).
"First" is the first load of a view on its server (the view computed and rendered; for the first view of a
server also the graph read); "warm" is the median of the following loads (Streamlit's caches hit). The 5,000-node graph is shown both as the app draws
it by default (capped at 300 nodes, most connected first) and uncapped (?cap=10000).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tests.browser.harness import APP, browser_missing, chromium, graph_frames, streamlit_server, wait_for
from tests.ui.app_graphs import synthetic_graph, write_graph

BARE_TEXT = "bare page ready"
WATCH_BARE = """
if (window.top === window) {
  new MutationObserver(function () {
    if (!window.__seenAt && document.body && document.body.innerText.indexOf(%r) >= 0) { window.__seenAt = Date.now(); }
  }).observe(document, {subtree: true, childList: true, characterData: true});
}
""" % BARE_TEXT


def _drawn_at(driver) -> float | bool:
    for frame in graph_frames(driver):
        driver.switch_to.frame(frame)
        try:
            drawn = driver.execute_script("return window.__drawnAt || 0")
        finally:
            driver.switch_to.default_content()
        if drawn:
            return drawn
    return False


def time_graph(driver, url: str, timeout: float = 180) -> tuple[float, int]:
    """ms from navigation to the pyvis canvas drawn, and how many nodes it drew."""
    driver.get(url)
    drawn = wait_for(driver, _drawn_at, timeout=timeout, message=f"no graph drawn at {url}")
    origin = driver.execute_script("return performance.timeOrigin")
    frame = graph_frames(driver)[0]
    driver.switch_to.frame(frame)
    try:
        nodes = driver.execute_script("return network.body.data.nodes.length")
    finally:
        driver.switch_to.default_content()
    return drawn - origin, nodes


def time_bare(driver, url: str, timeout: float = 60) -> float:
    driver.get(url)
    seen = wait_for(driver, lambda d: d.execute_script("return window.__seenAt || 0"), timeout=timeout,
                    message="the bare page never showed its text")
    return seen - driver.execute_script("return performance.timeOrigin")


def measure(timer, runs: int) -> tuple[float, float]:
    cold = timer()
    warm = [timer() for _ in range(runs)]
    return cold, statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="warm loads per case (default 3)")
    parser.add_argument("--sizes", default="50,500,5000", help="graph sizes in nodes (default 50,500,5000)")
    options = parser.parse_args()
    missing = browser_missing()
    if missing:
        raise SystemExit(missing)
    sizes = [int(s) for s in options.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="servicemap-bench-"))
    bare = folder / "bare.py"
    bare.write_text(f"import streamlit as st\nst.write({BARE_TEXT!r})\n")
    rows = []
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_BARE})
        with streamlit_server(bare) as url:
            bare_cold, bare_warm = measure(lambda: time_bare(driver, url), options.runs)
        for size in sizes:
            graph = write_graph(folder / f"graph-{size}.json", synthetic_graph(size))
            cases = [("default", "")] + ([("uncapped", "?cap=10000")] if size > 300 else [])
            with streamlit_server(APP, ["--graph", str(graph)], env={"SERVICEMAP_CACHE_DIR": ""}) as url:
                for label, query in cases:
                    drawn_nodes = []

                    def timer() -> float:
                        ms, nodes = time_graph(driver, f"{url}/{query}")
                        drawn_nodes.append(nodes)
                        return ms

                    cold, warm = measure(timer, options.runs)
                    rows.append((size, label, drawn_nodes[-1], cold, warm))
    print(f"bare one-line Streamlit page: first {bare_cold:7.0f} ms   warm {bare_warm:7.0f} ms (median of {options.runs})")
    print(f"{'graph nodes':>11} {'view':>9} {'drawn':>6} {'first ms':>8} {'warm ms':>8} {'first/bare':>10} {'warm/bare':>10}")
    for size, label, drawn, cold, warm in rows:
        print(f"{size:>11} {label:>9} {drawn:>6} {cold:>8.0f} {warm:>8.0f} {cold / bare_cold:>9.1f}x {warm / bare_warm:>9.1f}x")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(bench took {time.monotonic() - started:.0f} s)")
