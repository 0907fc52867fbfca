"""
innovscale's benchmark suite: innovscale and its peers, on the same files, in one run.

    python benchmarks/run.py                      # every size (about 8-10 minutes)
    python benchmarks/run.py --quick              # small + medium, fewer repeats
    python benchmarks/run.py --sizes small --repeats 9
    python benchmarks/run.py --profile            # also cProfile the medium load

Data is generated once (deterministically) into ``benchmarks/data/``; see
``benchmarks/generate.py``. Each timing is the median of ``--repeats`` runs after
one warm-up run (the large size runs once, without warm-up, except JSON Lines
validation, which runs at least 3 times at every size and 15 times on the small
file), with a
``gc.collect()`` before each run and results freed outside the timed region.
Ratios compare measurements taken in the same run, which is what to read: absolute
times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import orjson  # noqa: E402
import peers  # noqa: E402

import innovscale  # noqa: E402
from innovscale import schema  # noqa: E402
from innovscale.serialization import iter_jsonl  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

#: The multiplication sign and the en dash, spelt out for the linter.
X = "\u00d7"
DASH = "\u2013"

COLLECTIONS = (
    "sources",
    "organisations",
    "innovations",
    "adoptions",
    "enabler_claims",
    "policy_levers",
    "engagement_activities",
    "evidence",
    "reach_measures",
)


# -- Timing --------------------------------------------------------------------------------


class Timing:
    def __init__(self, label: str, times: list[float], *, note: str = "") -> None:
        self.label = label
        self.times = times
        self.note = note

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> str:
        if len(self.times) == 1:
            return "(1 run)"
        return f"{fmt_s(min(self.times))}{DASH}{fmt_s(max(self.times))}"


def fmt_s(seconds: float) -> str:
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def measure(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> list[float]:
    """Run ``fn`` ``warmup`` times, then time ``repeats`` runs (results freed untimed)."""
    for _ in range(warmup):
        result = fn()
        del result
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    gc.collect()
    return times


def each_line(fn: Callable[[bytes], Any], lines: list[bytes]) -> int:
    """Apply ``fn`` to every line, keeping nothing (as a streaming validator would)."""
    count = 0
    for line in lines:
        fn(line)
        count += 1
    return count


def with_gc_frozen(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` run with the cyclic GC frozen and disabled (the lead from issue 7)."""

    def run() -> Any:
        gc.freeze()
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()
            gc.unfreeze()

    return run


# -- What is measured ----------------------------------------------------------------------


def count_records(value: dict[str, Any]) -> int:
    return sum(len(value.get(name, ())) for name in COLLECTIONS)


def full_validator() -> tuple[Callable[[bytes], Any] | None, str]:
    """
    innovscale's full validation from bytes (parse, structure, integrity), if available.

    Returns ``(None, reason)`` while ``innovscale.validation.validate`` is missing.
    The generated data must validate cleanly, or the timing would include the slow
    error paths (locating issues, running the jsonschema explainer).
    """
    try:
        from innovscale.validation import validate
    except ImportError as exc:
        return None, f"innovscale.validation.validate not importable ({exc})"
    sample = generate.ensure("small", log=lambda *_: None)[0].read_bytes()
    report = validate(sample)
    codes = sorted({issue.code for issue in report.issues})
    if codes:
        return (
            validate,
            f"innovscale.validation.validate(bytes); WARNING: small data has issues {codes}",
        )
    return validate, "innovscale.validation.validate(bytes): parse, structure, integrity; no issues"


def integrity_tier(value: Any) -> Callable[[], Any]:
    """The integrity tier alone over parsed data, as full validation runs it (GC paused)."""
    from innovscale._io import gc_paused
    from innovscale.validation._integrity import Integrity

    def run() -> Any:
        with gc_paused():
            checker = Integrity()
            checker.add_base(value)
            return checker.finish()

    return run


def jsonl_validator() -> tuple[Callable[[Path], Any], str]:
    """The best JSON Lines validation innovscale offers today."""
    try:
        from innovscale.validation import validate_path
    except ImportError:
        pass
    else:
        return (
            validate_path,
            "innovscale.validation.validate_path(file.jsonl) (all three tiers, line by line)",
        )

    def structure_lines(path: Path) -> int:
        count = 0
        with path.open("rb") as handle:
            for _ in iter_jsonl(handle, source=str(path)):
                count += 1
        return count

    return (
        structure_lines,
        "innovscale.iter_jsonl (parse + structure per line; no integrity tier yet)",
    )


