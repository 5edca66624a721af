/* libtest: runs lib/ functions from the shell for tests/lib_*.test.
 *
 *   libtest ini [-c] [-l] [-p] FILE [SECTION KEY]   parse FILE; print
 *       every section and key ("[name]" / "key=value"), or one value;
 *       errors as LINE: MSG. -c: indented lines continue a value; -l: put
 *       the line number and a blank before each section and key; -p: read
 *       the file here and call ini_parse (not ini_load) on all of it
 *   libtest inilong|inidouble [-c] [-p] FILE SECTION KEY LO HI
 *   libtest inibool [-c] [-p] FILE SECTION KEY
 *       the typed getters: the value, "(absent)" (exit 1) or "bad" (exit
 *       1; "bad (changed)" if the output was written anyway)
 *   libtest iniexpand [-c] FILE SECTION KEY [LEN]
 *       the value after configparser's %% and %(name)s (DEFAULT is the
 *       fallback), or "error: WHY" (exit 1)
 *   libtest list [-n LEN] VALUE      print the elements of a comma list,
 *       "too long" (exit 1) for one that does not fit LEN bytes (16)
 *   libtest pw|gr [-b LEN] FILE NAME         look up an entry by name
 *   libtest pwuid|grgid [-b LEN] FILE ID     look up an entry by id
 *       print it as a file line, "(absent)" (exit 1), or "error: ERRNO"
 *       (exit 1); -b: the buffer size (default PW_LINE_MAX)
 *   libtest member FILE GROUP USER   "yes" (exit 0) or "no" (exit 1)
 *   libtest grlogin FILE GID USER [MAX]   gr_login: the entry of GID (or
 *       "(absent)", "error: ERRNO"), then "groups GID..." or "groups
 *       error: ERRNO"
 *   libtest pwline|grline LINE       parse one line: the entry or "bad"
 *   libtest safepath [-a] [-m] [-r] [-e] PATH   "ok", "ok (parent)" when
 *       -m gave the parent of a missing last component, or the reason
 *       (exit 1); -a: SAFEPATH_LAST_ANY_OWNER, -m: SAFEPATH_LAST_MAY_MISS,
 *       -r: SAFEPATH_READ, then "ok (read N)" (one byte read: N is 1 or
 *       0) or "ok (read: ERRNO)"; -e: put the errno name before the
 *       reason
 *   libtest inside ROOT PATH         "yes" (exit 0) or "no" (exit 1)
 *   libtest join A B [LEN]           path_join into a LEN-byte buffer
 *   libtest clean PATH               path_clean: the path or "error: ERRNO"
 *   libtest vfmt COUNT    log_vfmt against vsnprintf on COUNT random
 *       formats, arguments and buffer lengths: "N checked, M differ"
 *   libtest sys PATH...   lib/sys.h against libc: "impl: raw|libc", then
 *       per path (opened O_PATH|O_NOFOLLOW) "PATH: same" (fd, fstat,
 *       fstatat, bytes read, a symlink's text), "PATH: ERRNO" or what
 *       differs; then the
 *       errors of fd -1 and a missing path
 *
 *   libtest privs OP...   privs.c, one step after the other, each printing
 *       "NAME: ok" or "NAME: ERRNO": drop UID GID CAPS (drop_to),
 *       dropsetuid, raise CAPS, lower, bound KEEP (caps_bound_all),
 *       setuid0 (try setuid(0)), read FILE (open it for reading); status
 *       prints the Uid, Gid, Groups, CapInh, CapPrm, CapEff and CapAmb
 *       lines of /proc/self/status, bnd the CapBnd line; exec PATH ARG...
 *       runs PATH with the remaining arguments. CAPS are decimal masks.
 *   libtest fds [-c LOWFD]   close_from(LOWFD) (-c), then list the open
 *       descriptors
 *   libtest stdio REPORT     stdio_guard(), then write to the file REPORT
 *       one line per fd 0-2: "N /dev/null|other|closed MODE", and the
 *       fd REPORT itself got
 *   libtest log OP...     log.c, one step after the other: open IDENT
 *       FACILITY FLAGS, flags N, setfd PATH (log_connect + log_set_fd),
 *       pair dgram|stream (log_set_fd to one end of a socketpair), drain
 *       (print what arrived at its other end: "LEN TEXT", \0 for NUL),
 *       msg PRIO TEXT, msgn COUNT PRIO TEXT, error TEXT, perror ERRNO
 *       TEXT, die TEXT, pdie ERRNO TEXT, exit CODE TEXT, usage TEXT,
 *       status (log_status), print TEXT (on stdout), child (log_in_child),
 *       atexit (an exit handler that says so on stderr), fds, chroot DIR
 *   libtest logfmt LEN PRI IDENT MSG   log_format into a LEN-byte buffer
 *       (+N/-N: N more or less than the exact fit): "RET LINE"
 *   libtest getopt ARG...   getopt_long("+:ab:", --long, --arg=X, --line)
 *       with opterr = 0: print each option, usage_option_exit on errors
 *   libtest long|double STR LO HI   parse_long/parse_double: the value or
 *       "error: ERRNO" (exit 1)
 *   libtest atol NAME STR LO HI      xatol_range
 *   libtest strlcpy LEN SRC          xstrlcpy into a LEN-byte buffer
 *   libtest snprintf LEN STR         xsnprintf(buf, LEN, "<%s>", STR)
 *   libtest pipe TOTAL READ CHUNK    a child write_all()s TOTAL bytes into
 *       a pipe, CHUNK per call with a pause after each, under a 1 ms
 *       interval timer (", interrupted" if it fired); the parent waits
 *       50 ms, then read_all()s READ bytes under one too: what each got
 *   libtest xread LEN | xwrite LEN   xread_all from fd 0 / xwrite_all
 *       LEN bytes to fd 1
 *
 *   libtest jail OP ARG...   lib/jail.c, one call; errors print
 *       "error: ERRNO[: why]" (exit 1):
 *     split HOME                 jail_split_home: "JAIL HOME"
 *     section FILE USER GROUP    jail_section: the name, or "(none)"
 *     env LIST [NAME=VALUE...]   jail_env_take, jail_env_keep for each
 *         name of the comma LIST (a refused one prints "NAME: ERRNO"),
 *         jail_env_set for each NAME=VALUE: the entries, one a line
 *     groups FILE USER GID [MAX] gr_groups: the gids
 *     open PATH                  jail_open: "ok"
 *     walk [-s] JAIL PATH        jail_walk from jail_open(JAIL), -s
 *         JAIL_WALK_STRICT: "ok dir|file|symlink|other"
 *     drop UID GID [GID,...]     jail_drop: "ok", then the Uid, Gid,
 *         Groups and Cap* lines of /proc/self/status; or "step N: ERRNO"
 *
 *   libtest elf FILE   elf_parse of the whole file: "class 32|64", "data
 *       LSB|MSB", "machine N", "type EXEC|DYN", then "interp PATH",
 *       "needed NAME" (one a line), "rpath", "runpath", "soname" where
 *       present, "static yes|no"; or "error N: REASON" (exit 1)
 *   libtest origin ENTRY ORIGIN LIB PLATFORM [LEN]   elf_expand_origin
 *       into a LEN-byte buffer (default PATH_MAX); "-" passes NULL: the
 *       result, "too long" or "unset" (exit 1)
 *   libtest deps PATH [ROOT]   elf_deps: one line per file, "interp P",
 *       "lib NAME -> P", "link P -> TARGET", "file P" (the end of a
 *       chain), "missing NAME"; exit 1 if anything is missing; or
 *       "error N: REASON" (exit 1)
 *
 *   libtest pwset [-d DIR] PATH KEY [LINE]   pwfile_set (no LINE: remove),
 *       relative to the directory DIR with -d: "ok" or "error: ERRNO: why"
 *   libtest pwget [-d DIR] [-b LEN] PATH KEY   pwfile_get: the line,
 *       "(absent)" (exit 1) or "error: ERRNO" (exit 1)
 *   libtest pwlock SECONDS [CMD ARG...]   pw_lock_wait: "locked" (or
 *       "error: ERRNO: why", exit 1), then runs CMD (no shell) and unlocks
 *       after it: CMD's status
 *   libtest copy [-fkoslung] [-w] JAIL PATH...   lib/copy: copy_path of
 *       each PATH into JAIL (opened O_PATH, not checked) with COPY_FORCE,
 *       HARDLINK, OWNER, SETUID, LIBS, UPDATE, DRYRUN, GLOB; one line per
 *       report: "EVENT PATH: DETAIL" (-w: " [WHY]" after it), then
 *       "errors N missing N"; exit 1 if copy_path failed
 *   libtest mkdir JAIL MODE PATH   copy_mkdir (octal MODE), reported so
 */
