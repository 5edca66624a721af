# bench/lib.sh: helpers for the benchmark scripts (sourced, bash).
# Nothing here starts or changes anything by itself.

HZ=$(getconf CLK_TCK)

now() { date +%s.%N; }

# wait_for SECONDS CMD...: poll CMD every 20 ms until it succeeds
wait_for()
{
  local end i
  end=$(( ${1%.*} * 50 ))
  shift
  for (( i = 0; i <= end; i++ )); do
    "$@" && return 0
    sleep 0.02
  done
  return 1
}

# proc_tree PID: PID and the children of each of its threads
proc_tree()
{
  local t
  echo "$1"
  for t in /proc/"$1"/task/*/children; do
    cat "$t" 2>/dev/null
  done | tr ' ' '\n' | sed '/^$/d'
}

# cpu_ticks PID...: "UTIME STIME" in clock ticks, summed over the
# processes; /proc/PID/stat of a process counts all its threads
cpu_ticks()
{
  local p s u=0 k=0 f
  for p; do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    read -ra f <<< "${s##*) }"     # fields from the 3rd on: state is f[0]
    u=$(( u + f[11] )) k=$(( k + f[12] ))
  done
  echo "$u $k"
}

# status_kb PID FIELD: a kB value of /proc/PID/status ("-" if absent)
status_kb()
{
  local v
  v=$(sed -n "s/^$2:[[:space:]]*\([0-9]*\).*/\1/p" "/proc/$1/status" 2>/dev/null)
  echo "${v:--}"
}

# median NUMBER...: the median (mean of the middle two for an even count);
# "-" entries are ignored, "-" if none is left
median()
{
  printf '%s\n' "$@" | grep -v '^-$' | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (!NR) { print "-"; exit }
      if (NR % 2) print v[(NR + 1) / 2]
      else printf "%.10g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# div A B [SCALE]: A / B * SCALE, "-" if A or B is "-" or B is 0
div()
{
  if [ "$1" = - ] || [ "$2" = - ]; then echo -; return; fi
  awk -v a="$1" -v b="$2" -v s="${3:-1}" \
    'BEGIN { if (b == 0) print "-"; else printf "%.10g\n", a / b * s }'
}

# fmt FORMAT VALUE: printf for numbers that may be "-"
fmt()
{
  if [ "$2" = - ] || [ -z "$2" ]; then echo -; else printf "$1" "$2"; fi
}