#: The analysis functions timed against innovscale.loads of the same base.
ANALYSES = (
    "enabler_matrix",
    "adoption_timeline",
    "time_to_scale",
    "reach_series",
    "adaptations",
    "fidelity_summary",
    "evidence_map",
    "fitness",
    "fitness_scores",
)


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        #: How many files the base folder of the medium base has, once it is timed.
        self.folder_files = 0
        self.args = args
        self.results: dict[str, dict[str, Timing]] = {}
        self.facts: dict[str, dict[str, Any]] = {}
        self.notes: list[str] = []
        self.hostile: list[tuple[str, int, float, float, int]] = []
        self.rs = peers.jsonschema_rs_validator()
        self.rs_line = peers.jsonschema_rs_validator("jsonl-line")
        self.full, full_note = full_validator()
        self.notes.append(f"full validation: {full_note}")
        self.jsonl, jsonl_note = jsonl_validator()
        self.notes.append(f"JSON Lines validation: {jsonl_note}")
        try:
            self.pydantic = peers.pydantic_models().EvidenceBase
        except Exception as exc:
            self.pydantic = None
            self.notes.append(f"pydantic: skipped ({exc!r})")
        try:
            self.msgspec_type = peers.msgspec_types().EvidenceBase
            import msgspec

            msgspec.json.Decoder(self.msgspec_type)
        except Exception as exc:
            self.msgspec_type = None
            self.notes.append(
                "msgspec: not practical: the generated Structs use untagged unions for the "
                f"schemas' anyOf/oneOf, which msgspec refuses ({str(exc).splitlines()[0][:90]}...)"
            )

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def add(self, size: str, key: str, label: str, times: list[float], note: str = "") -> Timing:
        timing = Timing(label, times, note=note)
        self.results.setdefault(size, {})[key] = timing
        self.log(f"  {size:6} {label:55} {fmt_s(timing.median):>10}  {timing.spread}")
        return timing

    def run_size(self, size: str) -> None:  # noqa: PLR0915 - one block per measurement
        doc_path, jsonl_path = generate.ensure(size, log=self.log)
        large = size == "large"
        repeats = 1 if large else self.args.repeats
        warmup = 0 if large else 1
        data = doc_path.read_bytes()
        plain = orjson.loads(data)
        n = count_records(plain)
        lines = jsonl_path.read_bytes().splitlines()
        self.facts[size] = {
            "innovations": len(plain["innovations"]),
            "records": n,
            "json_mb": len(data) / 1e6,
            "jsonl_mb": jsonl_path.stat().st_size / 1e6,
            "lines": len(lines),
        }
        self.log(
            f"{size}: {n} records, {len(data) / 1e6:.1f} MB JSON, "
            f"{self.facts[size]['jsonl_mb']:.1f} MB JSON Lines"
        )
        add = self.add
        # The floor. Only the bytes stay alive while others are timed: a large live
        # heap would make every garbage collection in the timed code slower.
        add(
            size,
            "orjson.dumps",
            "orjson.dumps (plain dicts)",
            measure(lambda: orjson.dumps(plain), repeats, warmup),
        )
        add(
            size,
            "orjson.dumps_indent",
            "  orjson.dumps, indented (the bytes innovscale.dumps writes)",
            measure(lambda: orjson.dumps(plain, option=orjson.OPT_INDENT_2), repeats, warmup),
        )
        plain = None
        gc.collect()
        add(
            size,
            "orjson.loads",
            "orjson.loads",
            measure(lambda: orjson.loads(data), repeats, warmup),
        )
        add(
            size,
            "orjson.loads_gc",
            "  orjson.loads, gc paused (for reference)",
            measure(with_gc_frozen(lambda: orjson.loads(data)), repeats, warmup),
        )
        # innovscale, document mode.
        add(
            size,
            "loads",
            "innovscale.loads",
            measure(lambda: innovscale.loads(data), repeats, warmup),
        )
        if not large:
            add(
                size,
                "loads_gc",
                "  innovscale.loads, gc frozen+disabled",
                measure(with_gc_frozen(lambda: innovscale.loads(data)), repeats, warmup),
            )
            base = innovscale.loads(data)
            add(
                size,
                "dumps",
                "innovscale.dumps",
                measure(lambda: innovscale.dumps(base), repeats, warmup),
            )
            add(
                size,
                "dumpb",
                "  innovscale.serialization.dumpb (the same, as bytes)",
                measure(lambda: innovscale.serialization.dumpb(base), repeats, warmup),
            )
            add(
                size,
                "unstructure",
                "innovscale.unstructure (to plain dicts; dumps does not use it)",
                measure(lambda: innovscale.unstructure(base), repeats, warmup),
            )
            del base
            if self.full is not None:
                full = self.full
                add(
                    size,
                    "full",
                    "innovscale full validation (bytes)",
                    measure(lambda: full(data), repeats, warmup),
                )
                integrity = integrity_tier(orjson.loads(data))
                add(
                    size,
                    "integrity",
                    "  of which the integrity tier (on parsed data)",
                    measure(integrity, repeats, warmup),
                )
                del integrity
            if size == "medium":
                self.folder(doc_path, repeats, warmup)
                self.tables(doc_path, min(repeats, 3))
            rs = self.rs
            add(
                size,
                "rs",
                "orjson.loads + jsonschema-rs",
                measure(lambda: list(rs.iter_errors(orjson.loads(data))), repeats, warmup),
            )
            if size == "small":
                validator = schema.validator("evidence-base")
                add(
                    size,
                    "jsonschema",
                    "orjson.loads + jsonschema (package)",
                    measure(
                        lambda: list(validator.iter_errors(orjson.loads(data))),
                        max(1, repeats // 2),
                        1,
                    ),
                )
            if self.pydantic is not None:
                model = self.pydantic
                add(
                    size,
                    "pydantic_loads",
                    "pydantic model_validate_json",
                    measure(lambda: model.model_validate_json(data), repeats, warmup),
                )
                instance = model.model_validate_json(data)
                add(
                    size,
                    "pydantic_dumps",
                    "pydantic model_dump_json(exclude_unset)",
                    measure(lambda: instance.model_dump_json(exclude_unset=True), repeats, warmup),
                )
                del instance
            if self.msgspec_type is not None:
                import msgspec

                decoder = msgspec.json.Decoder(self.msgspec_type)
                add(
                    size,
                    "msgspec",
                    "msgspec decode (typed)",
                    measure(lambda: decoder.decode(data), repeats, warmup),
                )
        gc.collect()
        # JSON Lines.
        add(
            size,
            "orjson_lines",
            "JSONL: orjson.loads per line",
            measure(lambda: each_line(orjson.loads, lines), repeats, warmup),
        )
        rs_line = self.rs_line
        add(
            size,
            "rs_lines",
            "JSONL: orjson + jsonschema-rs per line",
            measure(
                lambda: each_line(lambda line: rs_line.is_valid(orjson.loads(line)), lines),
                repeats,
                warmup,
            ),
        )
        jsonl = self.jsonl
        # A target compares this across sizes: the median of 3 runs at the large size
        # too, and of 15 for the small file, whose 0.1 s runs move the most.
        add(
            size,
            "jsonl",
            "JSONL: innovscale validation",
            measure(lambda: jsonl(jsonl_path), max(repeats, 15 if size == "small" else 3), warmup),
        )
        lines = data = None
        gc.collect()

    def folder(self, doc_path: Path, repeats: int, warmup: int) -> None:
        """The same base validated from one file and from a base folder, split by innovation."""
        from innovscale import folder
        from innovscale.validation import validate_path

        split = doc_path.with_name(doc_path.stem + ".split")
        if not folder.is_base_folder(split):
            self.log(f"splitting {doc_path.name} by innovation into {split.name}/")
            folder.split(innovscale.load(doc_path), split, by="innovation")
        files = 1 + len(folder.part_files(split))
        self.folder_files = files
        self.add(
            "medium",
            "file",
            "innovscale validate_path(the base in one file)",
            measure(lambda: validate_path(doc_path), repeats, warmup),
        )
        self.add(
            "medium",
            "folder",
            f"innovscale validate_path(the same base as a folder of {files:,} files)",
            measure(lambda: validate_path(split), repeats, warmup),
        )

    def tables(self, doc_path: Path, repeats: int) -> None:
        """SQLite and workbook export, and workbook import, against their floors."""
        import tempfile

        from innovscale import analysis, sheets, tables

        base = innovscale.load(doc_path)
        for name in ANALYSES:
            function = getattr(analysis, name)
            self.add(
                "medium",
                f"analysis_{name}",
                f"innovscale analysis.{name}",
                measure(lambda f=function: f(base), repeats, 1),
            )
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            try:
                from innovscale import review

                self.add(
                    "medium",
                    "site",
                    "innovscale review.write_site (validation, fitness, every page and chart)",
                    measure(lambda: review.write_site(base, out / "site"), repeats, 0),
                )
            except ImportError as exc:
                self.notes.append(f"review site: skipped ({exc})")
            self.add(
                "medium",
                "sqlite",
                "innovscale tables.write_sqlite",
                measure(lambda: tables.write_sqlite(base, out / "base.db"), repeats, 1),
            )
            try:
                import openpyxl
            except ImportError:
                self.notes.append("workbooks: skipped (openpyxl is not installed)")
                return
            from innovscale.sheets._book import rows
            from innovscale.sheets._layout import layout

            book = out / "cases.xlsx"
            self.add(
                "medium",
                "xlsx_export",
                "innovscale sheets.write_workbook (.xlsx)",
                measure(lambda: sheets.write_workbook(base, book), repeats, 0),
            )
            values = rows(base)

            def plain_save() -> None:
                workbook = openpyxl.Workbook(write_only=True)
                for sheet in layout():
                    worksheet = workbook.create_sheet(sheet.title)
                    worksheet.append([c.header for c in sheet.all_columns])
                    for row in values[sheet.name]:
                        worksheet.append(row)
                workbook.save(out / "plain.xlsx")

            self.add(
                "medium",
                "openpyxl_write",
                "  openpyxl write-only save of the same cells",
                measure(plain_save, repeats, 0),
            )

            def plain_load() -> int:
                workbook = openpyxl.load_workbook(book, read_only=True, data_only=True)
                count = sum(1 for ws in workbook.worksheets for _ in ws.iter_rows(values_only=True))
                workbook.close()
                return count

            self.add(
                "medium",
                "xlsx_import",
                "innovscale sheets.read (.xlsx: read, build, validate)",
                measure(lambda: sheets.read(book), repeats, 0),
            )
            self.add(
                "medium",
                "openpyxl_read",
                "  openpyxl read-only load of every cell of it",
                measure(plain_load, repeats, 0),
            )

    def hostile_inputs(self, n: int) -> None:
        """Each careless or hostile case at n and 2n (best of three runs each)."""
        import hostile

        for name, build in hostile.CASES.items():
            self.log(f"hostile input: {name} at {n:,} and {2 * n:,}")
            small_text, large_text = build(n), build(2 * n)
            small = min(measure(lambda t=small_text: innovscale.validate(t), 3, warmup=0))
            large = min(measure(lambda t=large_text: innovscale.validate(t), 3, warmup=0))
            issues = len(innovscale.validate(large_text).issues)
            self.hostile.append((name, n, small, large, issues))

    def import_time(self) -> None:
        runs = self.args.import_runs
        exe = sys.executable
        # As a user's Python runs: bytecode (and innovscale's generated code) kept between
        # runs, even where the environment turns that off (CI sets PYTHONDONTWRITEBYTECODE).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

        def spawn(code: str) -> float:
            start = time.perf_counter()
            subprocess.run([exe, "-c", code], check=True, env=env)
            return time.perf_counter() - start

        # Warm the file cache, and write the bytecode and generated code once.
        for code in ("pass", "import innovscale; innovscale.load_example()"):
            spawn(code)
        for key, code in (
            ("bare", "pass"),
            # The floor under innovscale's own start-up: the libraries its model is made
            # with, and the model itself (attrs building its classes).
            ("attrs_cattrs", "import attrs, cattrs"),
            ("model", "import innovscale.model"),
            ("import", "import innovscale"),
            ("import_loads", "import innovscale; innovscale.loads"),
            ("first_load", "import innovscale; innovscale.load_example()"),
            ("import_validator", "import innovscale.schema as s; s.validator('evidence-base')"),
        ):
            times = [spawn(code) for _ in range(runs)]
            self.add("import", key, f"python -c {code!r}", times)
        # The whole command a pre-commit hook runs, on the shipped example.
        example = str(HERE.parent / "examples" / "against-the-odds.json")
        argv = [exe, "-m", "innovscale", "validate", example]
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
        self.add(
            "import", "cli_validate", "innovscale validate examples/against-the-odds.json", times
        )

    def memory(self) -> None:
        path = generate.ensure_big_jsonl(self.args.memory_mb, log=self.log)
        child = HERE / "_memory_child.py"
        self.log(
            f"memory: validating {path.name} ({path.stat().st_size / 1e6:.0f} MB) in a subprocess"
        )
        out = subprocess.run(
            [sys.executable, str(child), str(path)], check=True, capture_output=True, text=True
        )
        self.facts["memory"] = json.loads(out.stdout)
        self.log(f"  {self.facts['memory']}")

    def profile(self) -> None:
        doc_path, _ = generate.ensure("medium", log=self.log)
        data = doc_path.read_bytes()
        base = innovscale.loads(data)
        runs: list[tuple[str, Callable[[], Any]]] = [
            ("loads", lambda: innovscale.loads(data)),
            ("dumps", lambda: innovscale.dumps(base)),
        ]
        if self.full is not None:
            full = self.full
            runs.append(("validate", lambda: full(data)))
        for label, fn in runs:
            profiler = cProfile.Profile()
            profiler.enable()
            fn()
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats("tottime").print_stats(25)
            out = generate.DATA / f"profile-medium-{label}.txt"
            out.write_text(text.getvalue(), encoding="utf-8")
            self.log(f"profile of medium {label} written to {out}")
            print(f"\n## Profile: innovscale.{label} on medium (cProfile, top 25 by own time)\n")
            print("```text")
            print("\n".join(line for line in text.getvalue().splitlines()[:45] if line.strip()))
            print("```")


# -- Report --------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for dist in (
        "innovscale",
        "attrs",
        "cattrs",
        "orjson",
        "jsonschema",
        "jsonschema-rs",
        "pydantic",
    ):
        with contextlib.suppress(PackageNotFoundError):
            versions.append(f"{dist} {version(dist)}")
    return (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs ({cpu}); load average {load:.2f} at the end; "
        + ", ".join(versions)
    )


