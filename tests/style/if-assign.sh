#!/usr/bin/env bash
# style/if-assign: no assignment inside an `if` condition in any tracked C
# file (STYLE.md habit 12). scripts/check-if-assign does the looking; this
# first proves on a sample that it finds what it should and nothing else,
# then runs it over the tree and fails listing FILE:LINE of each.
set -euo pipefail
: "${SRCDIR:?SRCDIR must name the source tree}"

check="$SRCDIR/scripts/check-if-assign"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/recoup-if-assign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Lines marked BAD must be reported, every other line must not be.
cat >"$tmp/sample.c" <<'SAMPLE'
int f(int);
#define STEP(x) do { int s_; if ((s_ = f(x)) != 0) return s_; } while (0) /* BAD */
#if DEBUG == 1
#endif
int sample(int a, char *p, const char *s)
{
	int ret = 0, c;
	struct pt { int x, y; } q;

	if ((ret = f(a)) < 0) /* BAD */
		return ret;
	if (!(p = 0)) /* BAD */
		return 1;
	if (a && (ret = f(a)) < 0) /* BAD */
		return ret;
	if (a == 1) {
	} else if ((ret = f(a))) { /* BAD */
	}
	if (a > 0 ||
	    (ret = f(a)) < 0) /* BAD */
		return ret;
	if ((a += 2) > 3) /* BAD */
		return a;
	if ((a <<= 1) > 3) /* BAD */
		return a;
	if (a == 1 || a != 2 || a <= 3 || a >= 4 || (a << 1) > 2 || (a >> 1) < 2)
		return 0;
	if (s[0] == '=' || !strcmp(s, "a = b") || strchr("=+-", s[0]))
		return 0;
	if (a /* a = 1 */ > 0) // b = 2
		return 0;
	if (((struct pt){ .x = 1, .y = 2 }).x == a)
		return 0;
	while ((c = f(a)) != -1)
		a++;
	for (int i = 0; i < a; i++)
		q.x = i;
	return ret;
}
SAMPLE

fail=0
want=$(grep -n 'BAD' "$tmp/sample.c" | cut -d: -f1 | tr '\n' ' ')
if out=$("$check" "$tmp/sample.c" 2>/dev/null); then
	echo "not ok - the checker passed a sample with assignments inside if conditions"
	fail=1
fi
got=$(printf '%s\n' "$out" | sed -n 's/^[^:]*:\([0-9]*\):.*/\1/p' | tr '\n' ' ')
if [[ $got != "$want" ]]; then
	echo "not ok - on the sample the checker reported lines '$got', not '$want':"
	printf '%s\n' "$out"
	fail=1
else
	echo "ok - on the sample the checker reports exactly the lines $want"
fi

if git -C "$SRCDIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git -C "$SRCDIR" ls-files '*.c' '*.h')
else
	mapfile -t files < <(cd "$SRCDIR" && find src tests bench -name '*.[ch]' | sort)
fi
if (cd "$SRCDIR" && "$check" "${files[@]}"); then
	echo "ok - no assignment inside an if condition in ${#files[@]} C files"
else
	echo "not ok - assignments inside if conditions (above): assign first, then test (STYLE.md habit 12)"
	fail=1
fi
exit $fail
