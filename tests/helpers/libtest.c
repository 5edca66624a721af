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
 *   libtest list [-n LEN] VALUE      print the elements of a comma list,
 *       "too long" (exit 1) for one that does not fit LEN bytes (16)
 *   libtest pw|gr [-b LEN] FILE NAME         look up an entry by name
 *   libtest pwuid|grgid [-b LEN] FILE ID     look up an entry by id
 *       print it as a file line, "(absent)" (exit 1), or "error: ERRNO"
 *       (exit 1); -b: the buffer size (default PW_LINE_MAX)
 *   libtest member FILE GROUP USER   "yes" (exit 0) or "no" (exit 1)
 *   libtest pwline|grline LINE       parse one line: the entry or "bad"
 *   libtest safepath [-a] [-m] [-e] PATH   "ok", "ok (parent)" when -m
 *       gave the parent of a missing last component, or the reason
 *       (exit 1); -a: SAFEPATH_LAST_ANY_OWNER, -m: SAFEPATH_LAST_MAY_MISS,
 *       -e: put the errno name before the reason
 *   libtest inside ROOT PATH         "yes" (exit 0) or "no" (exit 1)
 *   libtest join A B [LEN]           path_join into a LEN-byte buffer
 *   libtest clean PATH               path_clean: the path or "error: ERRNO"
 */
#include "jk.h"

static int usage(void)
{
  fprintf(stderr, "usage: libtest ini [-c] [-l] [-p] FILE [SECTION KEY] |\n"
          "  inilong|inidouble [-c] [-p] FILE SECTION KEY LO HI |\n"
          "  inibool [-c] [-p] FILE SECTION KEY | list [-n LEN] VALUE |\n"
          "  pw|gr|pwuid|grgid [-b LEN] FILE KEY | member FILE GROUP USER |\n"
          "  pwline|grline LINE | safepath [-a] [-m] [-e] PATH |\n"
          "  inside ROOT PATH | join A B [LEN] | clean PATH\n");
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
    {ENAMETOOLONG, "ENAMETOOLONG"}, {EACCES, "EACCES"}, {0, "0"},
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
  char why[256];
  struct stat st;

  for (i = 2; i < argc - 1; i++) {
    if (!strcmp(argv[i], "-a")) flags |= SAFEPATH_LAST_ANY_OWNER;
    else if (!strcmp(argv[i], "-m")) flags |= SAFEPATH_LAST_MAY_MISS;
    else if (!strcmp(argv[i], "-e")) show_errno = 1;
    else return usage();
  }
  if (i != argc - 1) return usage();
  fd = safepath_open(argv[i], flags, why, sizeof(why));
  if (fd < 0) {
    if (show_errno) printf("%s: ", errname(errno));
    printf("%s\n", why);
    return 1;
  }
  if (errno == ENOENT) {
    /* the parent's fd: it must be a directory */
    if (fstat(fd, &st) || !S_ISDIR(st.st_mode)) error_exit("bad parent fd");
    puts("ok (parent)");
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

static int clean_cmd(int argc, char **argv)
{
  char buf[PATH_MAX];

  if (argc != 3) return usage();
  if (path_clean(buf, sizeof(buf), argv[2]))
    return printf("error: %s\n", errname(errno)), 1;
  printf("%s\n", buf);
  return 0;
}

int main(int argc, char **argv)
{
  static const char *lookups[] = {"pw", "pwuid", "gr", "grgid"};
  size_t i;

  applet_name = "libtest";
  if (argc < 2) return usage();
  if (!strcmp(argv[1], "ini")) return ini_cmd(argc, argv);
  if (!strcmp(argv[1], "inilong") || !strcmp(argv[1], "inidouble") ||
      !strcmp(argv[1], "inibool"))
    return getter_cmd(argc, argv);
  if (!strcmp(argv[1], "list")) return list_cmd(argc, argv);
  for (i = 0; i < sizeof(lookups) / sizeof(*lookups); i++)
    if (!strcmp(argv[1], lookups[i])) return lookup_cmd(argc, argv);
  if (!strcmp(argv[1], "member")) return member_cmd(argc, argv);
  if (!strcmp(argv[1], "pwline") || !strcmp(argv[1], "grline"))
    return line_cmd(argc, argv);
  if (!strcmp(argv[1], "safepath")) return safepath_cmd(argc, argv);
  if (!strcmp(argv[1], "inside")) return inside_cmd(argc, argv);
  if (!strcmp(argv[1], "join")) return join_cmd(argc, argv);
  if (!strcmp(argv[1], "clean")) return clean_cmd(argc, argv);
  return usage();
}
