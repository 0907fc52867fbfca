"""
The peers innovscale is measured against, set up from innovscale's own schemas.

* ``bundle()`` folds every shipped schema into one self-contained schema (all
  ``$ref`` s local), which code generators need;
* ``jsonschema_rs_validator()`` compiles the evidence-base schema with jsonschema-rs,
  resolving ``defs.schema.json`` and the record schemas offline from innovscale's
  registry (a retriever that never touches the network);
* ``pydantic_models()`` / ``msgspec_types()`` generate models with
  datamodel-code-generator (once, cached in ``benchmarks/data/``) and import them.

    python benchmarks/peers.py   # generate the models and say what each peer can check
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from innovscale import schema

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
_FILE_REF = re.compile(r"^([a-z-]+)\.schema\.json(#.*)?$")


def _title(name: str) -> str:
    return schema.load(name)["title"]


def bundle() -> dict[str, Any]:
    """The evidence-base schema with every other schema folded into local ``$defs``."""
    defs: dict[str, Any] = {}
    for name, sub in schema.load("defs")["$defs"].items():
        defs[name] = copy.deepcopy(sub)
    record_names = [n for n in schema.names() if n not in ("defs", "jsonl-line", "evidence-base")]
    for name in record_names:
        sub = copy.deepcopy(schema.load(name))
        for key in ("$schema", "$id"):
            sub.pop(key, None)
        defs[_title(name)] = sub
    root = copy.deepcopy(schema.load("evidence-base"))
    root["$defs"] = {**defs, **root.get("$defs", {})}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                match = _FILE_REF.match(value) if key == "$ref" else None
                if match:
                    target, fragment = match.groups()
                    if target == "defs":
                        out[key] = fragment
                    else:
                        out[key] = f"#/$defs/{_title(target)}{(fragment or '#')[1:]}"
                else:
                    out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    return rewrite(root)


def jsonschema_rs_validator(name: str = "evidence-base") -> Any:
    """A jsonschema-rs validator for ``name`` with our ``$ref`` s resolved offline."""
    import jsonschema_rs

    by_uri = {schema.uri(n): schema.load(n) for n in schema.names()}

    def retrieve(uri: str) -> Any:
        try:
            return by_uri[uri.split("#", 1)[0]]
        except KeyError:
            raise ValueError(f"refusing to fetch {uri}") from None

    return jsonschema_rs.Draft202012Validator(
        schema.load(name), retriever=retrieve, validate_formats=True
    )


def _without_alternatives(node: Any) -> Any:
    """
    ``node`` without the ``anyOf`` rules that only say which fields are required
    ("an organisation or a role"): datamodel-code-generator makes every such field
    required, so valid data would fail, and the generated models check no
    cross-field rule anyway.
    """
    if isinstance(node, dict):
        return {
            key: _without_alternatives(value)
            for key, value in node.items()
            if not (
                key == "anyOf"
                and isinstance(value, list)
                and all(isinstance(b, dict) and "required" in b for b in value)
            )
        }
    if isinstance(node, list):
        return [_without_alternatives(item) for item in node]
    return node


def _codegen(kind: str, module: str) -> Path:
    """Run datamodel-code-generator once on the bundle; return the module path."""
    DATA.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_without_alternatives(bundle()), indent=2)
    key = hashlib.sha256(text.encode()).hexdigest()[:10]
    out = DATA / f"{module}_{key}.py"
    if out.exists():
        return out
    for stale in DATA.glob(f"{module}_*.py"):
        stale.unlink()
    bundled = DATA / "evidence-base.bundle.schema.json"
    bundled.write_text(text, encoding="utf-8")
    exe = Path(sys.executable).with_name("datamodel-codegen")
    cmd = [
        str(exe),
        "--input",
        str(bundled),
        "--input-file-type",
        "jsonschema",
        "--output-model-type",
        kind,
        "--disable-timestamp",
        "--use-annotated",
        "--field-constraints",
        "--target-python-version",
        "3.11",
        "--class-name",
        "EvidenceBase",
        "--output",
        str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


def _import(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pydantic_models() -> Any:
    """The generated pydantic v2 module (``.EvidenceBase`` is the root model)."""
    module = _import(_codegen("pydantic_v2.BaseModel", "_pydantic_models"), "_bench_pydantic")
    module.EvidenceBase.model_rebuild()
    return module


def msgspec_types() -> Any:
    """
    The generated msgspec module (``.EvidenceBase`` is the root Struct).

    The generator ignores ``additionalProperties: false``; we add
    ``forbid_unknown_fields=True`` to every Struct so msgspec rejects unknown keys too.
    """
    path = _codegen("msgspec.Struct", "_msgspec_models")
    text = path.read_text(encoding="utf-8")
    if "forbid_unknown_fields" not in text:
        text = re.sub(r"\(Struct\):", "(Struct, forbid_unknown_fields=True):", text)
        path.write_text(text, encoding="utf-8")
    return _import(path, "_bench_msgspec")


if __name__ == "__main__":
    validator = jsonschema_rs_validator()
    print("jsonschema-rs:", validator.is_valid(schema.load("evidence-base")["examples"][0]))
    for label, load in (("pydantic", pydantic_models), ("msgspec", msgspec_types)):
        try:
            module = load()
            print(label, "->", module.__file__)
        except subprocess.CalledProcessError as exc:
            print(label, "codegen failed:", exc.stderr[-2000:])
