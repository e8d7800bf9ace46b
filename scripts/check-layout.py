#!/usr/bin/env python3
"""Checks the library's folders follow the pipeline: a file uses only types declared in its own folder or in
folders before it. Prints each use of a type declared later and exits 1 when there is one.

The order (Sources/MarginStress/<folder>) is the pipeline's:
  Formatting, Linear, Random -> Scenario -> Market -> Shocks -> Valuation -> Engine -> Statistics -> Analyses -> Report
  -> Charts -> Pages
A type is "used" when its name appears as a word in the file outside comments and string literals. Members
added by an extension are not tracked (only type names).
    python3 scripts/check-layout.py [--verbose]
"""
import re
import sys
from pathlib import Path

ORDER = ["Formatting", "Linear", "Random", "Scenario", "Market", "Shocks", "Valuation", "Engine", "Statistics", "Analyses",
         "Report", "Charts", "Pages"]
ROOT = Path(__file__).resolve().parent.parent / "Sources" / "MarginStress"
DECL = re.compile(r"^(?:public |internal |private |fileprivate |final |@frozen |@usableFromInline )*"
                  r"(?:struct|class|enum|protocol|typealias)\s+([A-Z][A-Za-z0-9_]*)", re.M)


def strip(text: str) -> str:
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"""(.|\n)*?"""', '""', text)
    return re.sub(r'"([^"\\\n]|\\.)*"', '""', text)


def folder_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def main() -> int:
    files = sorted(ROOT.rglob("*.swift"))
    unknown = sorted({folder_of(f) for f in files} - set(ORDER))
    if unknown:
        print(f"check-layout: folders not in the pipeline order: {', '.join(unknown)}", file=sys.stderr)
        return 1
    declared: dict[str, str] = {}
    for f in files:
        for name in DECL.findall(strip(f.read_text())):
            # Nested types share names (Worker, Partial): only top-level-looking names matter; keep the first.
            declared.setdefault(name, folder_of(f))
    problems = []
    for f in files:
        here = ORDER.index(folder_of(f))
        words = set(re.findall(r"\b[A-Z][A-Za-z0-9_]*\b", strip(f.read_text())))
        own = set(DECL.findall(strip(f.read_text())))
        for w in sorted(words - own):
            there = declared.get(w)
            if there is not None and ORDER.index(there) > here:
                problems.append(f"{f.relative_to(ROOT)}: uses {w} from {there}/, which comes later")
    for p in problems:
        print(p)
    if "--verbose" in sys.argv or not problems:
        print(f"check-layout: {len(files)} files, {len(problems)} uses of a later folder", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
