#!/usr/bin/env python3
"""Phase-dump golden test: `csp tokens|ast NAME.csp` against a saved dump.

    run_dump.py --csp build/csp --kind tokens NAME.csp     # compare
    run_dump.py --csp build/csp --kind ast --update NAME.csp ...   # rewrite

Compares what `csp KIND NAME.csp` prints (run from NAME.csp's folder) with
NAME.KIND beside it, so that a change in the lexer or parser shows up as a
reviewable diff. These dumps describe csp's own front end, so (unlike the
.out files, which come from Go) they are written by csp: after a deliberate
change, rerun with --update and review the diff before committing.
"""
import argparse
import difflib
import os
import subprocess
import sys


def dump(csp, kind, test):
    folder, name = os.path.split(os.path.abspath(test))
    p = subprocess.run([csp, kind, name], cwd=folder, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=30)
    return p.returncode, p.stdout.decode(errors="replace"), \
        p.stderr.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csp", required=True)
    ap.add_argument("--kind", choices=["tokens", "ast"], required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("tests", nargs="+")
    args = ap.parse_args()
    csp = os.path.abspath(args.csp)
    failed = 0
    for test in args.tests:
        want_path = test[: -len(".csp")] + "." + args.kind
        code, got, err = dump(csp, args.kind, test)
        if code != 0:
            print(f"FAIL {test}: csp {args.kind} exited {code}\n{err[:2000]}")
            failed += 1
            continue
        if args.update:
            with open(want_path, "w") as f:
                f.write(got)
            print(f"wrote {want_path}")
            continue
        try:
            want = open(want_path).read()
        except FileNotFoundError:
            print(f"FAIL {test}: no {os.path.basename(want_path)} "
                  "(create it with --update)")
            failed += 1
            continue
        if got != want:
            failed += 1
            print(f"FAIL {test}: `csp {args.kind}` differs from "
                  f"{os.path.basename(want_path)} (if the change is intended: "
                  f"tests/run_dump.py --csp build/csp --kind {args.kind} "
                  f"--update {test})")
            diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                        "want", "got", lineterm="", n=1)
            for line in list(diff)[:60]:
                print("    " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
