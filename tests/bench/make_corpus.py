"""Make a synthetic corpus N times the sample notes: ``python -m tests.bench.make_corpus 100 OUT``.

Each copy gets its own file name and a varied first line, so files are distinct and the
extractor sees N times the text, the same mix of formats and the same facts repeated
(which is what a large real vault looks like to the resolver).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "notes"


def make_corpus(times: int, out: Path, sample: Path = SAMPLE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for source in sorted(sample.iterdir()):
        if not source.is_file():
            continue
        for i in range(times):
            target = out / f"{source.stem}_{i:04d}{source.suffix}"
            if not target.exists() or target.stat().st_size != source.stat().st_size:
                shutil.copyfile(source, target)
            made.append(target)
    return made


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f".bench/corpus-{n}x")
    files = make_corpus(n, folder)
    print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 2**20:.1f} MiB in {folder}")