#include "jk.h"
#include "copy.h"
#include <dirent.h>
#include <sys/time.h>

static int usage(void)
{
  fprintf(stderr, "usage: libtest ini [-c] [-l] [-p] FILE [SECTION KEY] |\n"
          "  inilong|inidouble [-c] [-p] FILE SECTION KEY LO HI |\n"
          "  inibool [-c] [-p] FILE SECTION KEY | iniexpand FILE SEC KEY [LEN] |\n"
          "  list [-n LEN] VALUE |\n"
          "  pw|gr|pwuid|grgid [-b LEN] FILE KEY | member FILE GROUP USER |\n"
          "  pwline|grline LINE | safepath [-a] [-m] [-r] [-e] PATH |\n"
          "  inside ROOT PATH | join A B [LEN] | clean PATH | sys PATH... |\n"
          "  vfmt COUNT |\n"
          "  privs OP... | fds [-c LOWFD] | stdio REPORT | log OP... |\n"
          "  logfmt LEN PRI IDENT MSG | getopt ARG... |\n"
          "  long|double STR LO HI | atol NAME STR LO HI |\n"
          "  strlcpy|snprintf LEN STR | memeq A B | pipe TOTAL READ CHUNK |\n"
          "  xread|xwrite LEN | jail OP ARG... | suid OP ARG... |\n"
          "  elf FILE |\n"
          "  origin ENTRY ORIGIN LIB PLATFORM [LEN] | deps PATH [ROOT] |\n"
          "  pwset [-d DIR] PATH KEY [LINE] | pwget [-d DIR] [-b LEN] PATH KEY |\n"
          "  pwlock SECONDS [CMD ARG...] |\n"
          "  copy [-fkoslung] [-w] JAIL PATH... | mkdir JAIL MODE PATH\n");
  return 2;
}

/* parse the ini options and load the file; NULL (after printing the
 * error) if it cannot be loaded. *argi: the first argument after them. */
static struct ini *ini_open(int argc, char **argv, int *argi, int *lines)
{
  struct ini *ini = xzalloc(sizeof(*ini));
  int i, parse = 0, r;

  for (i = 2; i < argc - 1 && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "-c")) ini->continuation = 1;
    else if (!strcmp(argv[i], "-p")) parse = 1;
    else if (lines && !strcmp(argv[i], "-l")) *lines = 1;
    else break;
  }
  *argi = i;
  if (i >= argc) return ini;
  if (parse) {
    /* twice the limit: ini_parse must refuse more itself */
    char *buf = xmalloc(2 * INI_MAX_SIZE);
    int fd = xopen(argv[i], O_RDONLY);

    r = ini_parse(ini, buf, xread_all(fd, buf, 2 * INI_MAX_SIZE));
    close(fd);
    free(buf);
  } else r = ini_load(ini, argv[i]);
  if (r) {
    if (ini->err_line || ini->err_msg)
      printf("%d: %s\n", ini->err_line, ini->err_msg);
    else printf("0: %s\n", strerror(errno));
    free(ini);
    return 0;
  }
  return ini;
}

static int ini_cmd(int argc, char **argv)
{
  struct ini *ini;
  int i, j, lines = 0;

  if (!(ini = ini_open(argc, argv, &i, &lines))) return 1;
  if (argc - i != 1 && argc - i != 3) return usage();
  if (argc - i == 3) {
    const char *v = ini_get(ini, ini_section(ini, argv[i + 1]), argv[i + 2]);

    if (!v) return puts("(absent)"), 1;
    printf("%s\n", v);
    return 0;
  }
  for (i = 0; i < ini->nsec; i++) {
    if (lines) printf("%d ", ini->sec[i].line);
    printf("[%s]\n", ini->sec[i].name);
    for (j = 0; j < ini->sec[i].count; j++) {
      const struct ini_kv *kv = &ini->kv[ini->sec[i].first + j];

      if (lines) printf("%d ", kv->line);
      printf("%s=%s\n", kv->key, kv->val);
    }
  }
  return 0;
}

/* iniexpand [-c] FILE SECTION KEY [LEN]: the value with configparser's
 * interpolation (DEFAULT as the fallback section) */
static int expand_cmd(int argc, char **argv)
{
  struct ini *ini;
  const char *v, *err;
  char out[4096];
  long len = sizeof(out);
  int i;

  if (!(ini = ini_open(argc, argv, &i, 0))) return 1;
  if (argc - i != 3 && argc - i != 4) return usage();
  if (argc - i == 4) len = xatol_range("LEN", argv[i + 3], 0, sizeof(out));
  v = ini_get(ini, ini_section(ini, argv[i + 1]), argv[i + 2]);
  if (!v) return puts("(absent)"), 1;
  if (ini_expand(ini, ini_section(ini, argv[i + 1]),
                 ini_section(ini, "DEFAULT"), v, out, len, &err))
    return printf("error: %s\n", err), 1;
  printf("%s\n", out);
  return 0;
}

static int getter_result(int r, int changed)
{
  if (r == INI_ABSENT) puts("(absent)");
  if (r == INI_BAD) puts(changed ? "bad (changed)" : "bad");
  return r != INI_OK;
}

/* inilong|inidouble|inibool [-c] [-p] FILE SECTION KEY [LO HI] */
static int getter_cmd(int argc, char **argv)
{
  const struct ini_sec *s;
  struct ini *ini;
  int i, r, b = 42;

  if (!(ini = ini_open(argc, argv, &i, 0))) return 1;
  if (argc - i != (strcmp(argv[1], "inibool") ? 5 : 3)) return usage();
  s = ini_section(ini, argv[i + 1]);
  if (!strcmp(argv[1], "inilong")) {
    long lo = xatol_range("LO", argv[i + 3], LONG_MIN, LONG_MAX);
    long hi = xatol_range("HI", argv[i + 4], LONG_MIN, LONG_MAX), v = 4242;

    r = ini_get_long(ini, s, argv[i + 2], lo, hi, &v);
    if (r == INI_OK) printf("%ld\n", v);
    return getter_result(r, v != 4242);
  }
  if (!strcmp(argv[1], "inidouble")) {
    double lo = strtod(argv[i + 3], 0), hi = strtod(argv[i + 4], 0), v = 42.5;

    r = ini_get_double(ini, s, argv[i + 2], lo, hi, &v);
    if (r == INI_OK) printf("%g\n", v);
    return getter_result(r, v != 42.5);
  }
  r = ini_get_bool(ini, s, argv[i + 2], &b);
  if (r == INI_OK) printf("%d\n", b);
  return getter_result(r, b != 42);
}

static int list_cmd(int argc, char **argv)
{
  long len = 16;
  const char *cur;
  char *el;
  int r;

  if (argc == 5 && !strcmp(argv[2], "-n")) {
    len = xatol_range("-n", argv[3], 0, 4096);
    argv += 2;
    argc -= 2;
  }
  if (argc != 3) return usage();
  cur = argv[2];
  el = xmalloc(len + !len);   /* exactly len, so overruns show */
  while ((r = ini_list_next(&cur, el, len)) > 0) printf("<%s>\n", el);
  if (r < 0) puts("too long");
  free(el);
  return r < 0;
}

