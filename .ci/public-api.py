#!/usr/bin/env python3
"""The public API of a library crate, one item per line, from rustdoc's JSON.

    public-api.py CRATE_JSON                 print the API
    public-api.py CRATE_JSON SNAPSHOT        compare with the snapshot (exit 1 on a difference)
    public-api.py CRATE_JSON SNAPSHOT --bless  rewrite the snapshot

Each line names one public item: a module, type, function, method (with its
parameter names), field, variant, constant, trait, trait implementation or
re-export, with `#[non_exhaustive]` where it is marked. Removing or renaming
a line is a breaking change; adding one is not. The snapshots in `api/` are
what CI compares against, so a change of the public API is always a
deliberate, reviewed change of a file.
"""
import json
import sys

AUTO = {"Freeze", "Send", "Sync", "Unpin", "RefUnwindSafe", "UnwindSafe"}


def type_name(t):
    """A short rendering of a type, enough to tell signatures apart."""
    if not isinstance(t, dict):
        return "?"
    (k, v), = t.items()
    if k == "resolved_path":
        args = v.get("args") or {}
        inner = []
        if "angle_bracketed" in args:
            for a in args["angle_bracketed"].get("args", []):
                if isinstance(a, dict) and "type" in a:
                    inner.append(type_name(a["type"]))
        return v["path"] + (f"<{', '.join(inner)}>" if inner else "")
    if k == "primitive":
        return v
    if k == "generic":
        return v
    if k == "borrowed_ref":
        return "&" + ("mut " if v.get("is_mutable") else "") + type_name(v["type"])
    if k == "slice":
        return f"[{type_name(v)}]"
    if k == "array":
        return f"[{type_name(v['type'])}; {v['len']}]"
    if k == "tuple":
        return "(" + ", ".join(type_name(x) for x in v) + ")"
    if k == "impl_trait":
        names = [b["trait_bound"]["trait"]["path"] for b in v if "trait_bound" in b]
        return "impl " + " + ".join(names)
    if k == "dyn_trait":
        return "dyn " + " + ".join(t["trait"]["path"] for t in v.get("traits", []))
    if k == "qualified_path":
        return f"{type_name(v['self_type'])}::{v['name']}"
    return k


def signature(fn):
    sig = fn["sig"]
    params = ", ".join(f"{name}: {type_name(t)}" for name, t in sig["inputs"])
    out = sig.get("output")
    return f"({params})" + (f" -> {type_name(out)}" if out else "")


def api(doc):
    index = doc["index"]
    lines = []

    def marks(item):
        return " #[non_exhaustive]" if any("non_exhaustive" in str(a) for a in item.get("attrs", [])) else ""

    def impls(path, ids):
        for i in ids:
            imp = index.get(str(i))
            if imp is None:
                continue
            inner = imp["inner"]["impl"]
            if inner.get("blanket_impl") is not None or inner.get("is_synthetic"):
                continue
            trait = inner.get("trait")
            if trait is not None:
                if trait["path"] not in AUTO:
                    lines.append(f"impl {trait['path']} for {path}")
                continue
            for m in inner["items"]:
                item = index.get(str(m))
                if item is None or item["visibility"] != "public":
                    continue
                kind, v = next(iter(item["inner"].items()))
                if kind == "function":
                    lines.append(f"fn {path}::{item['name']}{signature(v)}")
                elif kind == "assoc_const":
                    lines.append(f"const {path}::{item['name']}")

    def walk(item, prefix):
        kind, v = next(iter(item["inner"].items()))
        name = item.get("name")
        path = f"{prefix}::{name}" if name else prefix
        if kind == "module":
            lines.append(f"mod {path}")
            for i in v["items"]:
                child = index.get(str(i))
                if child is not None and child["visibility"] == "public":
                    walk(child, path)
        elif kind == "struct":
            lines.append(f"struct {path}{marks(item)}")
            k = v["kind"]
            if isinstance(k, dict) and "plain" in k:
                for f in k["plain"]["fields"]:
                    field = index.get(str(f))
                    if field is not None and field["visibility"] == "public":
                        lines.append(f"field {path}.{field['name']}: {type_name(field['inner']['struct_field'])}")
            impls(path, v.get("impls", []))
        elif kind == "enum":
            lines.append(f"enum {path}{marks(item)}")
            for i in v["variants"]:
                var = index.get(str(i))
                if var is None:
                    continue
                lines.append(f"variant {path}::{var['name']}{marks(var)}")
                vk = var["inner"]["variant"]["kind"]
                if isinstance(vk, dict) and "struct" in vk:
                    for f in vk["struct"]["fields"]:
                        field = index.get(str(f))
                        if field is not None:
                            lines.append(f"field {path}::{var['name']}.{field['name']}: {type_name(field['inner']['struct_field'])}")
            impls(path, v.get("impls", []))
        elif kind == "function":
            lines.append(f"fn {path}{signature(v)}")
        elif kind == "use":
            lines.append(f"use {prefix}::{v['name']} = {v['source']}{'::*' if v.get('is_glob') else ''}")
        elif kind in ("constant", "static"):
            lines.append(f"{'const' if kind == 'constant' else 'static'} {path}: {type_name(v.get('type'))}")
        elif kind == "type_alias":
            lines.append(f"type {path} = {type_name(v['type'])}")
        elif kind == "trait":
            lines.append(f"trait {path}")
            for i in v["items"]:
                m = index.get(str(i))
                if m is not None:
                    lines.append(f"trait-item {path}::{m['name']}")
        elif kind in ("macro", "proc_macro"):
            lines.append(f"macro {path}")
        else:
            lines.append(f"{kind} {path}")

    root = index[str(doc["root"])]
    walk(root, "")
    return sorted(set(l.replace(" ::", " ").replace("mod ::", "mod ") for l in lines))


def main():
    doc = json.load(open(sys.argv[1]))
    lines = api(doc)
    if len(sys.argv) == 2:
        print("\n".join(lines))
        return 0
    snapshot = sys.argv[2]
    if "--bless" in sys.argv:
        with open(snapshot, "w") as f:
            f.write("\n".join(lines) + "\n")
        return 0
    try:
        old = [l for l in open(snapshot).read().splitlines() if l]
    except FileNotFoundError:
        old = []
    removed = sorted(set(old) - set(lines))
    added = sorted(set(lines) - set(old))
    if not removed and not added:
        return 0
    for l in removed:
        print(f"- {l}")
    for l in added:
        print(f"+ {l}")
    what = "BREAKING (items removed or changed)" if removed else "additive"
    print(f"\nthe public API of {snapshot} changed ({what}): if intended, run "
          f"`.ci/public-api.sh --bless` and commit {snapshot}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
