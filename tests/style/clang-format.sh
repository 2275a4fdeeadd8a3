#!/usr/bin/env bash
# style/clang-format: every tracked C file is as clang-format and the
# committed .clang-format leave it (STYLE.md habit 12; `make format` fixes
# it). First proves on a badly laid-out sample that the check can fail.
set -euo pipefail
: "${SRCDIR:?SRCDIR must name the source tree}"

command -v clang-format >/dev/null || {
	echo "not ok - clang-format is not installed (scripts/install-deps installs it)"
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/recoup-clang-format.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail=0
cp "$SRCDIR/.clang-format" "$tmp/"
printf 'int f(int a){\n  if(a) return 1;\n  return 0;}\n' >"$tmp/sample.c"
if (cd "$tmp" && clang-format --dry-run --Werror sample.c) 2>/dev/null; then
	echo "not ok - clang-format --dry-run --Werror passed a badly laid-out sample"
	fail=1
else
	echo "ok - the check fails on a badly laid-out sample"
fi

if git -C "$SRCDIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git -C "$SRCDIR" ls-files '*.c' '*.h')
else
	mapfile -t files < <(cd "$SRCDIR" && find src tests bench -name '*.[ch]' | sort)
fi
if (cd "$SRCDIR" && clang-format --dry-run --Werror "${files[@]}"); then
	echo "ok - ${#files[@]} C files as clang-format ($(clang-format --version | sed 's/.*version //')) lays them out"
else
	echo "not ok - the files above are not as clang-format lays them out: run make format"
	fail=1
fi
exit $fail