/* errno names, not strerror(): musl's and glibc's texts differ */
static const char *errname(int e)
{
  static const struct { int e; const char *name; } t[] = {
    {ENOENT, "ENOENT"}, {EINVAL, "EINVAL"}, {ERANGE, "ERANGE"},
    {EPERM, "EPERM"}, {ELOOP, "ELOOP"}, {ENOTDIR, "ENOTDIR"},
    {ENAMETOOLONG, "ENAMETOOLONG"}, {EACCES, "EACCES"}, {E2BIG, "E2BIG"},
    {0, "0"},
  };
  size_t i;

  for (i = 0; i < sizeof(t) / sizeof(*t); i++)
    if (t[i].e == e) return t[i].name;
  return strerror(e);
}

static void print_pw(const struct pw_ent *e)
{
  printf("%s:%s:%lu:%lu:%s:%s:%s\n", e->name, e->passwd,
         (unsigned long)e->uid, (unsigned long)e->gid, e->gecos, e->dir,
         e->shell);
}

static void print_gr(const struct gr_ent *e)
{
  printf("%s:%s:%lu:%s\n", e->name, e->passwd, (unsigned long)e->gid,
         e->members);
}

static int lookup_result(int r)
{
  if (r < 0) printf("error: %s\n", errname(errno));
  else if (!r) puts("(absent)");
  return r != 1;
}

/* pw|gr|pwuid|grgid [-b LEN] FILE KEY */
static int lookup_cmd(int argc, char **argv)
{
  long len = PW_LINE_MAX, id = 0;
  struct pw_ent pw;
  struct gr_ent gr;
  const char *cmd = argv[1];
  char *buf;
  int r;

  argv += 2;
  argc -= 2;
  if (argc == 4 && !strcmp(argv[0], "-b")) {
    len = xatol_range("-b", argv[1], 0, 1 << 20);
    argv += 2;
    argc -= 2;
  }
  if (argc != 2) return usage();
  if (!strcmp(cmd, "pwuid") || !strcmp(cmd, "grgid"))
    id = xatol_range("id", argv[1], 0, 0xffffffffL);
  buf = xmalloc(len);   /* exactly len: overruns show under a sanitizer */
  if (!strcmp(cmd, "pw")) r = pw_byname(argv[0], argv[1], &pw, buf, len);
  else if (!strcmp(cmd, "pwuid")) r = pw_byuid(argv[0], id, &pw, buf, len);
  else if (!strcmp(cmd, "gr")) r = gr_byname(argv[0], argv[1], &gr, buf, len);
  else r = gr_bygid(argv[0], id, &gr, buf, len);
  if (r == 1 && *cmd == 'p') print_pw(&pw);
  if (r == 1 && *cmd == 'g') print_gr(&gr);
  r = lookup_result(r);
  free(buf);
  return r;
}

static int member_cmd(int argc, char **argv)
{
  char buf[PW_LINE_MAX];
  struct gr_ent gr;
  int r;

  if (argc != 5) return usage();
  r = gr_byname(argv[2], argv[3], &gr, buf, sizeof(buf));
  if (r != 1) return lookup_result(r);
  r = gr_has_member(&gr, argv[4]);
  puts(r ? "yes" : "no");
  return !r;
}

/* grlogin FILE GID USER [MAX]: gr_login's two answers */
static int grlogin_cmd(int argc, char **argv)
{
  static gid_t list[JAIL_GROUPS_MAX];
  char buf[PW_LINE_MAX];
  struct gr_ent gr;
  int r, n, i;

  if (argc != 5 && argc != 6) return usage();
  r = gr_login(argv[2], xatol_range("GID", argv[3], 0, 0x7fffffffL), &gr,
               buf, sizeof(buf), argv[4], list, argc == 6
               ? xatol_range("MAX", argv[5], 0, JAIL_GROUPS_MAX)
               : JAIL_GROUPS_MAX, &n);
  if (r == 1) print_gr(&gr);
  r = lookup_result(r);
  if (n < 0) printf("groups error: %s\n", errname(-n));
  else {
    printf("groups");
    for (i = 0; i < n; i++) printf(" %u", (unsigned)list[i]);
    putchar('\n');
  }
  return r;
}

static int line_cmd(int argc, char **argv)
{
  struct pw_ent pw;
  struct gr_ent gr;
  char *line;
  int bad;

  if (argc != 3) return usage();
  line = xstrdup(argv[2]);
  if (!strcmp(argv[1], "pwline")) {
    if (!(bad = pw_parse_line(line, &pw))) print_pw(&pw);
  } else if (!(bad = gr_parse_line(line, &gr))) print_gr(&gr);
  if (bad) {
    /* a rejected line must be left as it was, line end aside */
    size_t n = strlen(argv[2]);

    if (n && argv[2][n - 1] == '\n') n--;
    if (n && argv[2][n - 1] == '\r') n--;
    printf("bad%s\n", strlen(line) != n || memcmp(line, argv[2], n)
                      ? " (changed)" : "");
  }
  free(line);
  return !!bad;
}

static int safepath_cmd(int argc, char **argv)
{
  int flags = 0, show_errno = 0, fd, i;
  char why[256], c;
  struct stat st, now;
  ssize_t n;

  for (i = 2; i < argc - 1; i++) {
    if (!strcmp(argv[i], "-a")) flags |= SAFEPATH_LAST_ANY_OWNER;
    else if (!strcmp(argv[i], "-m")) flags |= SAFEPATH_LAST_MAY_MISS;
    else if (!strcmp(argv[i], "-r")) flags |= SAFEPATH_READ;
    else if (!strcmp(argv[i], "-e")) show_errno = 1;
    else return usage();
  }
  if (i != argc - 1) return usage();
  fd = safepath_open_stat(argv[i], flags, &st, why, sizeof(why));
  if (fd < 0) {
    if (show_errno) printf("%s: ", errname(errno));
    printf("%s\n", why);
    return 1;
  }
  /* the stat given is the fd's */
  if (fstat(fd, &now) || now.st_dev != st.st_dev || now.st_ino != st.st_ino)
    error_exit("stat is not the fd's");
  if (errno == ENOENT) {
    /* the parent's fd: it must be a directory */
    if (!S_ISDIR(st.st_mode)) error_exit("bad parent fd");
    puts("ok (parent)");
  } else if (flags & SAFEPATH_READ) {
    n = read(fd, &c, 1);
    if (n < 0) printf("ok (read: %s)\n", errname(errno));
    else printf("ok (read %d)\n", (int)n);
  } else puts("ok");
  close(fd);
  return 0;
}

static int inside_cmd(int argc, char **argv)
{
  int r;

  if (argc != 4) return usage();
  r = path_inside(argv[2], argv[3]);
  puts(r ? "yes" : "no");
  return !r;
}

static int join_cmd(int argc, char **argv)
{
  long len = PATH_MAX;
  char *buf;

  if (argc != 4 && argc != 5) return usage();
  if (argc == 5) len = xatol_range("LEN", argv[4], 1, PATH_MAX);
  buf = xmalloc(len);
  path_join(buf, len, argv[2], argv[3]);
  printf("%s\n", buf);
  free(buf);
  return 0;
}

/* log_vfmt against vsnprintf: the same text and cut for every buffer
 * length, on random formats of %s, %d, %u and %% (each pattern fixes the
 * argument types) and on formats it hands to vsnprintf */
static void vfmt_one(char *buf, size_t len, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  log_vfmt(buf, len, fmt, ap);
  va_end(ap);
}

static unsigned long rnd_state = 1;
static unsigned rnd(unsigned n)
{
  rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned)(rnd_state >> 33) % n;
}

/* random literal text, "%%" now and then */
static void rnd_text(char *out, size_t max)
{
  size_t n = rnd(max), i = 0;

  while (i < n && i + 2 < max) {
    if (!rnd(9)) {
      out[i++] = '%';
      out[i++] = '%';
    } else out[i++] = "ab: /-x()'"[rnd(10)];
  }
  out[i] = 0;
}