def ratio(a: Timing | None, b: Timing | None) -> str:
    if a is None or b is None:
        return "n/a"
    return f"{a.median / b.median:.1f}{X}"


def report(suite: Suite, started: float) -> None:
    r = suite.results
    print(f"# innovscale benchmarks ({time.strftime('%Y-%m-%d %H:%M')})\n")
    print(f"Machine: {machine()}.\n")
    for size, facts in suite.facts.items():
        if size == "memory":
            continue
        print(
            f"- **{size}**: {facts['innovations']:,} innovations, {facts['records']:,} records; "
            f"{facts['json_mb']:.1f} MB JSON, {facts['jsonl_mb']:.1f} MB JSON Lines "
            f"({facts['lines']:,} lines)"
        )
    print()
    for note in suite.notes:
        print(f"- {note}")
    print()
    for size, rows in r.items():
        facts = suite.facts.get(size)
        print(f"## {size}\n")
        if facts:
            print(f"| operation | median | min{DASH}max | per record | MB/s |")
            print("|---|---:|---:|---:|---:|")
        else:
            print(f"| operation | median | min{DASH}max |")
            print("|---|---:|---:|")
        for timing in rows.values():
            if facts:
                jsonl = timing.label.startswith("JSONL")
                mb = facts["jsonl_mb"] if jsonl else facts["json_mb"]
                n = facts["lines"] if jsonl else facts["records"]
                print(
                    f"| {timing.label} | {fmt_s(timing.median)} | {timing.spread} | "
                    f"{timing.median / n * 1e6:.0f} µs | {mb / timing.median:.0f} |"
                )
            else:
                print(f"| {timing.label} | {fmt_s(timing.median)} | {timing.spread} |")
        print()
    targets(suite)
    if suite.hostile:
        print("\n## Careless and hostile input: the cost of doubling it\n")
        print(
            "Each case validated at n and 2n units of trouble (`benchmarks/hostile.py`); "
            "linear cost gives a ratio near 2, quadratic cost 4.\n"
        )
        print("| case | n | at n | at 2n | ratio | issues at 2n |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, n, small, large, issues in suite.hostile:
            print(
                f"| {name} | {n:,} | {fmt_s(small)} | {fmt_s(large)} | "
                f"{large / small:.2f} | {issues:,} |"
            )
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s.")


def _startup_rows(imp: dict[str, Any]) -> None:
    """The start-up rows of the targets table: import, first load, the whole command."""
    if "import" in imp and "bare" in imp:
        extra = (imp["import"].median - imp["bare"].median) * 1e3
        print(
            f"| `import innovscale` above bare start-up | {extra:.0f} ms | ≤ 100 ms | {'met' if extra <= 100 else 'missed'} |"
        )
        if "import_loads" in imp:
            extra2 = (imp["import_loads"].median - imp["bare"].median) * 1e3
            print(f"|   (import + first use of `innovscale.loads`) | {extra2:.0f} ms | (info) | |")
        for key, what in (
            ("attrs_cattrs", "`import attrs, cattrs` above bare start-up (the floor)"),
            ("model", "`import innovscale.model` above bare start-up (attrs builds the classes)"),
        ):
            if key in imp:
                floor = (imp[key].median - imp["bare"].median) * 1e3
                print(f"|   ({what}) | {floor:.0f} ms | (info) | |")
        if "first_load" in imp:
            extra3 = (imp["first_load"].median - imp["bare"].median) * 1e3
            print(
                f"| import + first load of the example above bare start-up | {extra3:.0f} ms "
                f"| ≤ 60 ms | {'met' if extra3 <= 60 else 'missed'} |"
            )
        if "cli_validate" in imp:
            whole = imp["cli_validate"].median * 1e3
            print(
                f"| `innovscale validate` on the example, whole process | {whole:.0f} ms | (info) | |"
            )


def targets(suite: Suite) -> None:  # noqa: PLR0915 - one row per target
    r = suite.results
    size = "medium" if "medium" in r else next((s for s in r if s in generate.SIZES), None)
    print(f"## Targets (ratios on {size}, same run)\n")
    print("| target | measured | goal | verdict |")
    print("|---|---:|---:|---|")

    def row(name: str, value: float | None, goal: str, ok: bool | None, how: str = "") -> None:
        shown = "n/a" if value is None else f"{value:.2f}{X}"
        verdict = "not measured" if ok is None else ("met" if ok else "missed")
        print(f"| {name} | {shown}{how} | {goal} | {verdict} |")

    if size is None:
        return
    m = r[size]
    small = r.get("small", {})
    facts = suite.facts[size]

    def q(a: str, b: str, rows: dict[str, Timing] = m) -> float | None:
        if a in rows and b in rows:
            return rows[a].median / rows[b].median
        return None

    def ratio_row(name: str, a: str, b: str, limit: float, goal: str) -> None:
        value = q(a, b)
        row(name, value, goal, None if value is None else value <= limit)

    ratio_row("full validation vs orjson + jsonschema-rs", "full", "rs", 3, f"≤ 3{X}")
    files = suite.folder_files
    if files:
        ratio_row(
            f"a base folder of {files:,} files vs the same base in one file",
            "folder",
            "file",
            1.5,
            f"≤ 1.5{X}",
        )
    ratio_row("  (innovscale.loads alone vs orjson + jsonschema-rs)", "loads", "rs", 3, f"≤ 3{X}")
    ratio_row("SQLite export vs innovscale.loads", "sqlite", "loads", 2, f"≤ 2{X}")
    for name in ANALYSES:
        ratio_row(f"analysis.{name} vs innovscale.loads", f"analysis_{name}", "loads", 2, f"≤ 2{X}")
    if "site" in m:
        seconds = m["site"].median
        print(
            f"| the review site of the whole base | {seconds:.1f} s | ≤ 10 s | {'met' if seconds <= 10 else 'missed'} |"
        )
    ratio_row(
        "workbook export vs openpyxl write-only save", "xlsx_export", "openpyxl_write", 2, f"≤ 2{X}"
    )
    ratio_row(
        "workbook import vs openpyxl read-only load", "xlsx_import", "openpyxl_read", 2, f"≤ 2{X}"
    )
    if "jsonschema" in small:
        # The jsonschema package is timed on the small base only; extrapolate per record.
        per_record = small["jsonschema"].median / suite.facts["small"]["records"]
        predicted = per_record * facts["records"]
        mine = m.get("full") or m.get("loads")
        faster = predicted / mine.median if mine else None
        row(
            f"{'full validation' if 'full' in m else 'innovscale.loads'} faster than orjson + jsonschema (package)",
            faster,
            f"≥ 10{X} faster",
            None if faster is None else faster >= 10,
            " (extrapolated per record from small)",
        )
    for name, a, b, limit, goal in (
        ("loads vs orjson.loads", "loads", "orjson.loads", 3, f"≤ 3{X}"),
        (
            "  (loads vs orjson.loads with gc paused too)",
            "loads",
            "orjson.loads_gc",
            3,
            f"≤ 3{X}",
        ),
        ("  (loads with gc frozen vs orjson.loads)", "loads_gc", "orjson.loads", 3, f"≤ 3{X}"),
        ("dumps vs orjson.dumps of plain dicts", "dumps", "orjson.dumps", 3, f"≤ 3{X}"),
        (
            "  (dumpb vs orjson.dumps writing the same indented bytes)",
            "dumpb",
            "orjson.dumps_indent",
            3,
            f"≤ 3{X}",
        ),
        (
            "loads vs pydantic model_validate_json",
            "loads",
            "pydantic_loads",
            1,
            f"≤ 1{X} (no slower)",
        ),
        ("dumps vs pydantic model_dump_json", "dumps", "pydantic_dumps", 1, f"≤ 1{X} (no slower)"),
    ):
        ratio_row(name, a, b, limit, goal)
    _startup_rows(r.get("import", {}))
    mem = suite.facts.get("memory")
    if mem:
        peak = mem["peak_rss_mb"]
        print(
            f"| JSONL validation peak RSS, {mem['input_mb']:.0f} MB input | {peak:.0f} MB "
            f"(baseline after imports {mem['baseline_rss_mb']:.0f} MB) | ≤ 150 MB | {'met' if peak <= 150 else 'missed'} |"
        )
    if "small" in r and "large" in r and "jsonl" in r["small"] and "jsonl" in r["large"]:
        per_small = r["small"]["jsonl"].median / suite.facts["small"]["lines"]
        per_large = r["large"]["jsonl"].median / suite.facts["large"]["lines"]
        growth = per_large / per_small
        row("JSONL time per record, large vs small", growth, f"≤ 1.3{X}", growth <= 1.3)
    if mem and "small" in r and "jsonl" in r["small"]:
        per_small = r["small"]["jsonl"].median / suite.facts["small"]["lines"]
        growth = (mem["seconds"] / mem["lines"]) / per_small
        row(
            f"  (per record, {mem['input_mb']:.0f} MB stream vs small)",
            growth,
            f"≤ 1.3{X}",
            growth <= 1.3,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated: small,medium,large")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement")
    parser.add_argument(
        "--quick", action="store_true", help="small+medium, 3 repeats, no memory test"
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the 500 MB JSON Lines memory test"
    )
    parser.add_argument("--memory-mb", type=int, default=500, help="size of the memory-test input")
    parser.add_argument("--import-runs", type=int, default=15)
    parser.add_argument(
        "--hostile",
        type=int,
        default=10_000,
        metavar="N",
        help="size n of the careless and hostile inputs, timed at n and 2n (0 to skip)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the medium loads, dumps and full validation",
    )
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = "small,medium" if args.quick else "small,medium,large"
    if args.repeats is None:
        args.repeats = 3 if args.quick else 5
    if args.quick:
        args.no_memory = True
        args.import_runs = min(args.import_runs, 7)
    started = time.perf_counter()
    suite = Suite(args)
    for size in args.sizes.split(","):
        suite.run_size(size)
    suite.import_time()
    if not args.no_memory:
        suite.memory()
    if args.hostile:
        suite.hostile_inputs(args.hostile)
    report(suite, started)
    if args.profile:
        suite.profile()
    return 0


if __name__ == "__main__":
    sys.exit(main())
