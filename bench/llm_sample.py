"""A fixed-seed sample of a question file for recording (follow-ups bring the question they follow)."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def sample(lines: list[str], n: int, seed: int) -> list[str]:
    """``n`` questions chosen with ``seed``, plus the earlier turns their follow-ups need, in file order."""
    rows = [json.loads(line) for line in lines if line.strip()]
    by_id = {r["id"]: r for r in rows}
    chosen = {r["id"] for r in random.Random(seed).sample(rows, min(n, len(rows)))}
    for qid in list(chosen):
        parent = by_id[qid].get("follow_up_of")
        while parent and parent in by_id:
            chosen.add(parent)
            parent = by_id[parent].get("follow_up_of")
    return [json.dumps(r, ensure_ascii=False) for r in rows if r["id"] in chosen]


def main() -> int:
    """Write the sample of FILE to OUT."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("-n", type=int, default=60)
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args()
    rows = sample(args.file.read_text(encoding="utf-8").splitlines(), args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} questions written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