static int vfmt_cmd(int argc, char **argv)
{
  static const int ints[] = { 0, 1, -1, 9, 10, -10, 12345, INT_MAX,
                              INT_MIN, INT_MIN + 1 };
  char fmt[256], t[5][40], s1[1600], s2[40], a[2100], b[2100];
  const char *p;
  long n, k, bad = 0, checks = 0;
  size_t len;
  int d, i;
  unsigned u, u2;

  if (argc != 3) return usage();
  n = xatol_range("COUNT", argv[2], 1, 10000000);
  for (k = 0; k < n; k++) {
    for (i = 0; i < 5; i++) rnd_text(t[i], sizeof(t[i]));
    memset(s1, 'a' + rnd(26), sizeof(s1));
    s1[rnd(sizeof(s1))] = 0;
    rnd_text(s2, sizeof(s2));
    d = rnd(2) ? ints[rnd(10)] : (int)rnd(~0U) - (int)rnd(~0U / 2);
    u = rnd(2) ? (unsigned)ints[rnd(10)] : rnd(~0U);
    u2 = rnd(3) ? u : ~0U;
    len = rnd(4) ? 1 + rnd(2000) : 1 + rnd(40);
    switch (rnd(6)) {
    case 0:
      snprintf(fmt, sizeof(fmt), "%s%%s%s%%d%s%%u%s%%s%s", t[0], t[1],
               t[2], t[3], t[4]);
      vfmt_one(a, len, fmt, s1, d, u, s2);
      snprintf(b, len, fmt, s1, d, u, s2);
      break;
    case 1:
      snprintf(fmt, sizeof(fmt), "%s%%u%%u%s%%d%s", t[0], t[1], t[2]);
      vfmt_one(a, len, fmt, u, u2, d);
      snprintf(b, len, fmt, u, u2, d);
      break;
    case 2:          /* a null string is "(null)", as libc has it */
      p = rnd(8) ? s2 : NULL;
      snprintf(fmt, sizeof(fmt), "%s%%s%s", t[0], t[1]);
      vfmt_one(a, len, fmt, p);
      snprintf(b, len, fmt, p);
      break;
    case 3:          /* handed to vsnprintf */
      snprintf(fmt, sizeof(fmt), "%s%%.*s%s%%lu%s%%5d%%x%s", t[0], t[1],
               t[2], t[3]);
      vfmt_one(a, len, fmt, 3, s2, (unsigned long)u, d, u);
      snprintf(b, len, fmt, 3, s2, (unsigned long)u, d, u);
      break;
    case 4:          /* handed to vsnprintf after some are written */
      snprintf(fmt, sizeof(fmt), "%s%%s%s%%d%s%%x%s", t[0], t[1], t[2],
               t[3]);
      vfmt_one(a, len, fmt, s2, d, u);
      snprintf(b, len, fmt, s2, d, u);
      break;
    default:
      snprintf(fmt, sizeof(fmt), "%s%%d%s", t[0], t[1]);
      vfmt_one(a, len, fmt, d);
      snprintf(b, len, fmt, d);
    }
    checks++;
    if (strcmp(a, b)) {
      if (bad++ < 5) printf("differ: len %zu fmt '%s': '%.60s' '%.60s'\n",
                            len, fmt, a, b);
    }
  }
  printf("%ld checked, %ld differ\n", checks, bad);
  return bad != 0;
}

static int clean_cmd(int argc, char **argv)
{
  char buf[PATH_MAX];

  if (argc != 3) return usage();
  if (path_clean(buf, sizeof(buf), argv[2]))
    return printf("error: %s\n", errname(errno)), 1;
  printf("%s\n", buf);
  return 0;
}

/* errname() and a few more that only the commands below meet */
static const char *errname2(int e)
{
  if (e == EBADF) return "EBADF";
  if (e == EPIPE) return "EPIPE";
  if (e == ESRCH) return "ESRCH";
  return errname(e);
}

/* lib/sys.h against libc: the same fd or errno, the same stat, the same
 * bytes read */
static const char *stat_differs(const struct stat *a, const struct stat *b)
{
#define SAME(f) if (memcmp(&a->f, &b->f, sizeof(a->f))) return #f
  SAME(st_dev); SAME(st_ino); SAME(st_mode); SAME(st_nlink); SAME(st_uid);
  SAME(st_gid); SAME(st_rdev); SAME(st_size); SAME(st_blksize);
  SAME(st_blocks); SAME(st_atim); SAME(st_mtim); SAME(st_ctim);
#undef SAME
  return 0;
}

static void sys_path(const char *path)
{
  struct stat a, b;
  char x[4096], y[4096];
  const char *d;
  int fa = openat(AT_FDCWD, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  int ea = errno;
  int fb = sys_openat(AT_FDCWD, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  int eb = errno;
  ssize_t na, nb;

  if ((fa < 0) != (fb < 0) || (fa < 0 && ea != eb)) {
    printf("%s: open differs: %s, %s\n", path, errname2(ea), errname2(eb));
    return;
  }
  if (fa < 0) {
    printf("%s: %s\n", path, errname2(ea));
    return;
  }
  if (fstat(fa, &a) || sys_fstat(fb, &b)) d = "fstat failed";
  else if (!(d = stat_differs(&a, &b))) {
    if (fstatat(AT_FDCWD, path, &a, AT_SYMLINK_NOFOLLOW) ||
        sys_fstatat(AT_FDCWD, path, &b, AT_SYMLINK_NOFOLLOW))
      d = "fstatat failed";
    else d = stat_differs(&a, &b);
  }
  close(fa);
  if (sys_close(fb)) d = "close failed";
  if (!d && S_ISLNK(a.st_mode)) {
    na = readlinkat(AT_FDCWD, path, x, sizeof(x));
    nb = sys_readlinkat(AT_FDCWD, path, y, sizeof(y));
    if (na != nb || na < 0 || memcmp(x, y, na)) d = "readlinkat";
  }
  if (!d && S_ISREG(a.st_mode)) {
    fa = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    fb = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    na = read(fa, x, sizeof(x));
    nb = sys_read(fb, y, sizeof(y));
    if (na != nb || na < 0 || memcmp(x, y, na)) d = "read";
    close(fa);
    sys_close(fb);
  }
  printf("%s: %s%s\n", path, d ? d : "same", d ? " differs" : "");
}

static int sys_cmd(int argc, char **argv)
{
  struct stat st;
  char c;
  int i, r;

#ifdef JK_LIBC_SYSCALLS
  puts("impl: libc");
#elif defined(__x86_64__)
  puts("impl: raw");
#else
  puts("impl: libc");
#endif
  for (i = 2; i < argc; i++) sys_path(argv[i]);
  r = sys_fstat(-1, &st);
  printf("fstat -1: %d %s\n", r, errname2(errno));
  r = sys_read(-1, &c, 1);
  printf("read -1: %d %s\n", r, errname2(errno));
  r = sys_close(-1);
  printf("close -1: %d %s\n", r, errname2(errno));
  r = sys_fstatat(AT_FDCWD, "/nonexistent/x", &st, 0);
  printf("fstatat missing: %d %s\n", r, errname2(errno));
  r = sys_readlinkat(AT_FDCWD, "/", &c, 1);
  printf("readlinkat not a link: %d %s\n", r, errname2(errno));
  return 0;
}

static void result(const char *what, int r)
{
  if (r) printf("%s: %s\n", what, errname2(errno));
  else printf("%s: ok\n", what);
}

/* the KEYS lines of /proc/self/status, blanks squeezed to one space */
static void print_status(const char *const *keys)
{
  FILE *f = fopen("/proc/self/status", "r");
  char line[4096], *tok, *save;
  size_t i, n;

  if (!f) perror_exit("/proc/self/status");
  while (fgets(line, sizeof(line), f)) {
    for (i = 0; keys[i]; i++) {
      n = strlen(keys[i]);
      if (strncmp(line, keys[i], n) || line[n] != ':') continue;
      fputs(keys[i], stdout);
      putchar(':');
      for (tok = strtok_r(line + n + 1, " \t\n", &save); tok;
           tok = strtok_r(0, " \t\n", &save))
        printf(" %s", tok);
      putchar('\n');
    }
  }
  fclose(f);
}

static void print_fds(void)
{
  DIR *d = opendir("/proc/self/fd");
  struct dirent *e;
  char seen[4096] = "";
  int fd, max = -1, first = 1;

  if (!d) perror_exit("/proc/self/fd");
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    fd = atoi(e->d_name);
    if (fd == dirfd(d) || fd >= (int)sizeof(seen)) continue;
    seen[fd] = 1;
    if (fd > max) max = fd;
  }
  closedir(d);
  for (fd = 0; fd <= max; fd++)
    if (seen[fd]) printf(first ? "%d" : " %d", fd), first = 0;
  putchar('\n');
}

static uint64_t caps_arg(const char *s)
{
  return xatol_range("CAPS", s, 0, LONG_MAX);
}

/* privs OP...: see the top of the file */
static int privs_cmd(int argc, char **argv)
{
  static const char *const status_keys[] = {
    "Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapAmb", 0
  };
  static const char *const bnd_keys[] = { "CapBnd", 0 };
  int i, fd;

  for (i = 2; i < argc; i++) {
    const char *op = argv[i];
    int more = argc - i - 1;

    if (!strcmp(op, "drop") && more >= 3) {
      long uid = xatol_range("UID", argv[i + 1], 0, 0xfffffffeL);
      long gid = xatol_range("GID", argv[i + 2], 0, 0xfffffffeL);

      result("drop_to", drop_to(uid, gid, caps_arg(argv[i + 3])));
      i += 3;
    } else if (!strcmp(op, "dropsetuid")) {
      result("drop_setuid", drop_setuid());
    } else if (!strcmp(op, "raise") && more >= 1) {
      result("caps_raise", caps_raise(caps_arg(argv[++i])));
    } else if (!strcmp(op, "lower")) {
      result("caps_lower", caps_lower());
    } else if (!strcmp(op, "bound") && more >= 1) {
      result("caps_bound_all", caps_bound_all(caps_arg(argv[++i])));
    } else if (!strcmp(op, "setuid0")) {
      result("setuid(0)", setuid(0));
    } else if (!strcmp(op, "read") && more >= 1) {
      fd = open(argv[++i], O_RDONLY | O_CLOEXEC);
      result("read", fd < 0);
      if (fd >= 0) close(fd);
    } else if (!strcmp(op, "status")) {
      print_status(status_keys);
    } else if (!strcmp(op, "bnd")) {
      print_status(bnd_keys);
    } else if (!strcmp(op, "exec") && more >= 1) {
      fflush(stdout);
      execv(argv[i + 1], argv + i + 1);
      perror_exit("exec %s", argv[i + 1]);
    } else return usage();
    fflush(stdout);
  }
  return 0;
}

/* fds [-c LOWFD] */
static int fds_cmd(int argc, char **argv)
{
  if (argc == 4 && !strcmp(argv[2], "-c"))
    close_from(xatol_range("LOWFD", argv[3], 0, INT_MAX));
  else if (argc != 2) return usage();
  print_fds();
  return 0;
}

/* closelater MAX FD...: fds from 3 closed, /dev/null opened as 3 to
 * MAX, then each FD (a number, or LO-HI) handed to close_later, and
 * close_pending called */
static int closelater_cmd(int argc, char **argv)
{
  long lo, hi;
  char *dash;
  int i, fd;

  if (argc < 3) return usage();
  hi = xatol_range("MAX", argv[2], 3, 1000);
  close_from(3);
  while ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd < hi)
    ;
  if (fd != hi) error_exit("could not open up to fd %ld", hi);
  for (i = 3; i < argc; i++) {
    dash = strchr(argv[i], '-');
    if (dash) *dash = 0;
    lo = xatol_range("FD", argv[i], 0, 1000);
    hi = dash ? xatol_range("FD", dash + 1, lo, 1000) : lo;
    for (; lo <= hi; lo++) close_later(lo);
  }
  close_pending();
  print_fds();
  return 0;
}

