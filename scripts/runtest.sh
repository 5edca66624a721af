# runtest.sh: the test helpers, sourced by scripts/test.sh for each file.
#   testing NAME CMD EXPECTED INPUT STDIN
# evaluates CMD in a subshell (the file's functions and variables are
# there; its background jobs are not the subshell's to wait for), INPUT in
# the file ./input and STDIN on its standard
# input, and compares its stdout with EXPECTED byte for byte (echo -e
# escapes allowed in EXPECTED, INPUT and STDIN). Fold the exit status and
# stderr into CMD (; echo $?, 2>&1) to check them.

: "${JK_RESULTS:=/dev/null}"
SKIPNEXT=

result()   # PASS|FAIL|SKIP NAME [why]
{
  printf '%s: %s%s\n' "$1" "$2" "${3:+ ($3)}"
  printf '%s\n' "$1" >> "$JK_RESULTS"
}

testing()
{
  [ $# -eq 5 ] || { echo "testing needs 5 arguments, got $#: $1" >&2; exit 1; }
  local name="$CMDNAME $1"
  if [ -n "$SKIPNEXT" ]; then
    result SKIP "$name" "$SKIPNEXT"
    SKIPNEXT=
    return 0
  fi
  printf '%b' "$4" > input
  printf '%b' "$5" > stdin
  printf '%b' "$3" > expected
  ( eval "$2" ) < stdin > actual 2> stderr
  if cmp -s expected actual; then
    result PASS "$name"
  else
    result FAIL "$name"
    echo "  command: $2"
    diff -u expected actual | sed 's/^/  /' | head -40
    [ -s stderr ] && sed 's/^/  stderr: /' stderr | head -10
    [ -n "$JK_STOP" ] && exit 1
  fi
  return 0
}

testcmd()
{
  testing "$1" "\"$C\" $2" "$3" "$4" "$5"
}

# skip the next test unless the command succeeds
skipnot()
{
  "$@" >/dev/null 2>&1 || SKIPNEXT="${SKIPWHY:-condition not met}"
}

# needroot || return: the rest of the file needs root
needroot()
{
  [ "$(id -u)" = 0 ] && return 0
  result SKIP "$CMDNAME" "needs root"
  return 1
}

# optional APPLET || return: the file needs APPLET built in
optional()
{
  "$JK_BIN" --list | grep -qx "$1" && return 0
  result SKIP "$CMDNAME" "$1 not in config.in"
  return 1
}

# skip_san || return: the rest needs a real setuid/static binary
skip_san()
{
  [ -z "$SAN" ] && return 0
  result SKIP "$CMDNAME" "not under the sanitizer build"
  return 1
}

# a skip with a reason for the rest of the file
skip_rest()
{
  result SKIP "$CMDNAME" "$1"
}

# run a command as USER (uid, gid and groups of the user, from /etc)
as_user()
{
  local u=$1; shift
  setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --init-groups -- "$@"
}

# wait_for SECONDS CMD...: poll every 20 ms until CMD succeeds
wait_for()
{
  local t=$(( $1 * 50 )); shift
  while [ $t -gt 0 ]; do
    "$@" 2>/dev/null && return 0
    sleep 0.02
    t=$((t - 1))
  done
  return 1
}

# mkjail NAME: a root-owned jail directory under $JAILS, printed
mkjail()
{
  local j="$JAILS/$1"
  mkdir -p "$j/dev" "$j/etc" "$j/bin"
  chmod 755 "$j" "$j/dev" "$j/etc" "$j/bin"
  echo "$j"
}

# jail_mirror JAIL PATH...: copy each host PATH to the same path in JAIL
# (cp -p), with its parent directories (mode 755) and the host's symlinks
# on the way (/lib -> usr/lib) made the same in the jail; with the
# libraries ldd names for it. For building test jails by hand.
jail_mirror()
{
  local j=$1 p lib
  shift
  for p; do
    _mirror_one "$j" "$p"
    for lib in $(ldd "$p" 2>/dev/null | grep -o '/[^ ]*'); do
      _mirror_one "$j" "$lib"
    done
  done
}

_mirror_one()
{
  local j=$1 cur= c t rest
  local -a parts
  IFS=/ read -ra parts <<< "${2#/}"
  while [ ${#parts[@]} -gt 0 ]; do
    c=${parts[0]}
    parts=("${parts[@]:1}")
    [ -n "$c" ] || continue
    cur=$cur/$c
    if [ -L "$cur" ]; then
      [ -L "$j$cur" ] || ln -s "$(readlink "$cur")" "$j$cur"
      t=$(readlink "$cur")
      case $t in /*) ;; *) t=${cur%/*}/$t ;; esac
      rest=$(IFS=/; echo "${parts[*]}")
      _mirror_one "$j" "$(realpath -m "$t")${rest:+/$rest}"
      return
    elif [ -d "$cur" ]; then
      [ -d "$j$cur" ] || { mkdir "$j$cur" && chmod 755 "$j$cur"; }
    else
      [ -e "$j$cur" ] || cp -p "$cur" "$j$cur"
    fi
  done
}
