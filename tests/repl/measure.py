#!/usr/bin/env python3
"""Answer time and memory of `csp repl` (numbers for docs/repl.md).

    measure.py --csp build/csp [--inputs 2000]

Drives the REPL through a pipe: each round sends two inputs (a three-line
loop over a persistent variable, then an expression) and waits for the
answer; the answer time is from the write to the answer's arrival. Prints
the median and 90th percentile, and the process's RSS (VmRSS) after 100
inputs, every 1,000 inputs and after the last input.
"""
import argparse, os, select, statistics, subprocess, time

ap = argparse.ArgumentParser()
ap.add_argument("--csp", required=True)
ap.add_argument("--inputs", type=int, default=2000,
                help="inputs to send (two a round)")
a = ap.parse_args()
rounds = max(a.inputs // 2, 1)
p = subprocess.Popen([a.csp, "repl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, bufsize=0)
fd = p.stdout.fileno()

def rss():
    for line in open("/proc/%d/status" % p.pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024.0

def ask(text, want):
    t0 = time.perf_counter()
    os.write(p.stdin.fileno(), text.encode())
    buf = b""
    while want.encode() not in buf:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("no answer to %r (got %r)" % (text, buf))
        buf += os.read(fd, 65536)
    return time.perf_counter() - t0

ask("total := 0\ntotal\n", "0\n")
times, marks = [], {}
for i in range(1, rounds + 1):
    text = "for i := 0; i < 3; i++ {\n  total += i\n}\ntotal + %d\n" % (1000000 + i)
    # the loop is one input, the expression another: wait for the answer
    times.append(ask(text, "\n"))
    if i in (50, rounds) or i % 500 == 0:
        marks[2 * i] = rss()
ms = sorted(t * 1000 for t in times)
print("inputs: %d (%d rounds of a 3-line for loop, then an expression)" % (
    2 * rounds, rounds))
print("answer time: median %.1f ms, p90 %.1f ms, max %.1f ms" % (
    statistics.median(ms), ms[int(len(ms) * 0.9)], ms[-1]))
first = sorted(t * 1000 for t in times[:100])
last = sorted(t * 1000 for t in times[-100:])
print("median of the first 100 rounds: %.1f ms, of the last 100: %.1f ms" % (
    statistics.median(first), statistics.median(last)))
for k, v in sorted(marks.items()):
    print("RSS after %d inputs: %.1f MiB" % (k, v))
if 100 in marks and 2 * rounds > 100:
    print("RSS growth from input 100 to %d: %.2f KiB per input" % (
        2 * rounds, (marks[2 * rounds] - marks[100]) * 1024 / (2 * rounds - 100)))
p.stdin.close()
p.wait()
