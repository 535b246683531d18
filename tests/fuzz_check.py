#!/usr/bin/env python3
"""Robustness test: `csp check` on malformed input must fail gracefully.

    fuzz_check.py --csp build/csp [--count 2000] [--seed 1]
                  [--shard I --shards N] [--keep DIR] SOURCE_DIR...

Feeds every NAME.csp under the SOURCE_DIRs, plus --count deterministic
mutations of them, to `csp check`. A mutation is one of: a truncation at a
random byte, a deleted line, a duplicated line, two swapped lines, a line
moved elsewhere, random byte flips, a deleted or duplicated bracket, or a
spliced-in token. Mutation k depends only on (--seed, k) and the sorted
list of sources, so a failure can be reproduced by number.

Every run must exit with 0 or 1 within 2 seconds, not die from a signal,
and print nothing that looks like a C++ crash (`terminate called`,
`what():`, `Assertion`, `Stack dump`, ...) on stderr. Failing inputs are
written to --keep (default: a temporary folder) for reproduction with
`csp check FILE`.

--shard I --shards N runs only the inputs whose number is I modulo N, so
ctest can spread the work over several jobs.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

CRASH_TEXT = re.compile(
    r"terminate called|what\(\):|Assertion|Stack dump|PLEASE submit a bug|"
    r"internal compiler error|"
    r"Segmentation fault|AddressSanitizer|core dumped|LLVM ERROR")
TIMEOUT_S = 2.0

TOKENS = [b"{", b"}", b"(", b")", b"[", b"]", b";", b",", b":=", b"=",
          b"...", b"func", b"var", b"const", b"type", b"return", b"go",
          b"chan", b"select", b"<-", b"interface{}", b"struct{}", b"map[",
          b"0x", b"1e", b"'", b'"', b"`", b"/*", b"//", b"\n", b"nil",
          b"iota", b"...int", b"defer", b"range", b"switch", b"case",
          b"fallthrough", b"goto L", b"L:", b"x.(type)", b"\x00", b"\xff",
          b"\xe4\xb8", b"1_000", b"0b2", b"09", b"'\\u12'", b"*", b"&"]


def sources(dirs):
    found = []
    for d in dirs:
        for root, _, files in os.walk(d):
            found += [os.path.join(root, f) for f in files if f.endswith(".csp")]
    return sorted(found)


def mutate(text, rng):
    """One random mutation of `text` (bytes)."""
    lines = text.split(b"\n")
    kind = rng.randrange(9)
    if kind == 0 and text:  # truncation
        return text[: rng.randrange(len(text))], "truncate"
    if kind == 1 and len(lines) > 1:  # delete a line
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines), "delete line"
    if kind == 2:  # duplicate a line
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return b"\n".join(lines), "duplicate line"
    if kind == 3 and len(lines) > 1:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines), "swap lines"
    if kind == 4 and len(lines) > 1:  # move a line
        line = lines.pop(rng.randrange(len(lines)))
        lines.insert(rng.randrange(len(lines) + 1), line)
        return b"\n".join(lines), "move line"
    if kind == 5 and text:  # delete or duplicate a bracket
        spots = [i for i, c in enumerate(text) if c in b"{}()[]"]
        if spots:
            i = rng.choice(spots)
            if rng.random() < 0.5:
                return text[:i] + text[i + 1:], "delete bracket"
            return text[:i] + text[i:i + 1] + text[i:], "duplicate bracket"
    if kind == 6:  # splice in a token
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(TOKENS) + text[i:], "insert token"
    # random byte flips (1 to 4 bytes)
    data = bytearray(text or b" ")
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data), "byte flips"


def check(csp, path):
    """None when `csp check path` behaved, else why not."""
    try:
        p = subprocess.run([csp, "check", os.path.basename(path)],
                           cwd=os.path.dirname(path), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"took more than {TIMEOUT_S:g}s"
    err = p.stderr.decode(errors="replace")
    if p.returncode < 0:
        return f"killed by signal {-p.returncode}"
    if p.returncode not in (0, 1):
        return f"exit status {p.returncode}"
    m = CRASH_TEXT.search(err)
    if m:
        return f"stderr shows a crash: {m.group(0)!r}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csp", required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shard", type=int, default=0)
    ap.add_argument("--shards", type=int, default=1)
    ap.add_argument("--keep", help="folder for failing inputs")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()

    csp = os.path.abspath(args.csp)
    files = sources(args.dirs)
    if not files:
        print("fuzz_check: no .csp files found")
        return 1
    texts = [open(f, "rb").read() for f in files]
    work = tempfile.mkdtemp(prefix="csp-fuzz-")
    keep = args.keep or work
    os.makedirs(keep, exist_ok=True)

    # Inputs 0..len(files)-1 are the sources; then the mutations.
    total = len(files) + args.count
    failures = ran = 0
    for n in range(args.shard, total, args.shards):
        if n < len(files):
            data, what = texts[n], "unchanged"
            label = os.path.relpath(files[n])
        else:
            k = n - len(files)
            rng = random.Random(f"{args.seed}-{k}")
            src = rng.randrange(len(files))
            data, what = mutate(texts[src], rng)
            label = f"mutation {k} of {os.path.relpath(files[src])} ({what})"
        path = os.path.join(work, f"fuzz{n}.csp")
        with open(path, "wb") as f:
            f.write(data)
        ran += 1
        why = check(csp, path)
        os.unlink(path)
        if why:
            failures += 1
            saved = os.path.join(keep, f"fuzz{n}.csp")
            with open(saved, "wb") as f:
                f.write(data)
            print(f"FAIL {label}: {why}\n    input: {saved}")
    if keep != work:
        os.rmdir(work)
    print(f"{ran - failures} of {ran} inputs handled gracefully")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
