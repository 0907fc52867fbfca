"""
Validate one JSON Lines file and print its cost as JSON (run by ``run.py`` in a subprocess).

Peak memory is the process's peak resident set size, which includes the interpreter
and imported modules; the baseline after imports is reported beside it. It is read
from ``VmHWM`` in ``/proc/self/status``, the high-water mark of this process's own
memory: ``ru_maxrss`` would not do, because on Linux it carries over the resident
size of the parent at ``fork`` (a benchmark process holding gigabytes) through
``exec``. It runs ``innovscale.validation.validate_path`` (all three tiers; the integrity
tier keeps id sets and small indexes); without it, it parses and structures every
line and keeps the set of every record id, the least state any integrity check must
hold, so the figure is not flattered by throwing everything away.

    python benchmarks/_memory_child.py FILE.jsonl
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time
from pathlib import Path


def status_mb(field: str) -> float:
    """A size from ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in MB, or NaN."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return float("nan")
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return status_mb("VmRSS")


def main() -> int:
    path = Path(sys.argv[1])
    import innovscale.serialization
    from innovscale.serialization import iter_jsonl

    try:
        from innovscale.validation import validate_path
    except ImportError:
        validate_path = None
    _ = innovscale.serialization.converter
    baseline = rss_mb()
    start = time.perf_counter()
    ids: set[str] = set()
    lines = 0
    how = "innovscale.iter_jsonl + a set of every record id"
    issues = None
    if validate_path is not None:
        how = "innovscale.validation.validate_path (parse, structure, integrity per line)"
        issues = len(validate_path(path).issues)
        with path.open("rb") as handle:
            lines = sum(1 for _ in handle)
    else:
        with path.open("rb") as handle:
            for record in iter_jsonl(handle, source=str(path)):
                ids.add(record.id)
                lines += 1
    seconds = time.perf_counter() - start
    peak = status_mb("VmHWM")
    if math.isnan(peak):  # no /proc: fall back to ru_maxrss (see above)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "how": how,
                "input_mb": path.stat().st_size / 1e6,
                "lines": lines,
                "ids": len(ids),
                "issues": issues,
                "seconds": seconds,
                "baseline_rss_mb": baseline,
                "peak_rss_mb": peak,
                "final_rss_mb": rss_mb(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
