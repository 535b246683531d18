#!/usr/bin/env bash
# Writes the expected output of golden tests FROM GO (never from csp):
#
#   tests/golden_expect.sh tests/golden/maps/basic.csp [more.csp...]
#
# For each NAME.csp, runs it with ../shared/conformance/go-as-csp (Go's
# toolchain, from the test's folder, stdin NAME.in or empty) and writes
#   NAME.out     Go's stdout
#   NAME.code    Go's exit status, when not 0 (else removed)
#   NAME.stderr  when Go exits 1 with a compile error: the first
#                `NAME.csp:L:C: message` line; when it panics (exit 2): the
#                first `panic:`/`fatal error:` line and `goroutine 1 [running]:`
#                (else removed)
# Review the .stderr of compile errors: where Go 1.19's wording differs from
# Go 1.22's (which csp follows), cut the line back to `NAME.csp:L:C:` or to
# the words both share (e.g. `syntax error: unexpected newline`); a later
# run keeps such a shortened line as long as Go's line still starts with it.
#
# A file marked `// expected output written by hand` (Go 1.22 features that
# Go 1.19 lacks) is left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shim=${GO_AS_CSP:-$here/../../shared/conformance/go-as-csp}
[[ -x $shim ]] || { echo "golden_expect: no Go shim at $shim" >&2; exit 2; }
(($#)) || { sed -n '2,17p' "$0"; exit 2; }

for src in "$@"; do
  base=${src%.csp}
  name=$(basename "$src")
  if grep -q 'expected output written by hand' "$src"; then
    echo "skip $src (expected output written by hand)"
    continue
  fi
  input=/dev/null
  [[ -f $base.in ]] && input=$(realpath "$base.in")
  err=$(mktemp)
  code=0
  (cd "$(dirname "$src")" && "$shim" run "$name" <"$input") >"$base.out" 2>"$err" || code=$?
  old_stderr=$(cat "$base.stderr" 2>/dev/null || true)
  rm -f "$base.code" "$base.stderr"
  if ((code != 0)); then
    echo "$code" >"$base.code"
    if ((code == 1)) && grep -qE "^$name:[0-9]+:[0-9]+: " "$err"; then
      line=$(grep -m1 -E "^$name:[0-9]+:[0-9]+: " "$err")
      # keep a reviewed, shortened line when Go's still starts with it
      if [[ -n $old_stderr && $line == "$old_stderr"* ]]; then line=$old_stderr; fi
      echo "$line" >"$base.stderr"
    elif ((code == 2)) && grep -qE '^(panic: |fatal error: )' "$err"; then
      { grep -m1 -E '^(panic: |fatal error: )' "$err"
        grep -m1 -E '^goroutine 1 \[' "$err" || true; } >"$base.stderr"
    fi
  fi
  echo "$src: exit $code$([[ -f $base.stderr ]] && echo ", $(head -1 "$base.stderr")")"
  rm -f "$err"
done