/* stdio REPORT: the report goes to a file, as stdout may be closed */
static int stdio_cmd(int argc, char **argv)
{
  static const char *const modes[] = { "r", "w", "rw", "?" };
  struct stat null, st;
  int fd, i, have_null, fl;

  if (argc != 3) return usage();
  stdio_guard();
  have_null = !stat("/dev/null", &null) && S_ISCHR(null.st_mode);
  fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return 1;
  for (i = 0; i < 3; i++) {
    if (fstat(i, &st) || (fl = fcntl(i, F_GETFL)) < 0) {
      dprintf(fd, "%d closed\n", i);
      continue;
    }
    dprintf(fd, "%d %s %s\n", i, have_null && S_ISCHR(st.st_mode) &&
            st.st_rdev == null.st_rdev ? "/dev/null" : "other",
            modes[fl & 3]); /* musl: O_ACCMODE has O_PATH */
  }
  dprintf(fd, "report fd %d\n", fd);
  return close(fd) != 0;
}

static void say_atexit(void)
{
  fputs("atexit handler\n", stderr);
}

/* print what arrived on fd: one "LEN TEXT" line per read */
static void drain(int fd)
{
  char buf[4096];
  ssize_t n, i;

  while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
    printf("%zd ", n);
    for (i = 0; i < n; i++) {
      if (!buf[i]) fputs("\\0", stdout);
      else if (buf[i] == '\n') fputs("\\n", stdout);
      else putchar(buf[i]);
    }
    putchar('\n');
  }
}

/* log OP...: see the top of the file */
static int log_cmd(int argc, char **argv)
{
  int i, j, sv[2], peer = -1, fd, stream;

  for (i = 2; i < argc; i++) {
    const char *op = argv[i];
    int more = argc - i - 1;

    if (!strcmp(op, "open") && more >= 3) {
      log_open(argv[i + 1], xatol_range("FACILITY", argv[i + 2], 0, 1023),
               xatol_range("FLAGS", argv[i + 3], 0, 3));
      i += 3;
    } else if (!strcmp(op, "flags") && more >= 1) {
      log_set_flags(xatol_range("FLAGS", argv[++i], 0, 3));
    } else if (!strcmp(op, "setfd") && more >= 1) {
      fd = log_connect(argv[++i], &stream);
      if (fd < 0) printf("log_connect: %s\n", errname2(errno));
      else printf("log_connect: %s\n", stream ? "stream" : "dgram");
      if (fd >= 0) log_set_fd(fd, stream);
    } else if (!strcmp(op, "pair") && more >= 1) {
      stream = !strcmp(argv[++i], "stream");
      if (socketpair(AF_UNIX, stream ? SOCK_STREAM : SOCK_DGRAM, 0, sv))
        perror_exit("socketpair");
      log_set_fd(sv[0], stream);
      peer = sv[1];
    } else if (!strcmp(op, "drain") && peer >= 0) {
      drain(peer);
    } else if (!strcmp(op, "msg") && more >= 2) {
      log_msg(xatol_range("PRIO", argv[i + 1], 0, 1023), "%s", argv[i + 2]);
      i += 2;
    } else if (!strcmp(op, "msgn") && more >= 3) {
      long n = xatol_range("COUNT", argv[i + 1], 0, 1000000);
      int prio = xatol_range("PRIO", argv[i + 2], 0, 1023);

      for (j = 0; j < n; j++) log_msg(prio, "%s %d", argv[i + 3], j);
      i += 3;
    } else if (!strcmp(op, "error") && more >= 1) {
      error_msg("%s", argv[++i]);
    } else if (!strcmp(op, "perror") && more >= 2) {
      errno = xatol_range("ERRNO", argv[i + 1], 0, 4095);
      perror_msg("%s", argv[i + 2]);
      i += 2;
    } else if (!strcmp(op, "die") && more >= 1) {
      error_exit("%s", argv[i + 1]);
    } else if (!strcmp(op, "pdie") && more >= 2) {
      errno = xatol_range("ERRNO", argv[i + 1], 0, 4095);
      perror_exit("%s", argv[i + 2]);
    } else if (!strcmp(op, "exit") && more >= 2) {
      error_exit_code(xatol_range("CODE", argv[i + 1], 0, 255), "%s",
                      argv[i + 2]);
    } else if (!strcmp(op, "usage") && more >= 1) {
      usage_exit("%s", argv[i + 1]);
    } else if (!strcmp(op, "status")) {
      printf("log_status=%d\n", log_status);
    } else if (!strcmp(op, "print") && more >= 1) {
      printf("%s\n", argv[++i]);
    } else if (!strcmp(op, "child")) {
      log_in_child();
    } else if (!strcmp(op, "atexit")) {
      atexit(say_atexit);
    } else if (!strcmp(op, "fds")) {
      print_fds();
    } else if (!strcmp(op, "chroot") && more >= 1) {
      xchroot(argv[++i]);
      xchdir("/");
    } else return usage();
  }
  return 0;
}

