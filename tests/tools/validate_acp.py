#!/usr/bin/env python3
"""Validate JSON values against definitions of the ACP schema.

usage: validate_acp.py SCHEMA.json < cases.jsonl

Each input line is {"def": "<name in $defs>", "value": <json>, "label": "..."}. Prints one line
per invalid case and exits 1 if any is invalid; prints "N valid" otherwise. Uses Debian's
python3-jsonschema (draft 2020-12).
"""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    defs = schema["$defs"]
    invalid = 0
    count = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        name = case["def"]
        if name not in defs:
            print(f"{case.get('label', name)}: no definition named {name}")
            invalid += 1
            continue
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"#/$defs/{name}", "$defs": defs})
        errors = sorted(validator.iter_errors(case["value"]), key=lambda e: list(e.path))
        count += 1
        for error in errors[:3]:
            path = "/".join(str(p) for p in error.absolute_path)
            print(f"{case.get('label', name)}: {name} at '{path}': {error.message[:300]}")
        if errors:
            invalid += 1
    if invalid:
        return 1
    print(f"{count} valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
