#!/bin/sh
# install.sh DESTDIR PREFIX BUILDDIR: install the binaries, the jk_*
# symlinks where Debian's jailkit has them (jk_uchroot in bin, the rest in
# sbin), the man pages, and the default /etc/jailkit/*.ini files where none
# exist. AF_SUID applets link to jailkit-suid (setuid root, or with CAPS=1
# file capabilities), everything else to jailkit, which is never setuid.
set -e
dest=$1 prefix=$2 build=$3
top=$(dirname "$0")/..
sbin=$dest$prefix/sbin bin=$dest$prefix/bin
man=$dest$prefix/share/man/man8 etc=$dest/etc/jailkit

mkdir -p "$sbin" "$bin" "$man" "$etc"
install -m 0755 "$build/jailkit" "$sbin/jailkit"
if [ -n "${CAPS:-}" ]; then
  install -m 0755 "$build/jailkit-suid" "$sbin/jailkit-suid"
  setcap cap_sys_chroot,cap_setuid,cap_setgid+ep "$sbin/jailkit-suid"
else
  install -m 4755 -o 0 -g 0 "$build/jailkit-suid" "$sbin/jailkit-suid"
fi

# one line per applet in build/applets.h: APPLET(name, flags, "usage")
sed -n 's/^APPLET[A-Z_]*(\([a-z_]*\), *\([A-Z_|]*\),.*/\1 \2/p' \
  "$build/applets.h" | while read -r name flags; do
  target=jailkit dir=$sbin
  case "$flags" in *AF_SUID*) target=jailkit-suid;; esac
  case "$flags" in *AF_BIN*) dir=$bin; target=../sbin/$target;; esac
  ln -sfn "$target" "$dir/$name"
  # not "[ -f ] && install": a false test last would fail the loop (set -e)
  if [ -f "$top/docs/$name.8" ]; then
    install -m 0644 "$top/docs/$name.8" "$man/"
  fi
done

for f in "$top"/etc/jailkit/*.ini; do
  [ -e "$f" ] || continue
  if [ -e "$etc/${f##*/}" ]; then
    echo "install: keeping your $etc/${f##*/}"
  else
    install -m 0644 "$f" "$etc/"
  fi
done