/* logfmt LEN PRI IDENT MSG: LEN is a size, or +N/-N around the exact fit.
 * Guard bytes after the buffer show an overrun without a sanitizer. */
static int logfmt_cmd(int argc, char **argv)
{
  char probe[4096], *buf;
  long len, i;
  int pri, r;

  if (argc != 6) return usage();
  pri = xatol_range("PRI", argv[3], 0, 1023);
  if (argv[2][0] == '+' || argv[2][0] == '-') {
    r = log_format(probe, sizeof(probe), pri, argv[4], argv[5]);
    len = r + 1 + xatol_range("LEN", argv[2], -r - 1, 4096);
  } else len = xatol_range("LEN", argv[2], 0, 1 << 20);
  buf = xmalloc(len + 16);
  memset(buf, '#', len + 16);
  r = log_format(buf, len, pri, argv[4], argv[5]);
  for (i = len; i < len + 16; i++)
    if (buf[i] != '#') error_exit("overrun at %ld", i);
  if (len && (long)strlen(buf) != r) error_exit("returned %d", r);
  printf("%d %.*s\n", r, len ? r : 0, buf);
  free(buf);
  return 0;
}

/* getopt ARG...: as an applet parses its options */
static int getopt_cmd(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "long", no_argument, 0, 'L' },
    { "arg", required_argument, 0, 'A' },
    { "line", no_argument, 0, 300 },
    { 0, 0, 0, 0 }
  };
  int opt;

  argc--;
  argv++;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:ab:", longopts, 0)) != -1) {
    switch (opt) {
    case 'a': puts("-a"); break;
    case 'b': printf("-b %s\n", optarg); break;
    case 'L': puts("--long"); break;
    case 'A': printf("--arg %s\n", optarg); break;
    case 300: puts("--line"); break;
    default: usage_option_exit(opt, argv);
    }
  }
  for (; optind < argc; optind++) printf("arg %s\n", argv[optind]);
  return 0;
}

/* long|double STR LO HI */
static int number_cmd(int argc, char **argv)
{
  int r;

  if (argc != 5) return usage();
  if (!strcmp(argv[1], "long")) {
    long v = 4242;

    r = parse_long(argv[2], strtol(argv[3], 0, 10), strtol(argv[4], 0, 10),
                   &v);
    if (!r) printf("%ld\n", v);
    else printf("error: %s%s\n", errname(errno), v != 4242 ? " (changed)" : "");
  } else {
    double v = 42.5;

    r = parse_double(argv[2], strtod(argv[3], 0), strtod(argv[4], 0), &v);
    if (!r) printf("%.17g\n", v);
    else printf("error: %s%s\n", errname(errno), v != 42.5 ? " (changed)" : "");
  }
  return r != 0;
}

static int atol_cmd(int argc, char **argv)
{
  if (argc != 6) return usage();
  printf("%ld\n", xatol_range(argv[2], argv[3], strtol(argv[4], 0, 10),
                              strtol(argv[5], 0, 10)));
  return 0;
}

/* strlcpy|snprintf LEN STR: into exactly LEN bytes, guard bytes after */
static int copy_cmd(int argc, char **argv)
{
  long len, i;
  char *buf;

  if (argc != 4) return usage();
  len = xatol_range("LEN", argv[2], 0, 1 << 20);
  buf = xmalloc(len + 16);
  memset(buf, '#', len + 16);
  if (!strcmp(argv[1], "strlcpy")) xstrlcpy(buf, argv[3], len);
  else xsnprintf(buf, len, "<%s>", argv[3]);
  for (i = len; i < len + 16; i++)
    if (buf[i] != '#') error_exit("overrun at %ld", i);
  printf("%s\n", buf);
  free(buf);
  return 0;
}

/* memeq A B: mem_equal of two strings of one length: 1 or 0 */
static int memeq_cmd(int argc, char **argv)
{
  size_t n;

  if (argc != 4) return usage();
  n = strlen(argv[2]);
  if (n != strlen(argv[3])) return puts("lengths differ"), 0;
  printf("%d\n", mem_equal(argv[2], argv[3], n));
  return 0;
}

static volatile sig_atomic_t ticks;

static void on_tick(int sig)
{
  (void)sig;
  ticks++;
}

/* a SIGALRM every ms (on) or none (off) */
static void ticker(int on)
{
  struct sigaction sa = { .sa_handler = on_tick };    /* no SA_RESTART */
  struct itimerval it = { { 0, on * 1000 }, { 0, on * 1000 } };

  sigaction(SIGALRM, &sa, 0);
  setitimer(ITIMER_REAL, &it, 0);
}

static unsigned char pattern(long i)
{
  return i * 7 % 251;
}

