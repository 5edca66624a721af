#!/bin/bash
# demo.sh: build a small jail under build/demo, relay its log with
# jk_socketd to a receiver standing in for syslog, log from a jailed
# program, show the rate limit biting on a flood, log a user in through
# jk_chrootsh and jk_lsh, build a jail with jk_init, and clean up.
# Runs in a private mount namespace: nothing on the host changes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
[ "$(id -u)" = 0 ] || { echo "demo: run as root (it uses chroot)" >&2; exit 1; }
if [ -z "${JK_DEMO_NS:-}" ]; then
  exec env JK_DEMO_NS=1 unshare --mount --propagation private bash "$0" "$@"
fi

D=$B/demo J=$B/demo/jail
rm -rf "$D"
mkdir -p "$J/bin" "$J/dev"
chmod 755 "$D" "$J" "$J/bin" "$J/dev"
mount -t tmpfs -o mode=755 run /run      # the control socket's home
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "1. a jail: $J with a static busybox and our static test tool"
if [ -x /bin/busybox ]; then
  cp /bin/busybox "$J/bin/busybox"
  for a in sh logger; do ln -s busybox "$J/bin/$a"; done
fi
cp "$B/jktest" "$J/bin/jktest"
ls -l "$J/bin"

say "2. a receiver standing in for syslog: $D/syslog.sock"
"$B/jktest" recv -T "$D/syslog.sock" > "$D/syslog.log" &
RPID=$!
DPID=
trap 'kill $RPID $DPID 2>/dev/null; wait 2>/dev/null; rm -rf "$D"; true' EXIT
while [ ! -S "$D/syslog.sock" ]; do sleep 0.05; done

say "3. jk_socketd relays the jail's /dev/log: 2000 bytes a second, peak 4000"
run "$B/jailkit" jk_socketd --socket="$J/dev/log" --base=2000 --peak=4000 \
  --interval=1 --upstream="$D/syslog.sock" --control="$D/ctl" -p "$D/pid"
DPID=$(cat "$D/pid")
ls -l "$J/dev/log"
echo "the daemon: pid $DPID, confined after start-up:"
grep -E '^(Uid|Groups|CapEff|CapBnd|NoNewPrivs)' "/proc/$DPID/status"
echo "root: $(readlink "/proc/$DPID/root")"

say "4. a jailed program, as nobody, logs through it"
if [ -x "$J/bin/busybox" ]; then
  run chroot --userspec=nobody:nogroup "$J" /bin/logger -t demo "hello from the jail"
else
  run chroot --userspec=nobody:nogroup "$J" /bin/jktest send /dev/log "<13>demo: hello from the jail"
fi
sleep 0.3
grep 'hello' "$D/syslog.log" | sed 's/^[0-9]* [0-9]* /syslog got: /'

say "5. a flood: 120 messages of 100 bytes (12 kB) as fast as the jail can"
echo "$ chroot --userspec=nobody:nogroup $J /bin/jktest flood /dev/log 100 120"
start=$(date +%s%N)
( chroot --userspec=nobody:nogroup "$J" /bin/jktest flood /dev/log 100 120 \
  >/dev/null; date +%s%N > "$D/flood.end" ) &
FPID=$!
for s in 1 2 3 4 5; do
  sleep 1
  n=$(grep -c ' 100 [0-9]* x' "$D/syslog.log" || true)
  printf 'after %ss: %3d messages delivered (%5d bytes)\n' "$s" "$n" $((n * 100))
done
wait $FPID
n=$(grep -c ' 100 [0-9]* x' "$D/syslog.log" || true)
echo "the jailed writer was slowed down to the limit, nothing was dropped:"
ms=$(( ($(cat "$D/flood.end") - start) / 1000000 ))
echo "  $n of 120 delivered; sending took the writer $ms ms instead of ~1 ms"
grep -m1 'over its limit' "$D/syslog.log" | sed 's/^[0-9]* [0-9]* /  syslog got: /'

say "6. SIGTERM: the daemon removes its sockets and pidfile"
kill "$DPID"
while kill -0 "$DPID" 2>/dev/null; do sleep 0.05; done
rm -f "$D/flood.end"
ls -A "$J/dev" "$D" | sed 's/^/  /'

say "7. a jailed login: jk_chrootsh puts a user in the jail, jk_lsh limits him"
# a throwaway /etc for the user, and a safe path for the jail (every
# component root-owned and not writable by others: build/ may not be)
mkdir -p "$D/etc.up" "$D/etc.work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$D/etc.up,workdir=$D/etc.work" /etc
mount -t tmpfs -o mode=755 demo /mnt
mkdir /mnt/jail
mount --bind "$J" /mnt/jail
cp "$B/jailkit-suid" /mnt/jk_chrootsh
chmod 4755 /mnt/jk_chrootsh
useradd -M -d /mnt/jail/./home/demo -s /mnt/jk_chrootsh demo
u=$(id -u demo) g=$(id -g demo)
mkdir -p "$J/home/demo" "$J/etc/jailkit" "$J/usr/sbin" /etc/jailkit
chown demo: "$J/home/demo"
echo "demo:x:$u:$g::/home/demo:/usr/sbin/jk_lsh" > "$J/etc/passwd"
echo "demo:x:$g:" > "$J/etc/group"
cp "$B/jailkit" "$J/usr/sbin/jk_lsh"
for a in ls pwd id; do ln -sf busybox "$J/bin/$a"; done
printf '[demo]\nexecutables = /bin/ls, /bin/pwd, /bin/id\npaths = /bin\n' \
  > "$J/etc/jailkit/jk_lsh.ini"
printf '[DEFAULT]\nenv = TERM\n' > /etc/jailkit/jk_chrootsh.ini
echo "user demo: home /mnt/jail/./home/demo, shell jk_chrootsh (setuid root);"
echo "in the jail: shell jk_lsh, allowed: ls, pwd, id"
for cmd in pwd 'ls /' id 'cat /etc/shadow'; do
  printf '$ (as demo) jk_chrootsh -c %s\n' "'$cmd'"
  setpriv --reuid="$u" --regid="$g" --init-groups /mnt/jk_chrootsh -c "$cmd" \
    2>&1 | sed 's/^/  /' || true
done

say "8. jk_init: a jail for sftp and rsync from the built-in sections"
rm -f /etc/jailkit/jk_init.ini          # (in the throwaway /etc)
run "$B/jailkit" jk_init -j /mnt/files sftp rsync
echo "$(find /mnt/files -type f | wc -l) files, $(du -sh /mnt/files | cut -f1); every program found its libraries:"
sftp=$(cd /mnt/files && ls usr/lib/*/sftp-server usr/lib/*/*/sftp-server 2>/dev/null | head -1)
echo "$ chroot /mnt/files rsync --version"; chroot /mnt/files rsync --version | head -1
[ -n "$sftp" ] && { printf '$ chroot /mnt/files /%s -h\n' "$sftp"; chroot /mnt/files "/$sftp" -h 2>&1 | head -1; }
libc=$(cd /mnt/files && ls lib/*/libc.so.* lib/libc.musl* 2>/dev/null | head -1)
[ -n "$libc" ] && run "$B/jailkit" jk_init -j /mnt/files --explain "/$libc" rsync
umount /mnt/jail /mnt /etc

echo
echo "demo done; build/demo is removed."
