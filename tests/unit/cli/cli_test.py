#!/usr/bin/env python3
"""Tests of the `csp` command line itself (not of the language).

    cli_test.py --csp build/csp

Each case runs csp with some arguments in a temporary folder holding a few
small programs, and checks the exit status and what it printed. Expected
output here is about csp's own behaviour (usage, exit codes, argument
passing), so it is written by hand.
"""
import argparse
import os
import subprocess
import sys
import tempfile

PROGRAMS = {
    "hello.csp": 'package main\n\nimport "fmt"\n\nfunc main() {\n'
                 '\tfmt.Println("hello")\n}\n',
    "args.csp": 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\n'
                'func main() {\n\tfmt.Println(len(os.Args), os.Args)\n}\n',
    "exit3.csp": 'package main\n\nimport "os"\n\nfunc main() {\n'
                 '\tos.Exit(3)\n}\n',
    "panic.csp": 'package main\n\nfunc main() {\n\tpanic("boom")\n}\n',
    "bad.csp": 'package main\n\nfunc main() {\n\tx := undefinedName\n}\n',
    "syntax.csp": 'package main\n\nfunc main() {\n\tx := (1 +\n}\n',
    "tiny.csp": 'package main\n\nfunc main() {}\n',
    # csp's deliberate differences from Go (SPEC.md): unused variables and
    # imports are warnings; package clause and imports may be left out.
    "unused.csp": 'package main\n\nimport "os"\n\nfunc main() {\n'
                  '\tx := 1\n}\n',
    "script.csp": 'func main() {\n\tfmt.Println(strings.ToUpper("hi"), '
                  'len(os.Args))\n}\n',
    "badimport.csp": 'package main\n\nimport "net/http"\n\n'
                     'func main() { http.Get("x") }\n',
}

CRASH = ("terminate called", "what():", "Assertion", "Stack dump",
         "Segmentation fault")