/* pipe TOTAL READ CHUNK: see the top of the file */
static int pipe_cmd(int argc, char **argv)
{
  long total, want, chunk, i, done;
  unsigned char *buf;
  int p[2], status;
  ssize_t r;
  pid_t pid;

  if (argc != 5) return usage();
  total = xatol_range("TOTAL", argv[2], 0, 1 << 26);
  want = xatol_range("READ", argv[3], 0, 1 << 26);
  chunk = xatol_range("CHUNK", argv[4], 1, 1 << 26);
  buf = xmalloc(total > want ? total : want);
  if (pipe(p)) perror_exit("pipe");
  if (!(pid = xfork())) {
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    for (i = 0; i < total; i++) buf[i] = pattern(i);
    ticker(1);
    for (done = 0; done < total; done += r) {
      r = write_all(p[1], buf + done, total - done < chunk ? total - done
                                                            : chunk);
      if (r < 0) {
        ticker(0);
        printf("wrote %ld, then %s\n", done, errname2(errno));
        fflush(stdout);
        _exit(1);
      }
      if (r != (total - done < chunk ? total - done : chunk)) {
        printf("write_all returned %zd\n", r);
        fflush(stdout);
        _exit(1);
      }
      if (chunk < total) usleep(1000);
    }
    ticker(0);
    printf("wrote %ld%s\n", done, ticks ? ", interrupted" : "");
    fflush(stdout);
    _exit(0);
  }
  close(p[1]);
  usleep(50000);      /* the child fills the pipe and blocks meanwhile */
  ticker(1);
  r = read_all(p[0], buf, want);
  ticker(0);
  close(p[0]);
  for (i = 0; i < r && buf[i] == pattern(i); i++);
  if (waitpid(pid, &status, 0) != pid) perror_exit("waitpid");
  fflush(stdout);
  if (r < 0) printf("read: %s\n", errname2(errno));
  else if (i < r) printf("read %zd, differs at %ld\n", r, i);
  else printf("read %zd\n", r);
  free(buf);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/* xread|xwrite LEN */
static int xio_cmd(int argc, char **argv)
{
  long len;
  char *buf;

  if (argc != 3) return usage();
  len = xatol_range("LEN", argv[2], 0, 1 << 26);
  buf = xmalloc(len);
  if (!strcmp(argv[1], "xread")) {
    printf("%zd\n", xread_all(0, buf, len));
  } else {
    memset(buf, 'x', len);
    xwrite_all(1, buf, len);
  }
  free(buf);
  return 0;
}

static const char *jail_errname(int e)
{
  return e == E2BIG ? "E2BIG" : errname2(e);
}

static int jail_fail(const char *why)
{
  int e = errno;

  printf("error: %s%s%s\n", jail_errname(e), why && *why ? ": " : "",
         why ? why : "");
  return 1;
}

static int jail_cmd(int argc, char **argv)
{
  static const char *const keys[] = { "Uid", "Gid", "Groups", "CapInh",
                                      "CapPrm", "CapEff", "CapAmb", 0 };
  static struct jail_env env;
  static gid_t list[JAIL_GROUPS_MAX];
  static struct ini ini;
  const char *op = argc > 2 ? argv[2] : "", *cur, *eq;
  char a[PATH_MAX], b[PATH_MAX], why[JAIL_WHY_MAX] = "", name[256];
  const struct ini_sec *sec;
  struct stat st;
  char **caller;
  int i, n, fd, strict = 0;

  argv += 3;
  argc -= 3;
  if (!strcmp(op, "split") && argc == 1) {
    if (jail_split_home(argv[0], a, sizeof(a), b, sizeof(b)))
      return jail_fail(0);
    printf("%s %s\n", a, b);
  } else if (!strcmp(op, "section") && argc == 3) {
    if (ini_load(&ini, argv[0])) return jail_fail(ini.err_msg);
    sec = jail_section(&ini, argv[1], argv[2]);
    puts(sec ? sec->name : "(none)");
  } else if (!strcmp(op, "env") && argc >= 1) {
    caller = jail_env_take();
    if (getenv("PATH")) puts("environ not empty");
    cur = argv[0];
    while (ini_list_next(&cur, name, sizeof(name)) > 0)
      if (jail_env_keep(&env, caller, name))
        printf("%s: %s\n", name, jail_errname(errno));
    for (i = 1; i < argc; i++) {
      if (!(eq = strchr(argv[i], '='))) return usage();
      xsnprintf(a, sizeof(a), "%.*s", (int)(eq - argv[i]), argv[i]);
      if (jail_env_set(&env, a, eq + 1)) return jail_fail(a);
    }
    for (i = 0; i < env.n; i++) puts(env.v[i]);
    if (env.v[env.n]) puts("not terminated");
  } else if (!strcmp(op, "groups") && (argc == 3 || argc == 4)) {
    n = gr_groups(argv[0], argv[1], xatol_range("GID", argv[2], 0,
                    0x7fffffffL), list, argc == 4 ? xatol_range("MAX",
                    argv[3], 0, JAIL_GROUPS_MAX) : JAIL_GROUPS_MAX);
    if (n < 0) return jail_fail(0);
    for (i = 0; i < n; i++) printf("%s%u", i ? " " : "", (unsigned)list[i]);
    putchar('\n');
  } else if (!strcmp(op, "open") && argc == 1) {
    if ((fd = jail_open(argv[0], why, sizeof(why))) < 0)
      return jail_fail(why);
    puts("ok");
  } else if (!strcmp(op, "walk") && argc >= 2) {
    if (!strcmp(argv[0], "-s")) {
      strict = JAIL_WALK_STRICT;
      argv++;
      argc--;
    }
    if (argc != 2) return usage();
    if ((fd = jail_open(argv[0], why, sizeof(why))) < 0)
      return jail_fail(why);
    fd = jail_walk(fd, argv[0], argv[1], strict, why, sizeof(why));
    if (fd < 0) return jail_fail(why);
    if (fstat(fd, &st)) return jail_fail("fstat");
    printf("ok %s\n", S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode)
           ? "file" : S_ISLNK(st.st_mode) ? "symlink" : "other");
  } else if (!strcmp(op, "drop") && (argc == 2 || argc == 3)) {
    n = 0;
    for (cur = argc == 3 ? argv[2] : ""; *cur; cur += *cur == ',') {
      list[n++] = strtoul(cur, (char **)&cur, 10);
      if (*cur && *cur != ',') return usage();
    }
    i = jail_drop(xatol_range("UID", argv[0], 0, 0x7fffffffL),
                  xatol_range("GID", argv[1], 0, 0x7fffffffL), list, n);
    if (i) {
      printf("step %d: %s\n", i, jail_errname(errno));
      return 1;
    }
    puts("ok");
    print_status(keys);
  } else return usage();
  return 0;
}

/* suid OP ARG...: lib/suid's pure checks
 *   dirs A B                 "equal" or "differ" (suid_dirs_equal)
 *   flag FILE SECTION KEY    suid_ini_flag: 1, 0, or "error: WHY"
 *   exec MODE UID OWNER      suid_check_exec of a file with octal MODE
 *       owned by OWNER, for the user UID: "ok" or "STATUS: WHY" */
static int suid_cmd(int argc, char **argv)
{
  static struct ini ini;
  const char *op = argc > 2 ? argv[2] : "";
  char why[JAIL_WHY_MAX];
  const struct ini_sec *sec;
  struct stat st;
  int r;

  argv += 3;
  argc -= 3;
  if (!strcmp(op, "dirs") && argc == 2) {
    puts(suid_dirs_equal(argv[0], argv[1]) ? "equal" : "differ");
  } else if (!strcmp(op, "flag") && argc == 3) {
    if (ini_load(&ini, argv[0])) return jail_fail(ini.err_msg);
    if (!(sec = ini_section(&ini, argv[1]))) return jail_fail("no section");
    r = suid_ini_flag(&ini, sec, argv[2], "F", why, sizeof(why));
    if (r < 0) printf("error: %s\n", why);
    else printf("%d\n", r);
    return r < 0;
  } else if (!strcmp(op, "exec") && argc == 3) {
    memset(&st, 0, sizeof(st));
    st.st_mode = S_IFREG | strtoul(argv[0], 0, 8);
    st.st_uid = xatol_range("OWNER", argv[2], 0, 0x7fffffffL);
    r = suid_check_exec(&st, xatol_range("UID", argv[1], 0, 0x7fffffffL),
                        "shell", "/bin/sh", "/j", why, sizeof(why));
    if (r) printf("%d: %s\n", r, why);
    else puts("ok");
    return !!r;
  } else return usage();
  return 0;
}

/* elf FILE: see the top of the file */
static int elf_cmd(int argc, char **argv)
{
  static struct elf_info info;
  struct stat st;
  char *buf;
  ssize_t n;
  int fd, r, i;

  if (argc != 3) return usage();
  fd = xopen(argv[2], O_RDONLY);
  if (fstat(fd, &st)) perror_exit("%s", argv[2]);
  if (st.st_size > (1 << 28)) error_exit("%s: too big", argv[2]);
  buf = xmalloc(st.st_size + !st.st_size);  /* exact: overruns show */
  n = xread_all(fd, buf, st.st_size);
  close(fd);
  r = elf_parse(buf, n, &info);
  if (r) {
    printf("error %d: %s\n", r, info.err);
    free(buf);
    return 1;
  }
  printf("class %d\ndata %s\nmachine %u\ntype %s\n", info.bits,
         info.big_endian ? "MSB" : "LSB", info.machine,
         info.type == 2 ? "EXEC" : "DYN");
  if (info.interp) printf("interp %s\n", info.interp);
  for (i = 0; i < info.nneeded; i++) printf("needed %s\n", info.needed[i]);
  if (info.rpath) printf("rpath %s\n", info.rpath);
  if (info.runpath) printf("runpath %s\n", info.runpath);
  if (info.soname) printf("soname %s\n", info.soname);
  printf("static %s\n", info.is_static ? "yes" : "no");
  free(buf);
  return 0;
}

static int origin_cmd(int argc, char **argv)
{
  const char *v[3];
  long len = PATH_MAX;
  char *out;
  int i, r;

  if (argc != 6 && argc != 7) return usage();
  for (i = 0; i < 3; i++) v[i] = strcmp(argv[3 + i], "-") ? argv[3 + i] : 0;
  if (argc == 7) len = xatol_range("LEN", argv[6], 0, PATH_MAX);
  out = xmalloc(len + !len);
  r = elf_expand_origin(argv[2], v[0], v[1], v[2], out, len);
  if (!r) printf("%s\n", out);
  else puts(r == -1 ? "too long" : "unset");
  free(out);
  return !!r;
}

/* deps PATH [ROOT]: see the top of the file */
static int deps_cb(void *ctx, const struct elf_dep *e)
{
  (void)ctx;
  if (e->kind == ELF_DEP_MISSING) printf("missing %s\n", e->name);
  else if (e->kind == ELF_DEP_INTERP) printf("interp %s\n", e->path);
  else if (e->kind == ELF_DEP_LIB) printf("lib %s -> %s\n", e->name, e->path);
  else if (!e->is_link) printf("file %s\n", e->path);
  if (e->is_link) printf("link %s -> %s\n", e->path, e->target);
  return 0;
}

