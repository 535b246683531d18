#!/usr/bin/env python3
"""Runs one golden test: a NAME.csp program against its expected output.

    run_golden.py --csp build/csp [--procs N] [--check] [--timeout S] NAME.csp

The files beside NAME.csp follow ../shared/conformance/README.md:

    NAME.out     exact expected stdout (required; may be empty)
    NAME.code    expected exit status when not 0 (2: panic, 1: compile error)
    NAME.stderr  lines that must each be the start of some stderr line, in
                 order (other stderr lines are ignored)
    NAME.in      stdin (default: empty)

Without --check the program is run (`csp run NAME.csp`, from NAME.csp's
folder, with GOMAXPROCS=N) and must match all four. With --check it goes
through `csp check NAME.csp` instead, which must exit 0, or 1 (with the
.stderr lines) when the test expects a compile error (.code is 1 and the
.stderr names a position in NAME.csp).

Exit status 0 when the test passes; 1 with the reason on stdout otherwise.
"""
import argparse
import os
import re
import subprocess
import sys


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def stderr_missing(want_text, got_text):
    """The first wanted stderr line not found in order, or None."""
    want = [l.rstrip("\n") for l in want_text.splitlines() if l.strip()]
    i = 0
    for line in got_text.splitlines():
        if i < len(want) and line.rstrip("\n").startswith(want[i]):
            i += 1
    return want[i] if i < len(want) else None


def expects_compile_error(base, name):
    """True when the test is a compile error: .code 1 and a .stderr line
    NAME.csp:L:C (an os.Exit(1) program has no such line)."""
    code = read(base + ".code", b"0").decode().strip()
    if code != "1":
        return False
    want = read(base + ".stderr", b"").decode(errors="replace")
    return re.search(r"^" + re.escape(name) + r":\d+:\d+:", want, re.M) is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csp", required=True)
    ap.add_argument("--procs", default="1")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("test")
    args = ap.parse_args()

    csp = os.path.abspath(args.csp)
    test = os.path.abspath(args.test)
    folder, name = os.path.split(test)
    base = test[: -len(".csp")]
    # CSP_CHECK_STACKS: the runtime checks small stack slots for overflow.
    env = dict(os.environ, GOMAXPROCS=args.procs, CSP_CHECK_STACKS="1")

    compile_error = expects_compile_error(base, name)
    if args.check:
        cmd = [csp, "check", name]
        want_out = b""
        want_code = 1 if compile_error else 0
    else:
        cmd = [csp, "run", name]
        want_out = read(base + ".out")
        if want_out is None:
            print(f"FAIL {args.test}: no {name[:-4]}.out beside it")
            return 1
        want_code = int(read(base + ".code", b"0").decode().strip() or "0")
    stdin = read(base + ".in", b"")
    want_err = read(base + ".stderr")
    check_stderr = want_err is not None and (not args.check or compile_error)

    try:
        p = subprocess.run(cmd, cwd=folder, env=env, input=stdin,
                           capture_output=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"FAIL {args.test}: timed out after {args.timeout:g}s")
        return 1

    why = None
    if p.returncode < 0:
        why = f"killed by signal {-p.returncode}"
    elif p.returncode != want_code:
        why = f"exit status {p.returncode}, want {want_code}"
    elif not args.check and p.stdout != want_out:
        why = "stdout differs"
    elif check_stderr:
        missing = stderr_missing(want_err.decode(errors="replace"),
                                 p.stderr.decode(errors="replace"))
        if missing is not None:
            why = f"stderr lacks: {missing}"
    if why is None:
        return 0

    mode = "check" if args.check else f"run, GOMAXPROCS={args.procs}"
    print(f"FAIL {args.test} ({mode}): {why}")
    if not args.check and p.stdout != want_out and want_out is not None:
        import difflib
        diff = difflib.unified_diff(
            want_out.decode(errors="replace").splitlines(),
            p.stdout.decode(errors="replace").splitlines(),
            "want", "got", lineterm="", n=1)
        for line in list(diff)[:40]:
            print("    " + line)
    err = p.stderr.decode(errors="replace")
    if err:
        print("  stderr:")
        for line in err.splitlines()[:20]:
            print("    " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
