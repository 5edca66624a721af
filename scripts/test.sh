#!/bin/bash
# test.sh [FILE.test...]: run the test files and print the summary line
#   N passed, N failed, N skipped
# As root it re-runs itself in a private mount namespace with throwaway
# overlays on /etc and /dev, and each file in its own pid namespace, so
# nothing on the host changes and no daemon outlives its file.
# SAN=1 tests build/san/jailkit. JK_STOP=1 stops at the first failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build

if [ "$(id -u)" = 0 ] && [ -z "${JK_NS:-}" ]; then
  exec env JK_NS=1 unshare --mount --propagation private bash "$0" "$@"
fi

# the scratch area; overlays and jails live in a tmpfs of their own
work=$(mktemp -d /tmp/jktest.XXXXXX)
trap 'umount -R "$work" 2>/dev/null; rm -rf "$work"' EXIT
export JAILS=$work/jails
mkdir -p "$JAILS"
if [ -n "${JK_NS:-}" ]; then
  mount -t tmpfs -o mode=755 jktest "$work"
  chmod 755 "$work"
  mkdir -p "$work/etc.up" "$work/etc.work" "$work/dev.up" "$work/dev.work"
  mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/etc.up,workdir=$work/etc.work" /etc
  mount -t overlay overlay -o "lowerdir=/dev,upperdir=$work/dev.up,workdir=$work/dev.work" /dev
  mkdir -p /dev/pts /dev/shm
  mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
  mount -t tmpfs tmpfs /dev/shm
  mount -t tmpfs -o mode=755 run /run
  rm -f /dev/log
  rm -rf /etc/jailkit
  mkdir -m 755 /etc/jailkit
  # jails need root-owned, non-writable parents: /tmp (1777) is refused
  mount -t tmpfs -o mode=755 jails /mnt
  export JAILS=/mnt
fi

JK_BIN=$B/jailkit LIBTEST=$B/libtest
if [ -n "${SAN:-}" ]; then
  JK_BIN=$B/san/jailkit LIBTEST=$B/san/libtest
  # No leak check here: a chrooted daemon cannot show LeakSanitizer its
  # /proc, and the die-on-error paths exit holding memory by design. The
  # fuzz targets (make fuzz) do check for leaks.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
fi
[ -x "$JK_BIN" ] || { echo "test.sh: $JK_BIN not built" >&2; exit 1; }
export JK_BIN LIBTEST JK_TEST=$B/jktest FILES=$top/tests/files TOP=$top SAN=${SAN:-}
testdir=$work/bin
mkdir -p "$testdir"
for a in $("$JK_BIN" --list); do ln -sf "$JK_BIN" "$testdir/$a"; done
export PATH=$testdir:$PATH

export JK_RESULTS=$work/results
: > "$JK_RESULTS"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$top"/tests/*.test)

for f in "${files[@]}"; do
  name=$(basename "$f" .test)
  dir=$(mktemp -d "$work/t.XXXXXX")
  chmod 755 "$dir"
  run=(bash -c 'cd "$1" && . "$2" && . "$3"' runtest "$dir" "$top/scripts/runtest.sh" "$f")
  if [ -n "${JK_NS:-}" ]; then
    # its own pid namespace, and its own empty $JAILS: files never meet
    run=(unshare --pid --fork --mount-proc --kill-child bash -c \
      'mount -t tmpfs -o mode=755 jails "$JAILS" && exec "$@"' jails "${run[@]}")
  fi
  CMDNAME=$name C=$testdir/$name "${run[@]}"
done

pass=$(grep -c '^PASS' "$JK_RESULTS")
fail=$(grep -c '^FAIL' "$JK_RESULTS")
skip=$(grep -c '^SKIP' "$JK_RESULTS")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