static int deps_cmd(int argc, char **argv)
{
  char why[256];
  int r;

  if (argc != 3 && argc != 4) return usage();
  r = elf_deps(argv[2], argc == 4 ? argv[3] : "/", deps_cb, 0, why,
               sizeof(why));
  if (r < 0) printf("error %d: %s\n", r, why);
  return r ? 1 : 0;
}

static const char *pw_errname(int e)
{
  if (e == EBUSY) return "EBUSY";
  if (e == EMLINK) return "EMLINK";
  if (e == ENOSPC) return "ENOSPC";
  return errname2(e);
}

/* -d DIR and -b LEN of pwset/pwget; *i: the first argument after them */
static int pw_opts(int argc, char **argv, int *i, size_t *len)
{
  int dirfd = AT_FDCWD;

  for (*i = 2; *i + 1 < argc && argv[*i][0] == '-'; *i += 2) {
    if (!strcmp(argv[*i], "-d"))
      dirfd = xopen(argv[*i + 1], O_PATH | O_DIRECTORY);
    else if (!strcmp(argv[*i], "-b") && len)
      *len = xatol_range("-b", argv[*i + 1], 1, PW_LINE_MAX);
    else break;
  }
  return dirfd;
}

static int pwfile_cmd(int argc, char **argv)
{
  char why[512] = "", buf[PW_LINE_MAX];
  size_t len = sizeof(buf);
  int i, r, dirfd = pw_opts(argc, argv, &i, &len);

  if (!strcmp(argv[1], "pwset")) {
    if (argc - i != 2 && argc - i != 3) return usage();
    r = pwfile_set(dirfd, argv[i], argv[i + 1], argc - i == 3 ? argv[i + 2]
                   : 0, why, sizeof(why));
    if (r) return printf("error: %s: %s\n", pw_errname(errno), why), 1;
    return puts("ok"), 0;
  }
  if (argc - i != 2) return usage();
  r = pwfile_get(dirfd, argv[i], argv[i + 1], buf, len);
  if (r < 0) return printf("error: %s\n", pw_errname(errno)), 1;
  if (!r) return puts("(absent)"), 1;
  return puts(buf), 0;
}

static int pwlock_cmd(int argc, char **argv)
{
  char why[512] = "";
  int status = 0;
  pid_t pid;

  if (argc < 3) return usage();
  if (pw_lock_wait(xatol_range("SECONDS", argv[2], 0, 3600), why,
                   sizeof(why)))
    return printf("error: %s: %s\n", pw_errname(errno), why), 1;
  puts("locked");
  fflush(stdout);
  if (argc > 3) {
    if (!(pid = xfork())) {
      execvp(argv[3], argv + 3);
      perror_msg("%s", argv[3]);
      _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0) perror_exit("waitpid");
    status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  }
  pw_unlock();
  return status;
}

static void copy_report(struct copy_ctx *c, enum copy_event e,
                        const char *path, const char *why, const char *detail)
{
  static const char *const names[] = { "copy", "update", "same", "strip",
                                       "missing", "error" };

  printf("%s %s: %s", names[e], path, detail);
  if (c->user) printf(" [%s]", why);
  putchar('\n');
}

/* copy|mkdir: see the top of the file */
static int copy_cmd2(int argc, char **argv)
{
  static const char opts[] = "fkoslung";
  struct copy_ctx c;
  unsigned flags = 0;
  int i = 2, fd, r = 0, w = 0;
  const char *o;

  for (; i < argc && argv[i][0] == '-'; i++)
    for (o = argv[i] + 1; *o; o++) {
      if (*o == 'w') w = 1;
      else if (strchr(opts, *o)) flags |= 1u << (strchr(opts, *o) - opts);
      else return usage();
    }
  if (argc - i < 2 || (!strcmp(argv[1], "mkdir") && argc - i != 3))
    return usage();
  fd = open(argv[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) perror_exit("%s", argv[i]);
  copy_init(&c, fd, argv[i], flags);
  c.report = copy_report;
  c.user = w ? &w : 0;
  if (!strcmp(argv[1], "mkdir"))
    r = copy_mkdir(&c, argv[i + 2], strtoul(argv[i + 1], 0, 8), "mkdir");
  else
    while (++i < argc) r |= copy_path(&c, argv[i], 0, "command line");
  printf("errors %d missing %d\n", c.errors, c.missing);
  copy_free(&c);
  close(fd);
  return !!r;
}

int main(int argc, char **argv)
{
  static const char *lookups[] = {"pw", "pwuid", "gr", "grgid"};
  size_t i;

  applet_name = "libtest";
  if (argc < 2) return usage();
  if (!strcmp(argv[1], "ini")) return ini_cmd(argc, argv);
  if (!strcmp(argv[1], "iniexpand")) return expand_cmd(argc, argv);
  if (!strcmp(argv[1], "inilong") || !strcmp(argv[1], "inidouble") ||
      !strcmp(argv[1], "inibool"))
    return getter_cmd(argc, argv);
  if (!strcmp(argv[1], "list")) return list_cmd(argc, argv);
  for (i = 0; i < sizeof(lookups) / sizeof(*lookups); i++)
    if (!strcmp(argv[1], lookups[i])) return lookup_cmd(argc, argv);
  if (!strcmp(argv[1], "member")) return member_cmd(argc, argv);
  if (!strcmp(argv[1], "grlogin")) return grlogin_cmd(argc, argv);
  if (!strcmp(argv[1], "pwline") || !strcmp(argv[1], "grline"))
    return line_cmd(argc, argv);
  if (!strcmp(argv[1], "safepath")) return safepath_cmd(argc, argv);
  if (!strcmp(argv[1], "inside")) return inside_cmd(argc, argv);
  if (!strcmp(argv[1], "join")) return join_cmd(argc, argv);
  if (!strcmp(argv[1], "clean")) return clean_cmd(argc, argv);
  if (!strcmp(argv[1], "vfmt")) return vfmt_cmd(argc, argv);
  if (!strcmp(argv[1], "sys")) return sys_cmd(argc, argv);
  if (!strcmp(argv[1], "privs")) return privs_cmd(argc, argv);
  if (!strcmp(argv[1], "fds")) return fds_cmd(argc, argv);
  if (!strcmp(argv[1], "closelater")) return closelater_cmd(argc, argv);
  if (!strcmp(argv[1], "stdio")) return stdio_cmd(argc, argv);
  if (!strcmp(argv[1], "log")) return log_cmd(argc, argv);
  if (!strcmp(argv[1], "logfmt")) return logfmt_cmd(argc, argv);
  if (!strcmp(argv[1], "getopt")) return getopt_cmd(argc, argv);
  if (!strcmp(argv[1], "long") || !strcmp(argv[1], "double"))
    return number_cmd(argc, argv);
  if (!strcmp(argv[1], "atol")) return atol_cmd(argc, argv);
  if (!strcmp(argv[1], "strlcpy") || !strcmp(argv[1], "snprintf"))
    return copy_cmd(argc, argv);
  if (!strcmp(argv[1], "pipe")) return pipe_cmd(argc, argv);
  if (!strcmp(argv[1], "memeq")) return memeq_cmd(argc, argv);
  if (!strcmp(argv[1], "xread") || !strcmp(argv[1], "xwrite"))
    return xio_cmd(argc, argv);
  if (!strcmp(argv[1], "jail")) return jail_cmd(argc, argv);
  if (!strcmp(argv[1], "suid")) return suid_cmd(argc, argv);
  if (!strcmp(argv[1], "elf")) return elf_cmd(argc, argv);
  if (!strcmp(argv[1], "origin")) return origin_cmd(argc, argv);
  if (!strcmp(argv[1], "deps")) return deps_cmd(argc, argv);
  if (!strcmp(argv[1], "pwset") || !strcmp(argv[1], "pwget"))
    return pwfile_cmd(argc, argv);
  if (!strcmp(argv[1], "pwlock")) return pwlock_cmd(argc, argv);
  if (!strcmp(argv[1], "copy") || !strcmp(argv[1], "mkdir"))
    return copy_cmd2(argc, argv);
  return usage();
}
