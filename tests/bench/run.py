"""``make bench``: speed and memory of ``servicemap extract``, printed as a table.

* the whole ``servicemap extract`` process on data/notes against a process that runs
  spaCy's bare tokenizer (``spacy.blank("en")``) over the same text, side by side;
* 1×, 10× and 100× synthetic corpora (tests/bench/make_corpus.py): wall time, time per
  MiB (linear means flat) and peak RSS; and ``--jobs 2`` on the 10× corpus.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.bench.make_corpus import SAMPLE, make_corpus

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKENIZER_ONLY = """
import sys, spacy
from pathlib import Path
nlp = spacy.blank("en")
for path in sorted(Path(sys.argv[1]).iterdir()):
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        nlp.tokenizer(line)
"""
# Runs a command and prints its peak RSS (KiB): RUSAGE_CHILDREN of a fresh process covers only that command.
MEASURE = """
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one run of ``cmd``."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True).stdout
    seconds = time.perf_counter() - start
    rss_kib, rc = out.split()
    if rc != "0":
        raise SystemExit(f"benchmark command failed ({rc}): {' '.join(cmd)}")
    return seconds, int(rss_kib) / 1024


def extract_cmd(folder: Path, output: Path, jobs: int = 1) -> list[str]:
    return [str(BIN / "servicemap"), "extract", str(folder), "-o", str(output), "--quiet", "--jobs", str(jobs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,100", help="corpus multiples to run")
    args = parser.parse_args()
    console = Console()
    work = Path(tempfile.mkdtemp(prefix="servicemap-bench-"))

    extract_times, tokenizer_times = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        extract_times.append(timed(extract_cmd(SAMPLE, work / "sample.json"))[0])
        tokenizer_times.append(timed([sys.executable, "-c", TOKENIZER_ONLY, str(SAMPLE)])[0])
    e, t = statistics.median(extract_times), statistics.median(tokenizer_times)
    table = Table(title="servicemap extract data/notes vs bare spaCy tokenizer (whole processes, median)")
    for col in ("process", "seconds", "ratio"):
        table.add_column(col)
    table.add_row("spacy.blank('en') tokenizer", f"{t:.2f}", "1.00")
    table.add_row("servicemap extract", f"{e:.2f}", f"{e / t:.2f} (target <= 3)")
    console.print(table)

    table = Table(title="synthetic corpora (tests/bench/make_corpus.py)")
    for col in ("corpus", "MiB", "jobs", "seconds", "s per MiB", "peak RSS MiB"):
        table.add_column(col, justify="right")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = work / f"corpus-{size}x"
        files = make_corpus(size, folder)
        mib = sum(f.stat().st_size for f in files) / 2**20
        runs = [(1,)] + ([(2,)] if size == 10 else [])
        for (jobs,) in runs:
            seconds, rss = timed(extract_cmd(folder, work / f"out-{size}.json", jobs))
            table.add_row(f"{size}x", f"{mib:.1f}", str(jobs), f"{seconds:.1f}", f"{seconds / mib:.2f}", f"{rss:.0f} (target < 1024)")
        for f in files:
            f.unlink()
    console.print(table)


if __name__ == "__main__":
    main()