class Runner:
    def __init__(self, csp, folder):
        self.csp, self.folder = csp, folder
        self.failures = 0
        self.count = 0

    def case(self, args, code=None, out=None, out_has=None, err_has=None,
             out_empty=False, env=None):
        """Runs csp ARGS; checks what is given."""
        self.count += 1
        e = dict(os.environ)
        e.pop("GOMAXPROCS", None)
        e.update(env or {})
        try:
            p = subprocess.run([self.csp] + args, cwd=self.folder, env=e,
                               stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=30)
        except subprocess.TimeoutExpired:
            return self.fail(args, "timed out")
        so = p.stdout.decode(errors="replace")
        se = p.stderr.decode(errors="replace")
        problems = []
        if p.returncode < 0:
            problems.append(f"killed by signal {-p.returncode}")
        if code is not None and p.returncode != code:
            problems.append(f"exit status {p.returncode}, want {code}")
        if out is not None and so != out:
            problems.append(f"stdout {so!r}, want {out!r}")
        if out_empty and so:
            problems.append(f"stdout {so!r}, want nothing")
        for want in out_has or []:
            if want not in so:
                problems.append(f"stdout lacks {want!r}: {so[:300]!r}")
        for want in err_has or []:
            if want not in se:
                problems.append(f"stderr lacks {want!r}: {se[:300]!r}")
        for bad in CRASH:
            if bad in se:
                problems.append(f"stderr shows a crash ({bad!r})")
        if problems:
            self.fail(args, "; ".join(problems))

    def fail(self, args, why):
        self.failures += 1
        print(f"FAIL csp {' '.join(args)}: {why}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csp", required=True)
    opts = ap.parse_args()
    csp = os.path.abspath(opts.csp)
    with tempfile.TemporaryDirectory(prefix="csp-cli-") as folder:
        for name, text in PROGRAMS.items():
            with open(os.path.join(folder, name), "w") as f:
                f.write(text)
        r = Runner(csp, folder)

        # --version and --help
        r.case(["--version"], code=0, out="csp version 0.1.0\n")
        r.case(["--help"], code=0, out_has=["run", "check", "tokens", "ast",
                                            "ir", "repl", "build", "--procs"])
        r.case(["run", "--help"], code=0, out_has=["FILE"])

        # usage errors: exit 2
        r.case([], code=2)
        r.case(["frobnicate"], code=2, err_has=["csp: "])
        r.case(["run"], code=2, err_has=["csp: "])
        r.case(["check"], code=2)
        r.case(["-O7", "run", "hello.csp"], code=2)
        r.case(["--procs", "zero", "run", "hello.csp"], code=2)
        r.case(["--no-such-flag", "run", "hello.csp"], code=2)

        # run: exit status is the program's, args go to os.Args
        r.case(["run", "hello.csp"], code=0, out="hello\n")
        r.case(["run", "args.csp"], code=0, out="1 [args.csp]\n")
        r.case(["run", "args.csp", "a", "b c", "--help", "-O0"], code=0,
               out="5 [args.csp a b c --help -O0]\n")
        r.case(["run", "args.csp", "--", "x"], code=0,
               out="3 [args.csp -- x]\n")
        r.case(["-O0", "run", "args.csp", "z"], code=0, out="2 [args.csp z]\n")
        r.case(["run", "-O3", "args.csp"], code=0, out="1 [args.csp]\n")
        r.case(["--procs", "2", "run", "hello.csp"], code=0, out="hello\n")
        r.case(["--procs=1", "run", "hello.csp"], code=0, out="hello\n")
        r.case(["run", "exit3.csp"], code=3, out_empty=True)
        r.case(["run", "panic.csp"], code=2,
               err_has=["panic: boom", "goroutine 1 [running]:"])
        r.case(["run", "bad.csp"], code=1,
               err_has=["bad.csp:4:7: undefined: undefinedName"])
        r.case(["run", "missing.csp"], code=1, err_has=["missing.csp"])
        r.case(["--trace", "t.json", "run", "hello.csp"], code=0,
               out="hello\n", err_has=["not implemented"])
        r.case(["--schedtrace", "100", "run", "hello.csp"], code=0,
               out="hello\n", err_has=["not implemented"])

        # check
        r.case(["check", "hello.csp"], code=0, out_empty=True)
        r.case(["check", "bad.csp"], code=1, out_empty=True,
               err_has=["bad.csp:4:7: undefined: undefinedName"])
        r.case(["check", "syntax.csp"], code=1, err_has=["syntax.csp:5:1: "])
        r.case(["check", "missing.csp"], code=1, err_has=["missing.csp"])
        r.case(["check", "."], code=1)

        # csp's conveniences: warnings, left-out package clause and imports
        r.case(["check", "unused.csp"], code=0,
               err_has=["unused.csp:6:2: ", "declared and not used: x",
                        "unused.csp:3:8: ", '"os" imported and not used'])
        r.case(["run", "unused.csp"], code=0, out_empty=True)
        r.case(["run", "script.csp"], code=0, out="HI 1\n")
        r.case(["check", "badimport.csp"], code=1, err_has=["badimport.csp:3:8: "])

        # tokens, ast, ir
        r.case(["tokens", "tiny.csp"], code=0,
               out_has=["1:1", "package", "main", "3:1", "func", "EOF"])
        r.case(["tokens", "missing.csp"], code=1)
        r.case(["ast", "tiny.csp"], code=0, out_has=["main"])
        r.case(["ast", "syntax.csp"], code=1, err_has=["syntax.csp:5:1: "])
        r.case(["ir", "tiny.csp"], code=0, out_has=["define", "csp.main"])
        r.case(["ir", "-O0", "tiny.csp"], code=0, out_has=["define"])
        r.case(["ir", "bad.csp"], code=1)

        # the REPL with no input (stdin not a terminal): nothing, exit 0
        r.case(["repl"], code=0, out_empty=True)

        # build: a native executable that prints what run prints
        r.case(["build", "hello.csp", "-o", "hello"], code=0)
        r.count += 1
        exe = os.path.join(r.folder, "hello")
        p = subprocess.run([exe], capture_output=True, timeout=30) \
            if os.path.exists(exe) else None
        if p is None or p.returncode != 0 or p.stdout != b"hello\n":
            r.fail(["./hello"], f"built executable gave {p!r}")
        r.case(["build", "bad.csp", "-o", "bad"], code=1)

        print(f"{r.count - r.failures} of {r.count} command lines behaved")
        return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
