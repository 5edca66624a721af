/* jk_init: build or update a chroot jail from jk_init.ini sections.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_init.8. Differences: docs/differences.md.
 *
 * Each section names files (copied with what they need, lib/copy),
 * directories, devices, users and groups; sections include others. The
 * config is -c FILE, else /etc/jailkit/jk_init.ini, else the copy of
 * etc/jailkit/jk_init.ini built into the binary. It is read as Python's
 * configparser read it for 2.23 (continuation lines, [DEFAULT], %%).
 * Statuses (2.23's): 5 not root, 1 usage, 2 no jail or no section,
 * 3 jail unsafe or config unusable; and 1 when anything named was
 * missing or failed (2.23 said 0).
 */
//applet: jk_init AF_SBIN
//usage: jk_init [OPTIONS] -j JAIL SECTION...
//usage: jk_init [OPTIONS] JAIL SECTION...
//usage: jk_init -l [-c FILE]
//usage:
//usage: Create the chroot jail JAIL, or bring it up to date, with the
//usage: files, devices, users and groups the SECTIONs of jk_init.ini name
//usage: (and what the programs among them need to run).
//usage:
//usage:  -j, --jail=JAIL        the jail directory (made if missing)
//usage:  -c, --configfile=FILE  the config (default /etc/jailkit/jk_init.ini,
//usage:                         else the one built in)
//usage:  -l, --list             list the sections with their comments
//usage:  -v, --verbose          say what is done and why
//usage:  -f, --force            replace files that exist in the jail
//usage:  -k, --hardlink         hardlink instead of copying where possible
//usage:  -n, --dry-run          say what would be done, change nothing
//usage:  -e, --explain=FILE     why FILE is (or would be) in the jail
//usage:  -h, --help             show this help
#include "jk.h"
#include "copy.h"
#include "pwfile.h"
#include "jk_init_ini.h"        /* builtin_ini: etc/jailkit/jk_init.ini */

#define CONFIG JK_ETC "/jk_init.ini"
#define BUILTIN_NAME "(built-in jk_init.ini)"
#define SOCKETD_INI JK_ETC "/jk_socketd.ini"
#define NSSWITCH "/etc/nsswitch.conf"
#define HOST_PASSWD "/etc/passwd"
#define HOST_GROUP "/etc/group"
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
                     "/sbin:/bin"
#define WHY_MAX 1024            /* one reason: "section a, included by b" */
#define EXPLAIN_MAX (1 << 20)   /* events remembered for --explain */
#define HOPS_MAX 64             /* "needed by" links followed by --explain */
#define INCLUDE_MAX 64          /* sections including sections, nested */

/* 2.23's statuses */
#define EXIT_USAGE 1
#define EXIT_NOJAIL 2
#define EXIT_UNSAFE 3
#define EXIT_NOT_ROOT 5

#define DEVICES_ONLY 0x80000000u  /* not a COPY_ flag: the devices key */

/* the keys of a section whose values are copied, and how */
static const struct {
  const char *key;
  unsigned flags;
  int in_path;          /* relative names are looked up in $PATH */
} copy_keys[] = {
  { "paths", COPY_LIBS | COPY_GLOB, 1 },
  { "executables", COPY_LIBS | COPY_GLOB, 1 },
  { "libraries", COPY_LIBS | COPY_GLOB, 1 },
  { "regularfiles", COPY_LIBS | COPY_GLOB, 1 },
  { "directories", COPY_LIBS | COPY_GLOB, 1 },
  { "paths_w_owner", COPY_LIBS | COPY_GLOB | COPY_OWNER, 0 },
  { "paths_w_setuid", COPY_LIBS | COPY_GLOB | COPY_OWNER | COPY_SETUID, 0 },
  { "devices", COPY_GLOB | DEVICES_ONLY, 0 },
};

static const char *const other_keys[] = {
  "comment", "includesections", "emptydirs", "users", "groups",
  "need_logsocket", "need_proc", "nss",
};

/* the command line */
static const char *cfg_arg, *jail_arg, *explain;
static char **sections;
static int nsections, list, verbose, dryrun;
static unsigned copy_flags = COPY_UPDATE;

/* the config */
static struct ini ini;
static const struct ini_sec *dflt;   /* [DEFAULT]: every section's fallback */
static const char *cfg_name;
static char done[INI_MAX_SECTIONS];

/* the jail */
static char jail[PATH_MAX];
static struct copy_ctx cc;
static int need_proc, socket_added;

/* what --explain looks for: every path reported, with its reason */
struct seen { char *path, *why; int ev; };
static struct seen *seen;
static int nseen, maxseen;

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jail", required_argument, 0, 'j' },
    { "configfile", required_argument, 0, 'c' },
    { "list", no_argument, 0, 'l' },
    { "verbose", no_argument, 0, 'v' },
    { "force", no_argument, 0, 'f' },
    { "hardlink", no_argument, 0, 'k' },
    { "dry-run", no_argument, 0, 'n' },
    { "explain", required_argument, 0, 'e' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:c:lvfkne:h", longopts, 0))
         != -1) {
    switch (opt) {
    case 'j': jail_arg = optarg; break;
    case 'c': cfg_arg = optarg; break;
    case 'l': list = 1; break;
    case 'v': verbose = 1; break;
    case 'f': copy_flags |= COPY_FORCE; break;
    case 'k': copy_flags |= COPY_HARDLINK; break;
    case 'n': dryrun = 1; break;
    case 'e': explain = optarg; dryrun = 1; break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  if (dryrun) copy_flags |= COPY_DRYRUN;
  sections = argv + optind;
  nsections = argc - optind;
  /* the old form: JAIL SECTION... */
  if (!jail_arg && nsections) jail_arg = *sections++, nsections--;
}

/* -c FILE, else the installed file, else the one built in */
static void load_config(void)
{
  const char *path = cfg_arg ? cfg_arg : CONFIG;
  struct stat st;
  int r, i;

  ini.continuation = 1;
  if (!cfg_arg && lstat(path, &st) && errno == ENOENT) {
    cfg_name = BUILTIN_NAME;
    r = ini_parse(&ini, builtin_ini, sizeof(builtin_ini) - 1);
  } else {
    cfg_name = path;
    if (stat(path, &st)) error_exit_code(EXIT_UNSAFE, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
      error_exit_code(EXIT_UNSAFE, "%s: not a regular file", path);
    r = ini_load(&ini, path);
  }
  if (r && !ini.err_line && !ini.err_msg)
    error_exit_code(EXIT_UNSAFE, "%s: %s", cfg_name, strerror(errno));
  if (r) error_exit_code(EXIT_UNSAFE, "%s:%d: %s", cfg_name, ini.err_line,
                         ini.err_msg);
  /* configparser refused a section given twice; so do we (which one
   * would count is a guess) */
  for (i = 0; i < ini.nsec; i++) {
    const struct ini_sec *first = ini_section(&ini, ini.sec[i].name);

    if (first != &ini.sec[i])
      error_exit_code(EXIT_UNSAFE, "%s:%d: section [%s] again (first on "
                      "line %d)", cfg_name, ini.sec[i].line,
                      ini.sec[i].name, first->line);
  }
  dflt = ini_section(&ini, "DEFAULT");
}

/* a value of s or of [DEFAULT], interpolated; malloc'd, or NULL */
static char *get(const struct ini_sec *s, const char *key)
{
  const struct ini_kv *kv = ini_find(&ini, s, key);
  const char *err;
  size_t len;
  char *out;

  if (!kv) kv = ini_find(&ini, dflt, key);
  if (!kv) return 0;
  len = strlen(kv->val) + PATH_MAX;
  out = xmalloc(len);
  if (ini_expand(&ini, s, dflt, kv->val, out, len, &err)) {
    error_msg("%s:%d: %s: %s", cfg_name, kv->line, key, err);
    free(out);
    return 0;
  }
  return out;
}

/* a boolean key; a value that is not one is an error (and off) */
static int get_bool(const struct ini_sec *s, const char *key)
{
  const struct ini_kv *kv = ini_find(&ini, s, key);
  const struct ini_sec *in = kv ? s : dflt;
  int on = 0;

  if (!kv && !(kv = ini_find(&ini, dflt, key))) return 0;
  if (ini_get_bool(&ini, in, key, &on) != INI_OK) {
    error_msg("%s:%d: %s: '%s' is not yes or no", cfg_name, kv->line, key,
              kv->val);
    return 0;
  }
  return on;
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp((*(const struct ini_sec *const *)a)->name,
                (*(const struct ini_sec *const *)b)->name);
}

/* -l: the sections, sorted, with their comments (as 2.23 printed them) */
static void list_sections(void)
{
  const struct ini_sec **v = xmalloc((ini.nsec + 1) * sizeof(*v));
  int i, n = 0;

  for (i = 0; i < ini.nsec; i++)
    if (strcmp(ini.sec[i].name, "DEFAULT") &&
        ini_section(&ini, ini.sec[i].name) == &ini.sec[i])
      v[n++] = &ini.sec[i];
  qsort(v, n, sizeof(*v), cmp_names);
  printf("\n** Available sections in %s **\n\n", cfg_name);
  for (i = 0; i < n; i++) {
    char *c = get(v[i], "comment");

    if (c && *c) printf("%s - %s\n", v[i]->name, c);
    else printf("%s\n", v[i]->name);
    free(c);
  }
  putchar('\n');
  free(v);
}

/* --explain: keep what the engine reported (the first reason wins) */
static void remember(const char *path, const char *why, int ev)
{
  if (nseen == maxseen) {
    if (maxseen == EXPLAIN_MAX) error_exit("--explain: too many files");
    maxseen = maxseen ? 2 * maxseen : 1024;
    seen = realloc(seen, maxseen * sizeof(*seen));
    if (!seen) error_exit("out of memory");
  }
  seen[nseen].path = xstrdup(path);
  seen[nseen].why = xstrdup(why ? why : "");
  seen[nseen++].ev = ev;
}

static void report(struct copy_ctx *c, enum copy_event ev, const char *path,
                   const char *why, const char *detail)
{
  static const char *const what[] = {
    [COPY_EV_COPY] = "copy", [COPY_EV_UPDATE] = "update",
    [COPY_EV_SAME] = "up to date", [COPY_EV_STRIP] = "strip setuid/setgid",
  };

  (void)c;
  if (explain) remember(path, why, ev);
  if (ev == COPY_EV_MISSING) {
    error_msg("%s: %s (%s)", path, detail ? detail : "not found",
              why ? why : "");
    return;
  }
  if (ev == COPY_EV_ERROR) {
    error_msg("%s: %s (%s)", path, detail ? detail : "failed",
              why ? why : "");
    return;
  }
  if (explain || !(verbose || (dryrun && ev != COPY_EV_SAME))) return;
  printf("%s%s %s: %s (%s)\n", dryrun ? "would " : "", what[ev], path,
         detail ? detail : "", why ? why : "");
}

/* a name without '/' in $PATH; 0 or -1 */
static int in_path(const char *name, char *out, size_t len)
{
  const char *p = getenv("PATH"), *e;
  struct stat st;

  if (!p || !*p) p = DEFAULT_PATH;
  for (; *p; p = *e ? e + 1 : e) {
    e = strchrnul(p, ':');
    if (e == p || *p != '/') continue;   /* only absolute directories */
    if ((size_t)(e - p) + strlen(name) + 2 > len) continue;
    xsnprintf(out, len, "%.*s/%s", (int)(e - p), p, name);
    if (!stat(out, &st) && S_ISREG(st.st_mode) && (st.st_mode & 0111))
      return 0;
  }
  return -1;
}

/* path through the engine; for the devices key only what stat() says is
 * a device (2.23 refused the rest too: never a tree like /dev/shm) */
static void copy_it(const char *path, unsigned flags, const char *why)
{
  struct stat st;

  if ((flags & DEVICES_ONLY) && !stat(path, &st) && !S_ISCHR(st.st_mode) &&
      !S_ISBLK(st.st_mode)) {
    error_msg("%s: not a device (%s)", path, why);
    return;
  }
  copy_path(&cc, path, copy_flags | (flags & ~DEVICES_ONLY), why);
}

/* one element of a copy key: a path, a glob or a program name */
static void copy_one(const char *name, unsigned flags, int search,
                     const char *why)
{
  char path[PATH_MAX];
  struct stat st;
  glob_t g;
  size_t i;

  if (*name != '/') {
    if (!search) {
      error_msg("%s: not an absolute path (%s)", name, why);
      return;
    }
    if (in_path(name, path, sizeof(path))) {
      report(&cc, COPY_EV_MISSING, name, why, "not found in $PATH");
      return;
    }
    name = path;
  }
  /* a pattern that matches nothing is not an error: patterns are how one
   * file serves several systems; a plain name that is missing is */
  if (!strpbrk(name, "*?[") || !lstat(name, &st)) {
    copy_it(name, flags, why);
    return;
  }
  if (glob(name, GLOB_NOSORT, 0, &g)) {
    if (verbose) printf("no match for %s (%s)\n", name, why);
    return;
  }
  for (i = 0; i < g.gl_pathc; i++)
    copy_it(g.gl_pathv[i], flags & ~COPY_GLOB, why);
  globfree(&g);
}

/* every element of a comma list, given to fn */
static void each(const struct ini_sec *s, const char *key,
                 void (*fn)(const char *item, const char *why, void *arg),
                 const char *why, void *arg)
{
  char *val = get(s, key), item[PATH_MAX];
  const char *cur = val;
  int r;

  while ((r = ini_list_next(&cur, item, sizeof(item))) != 0) {
    if (r < 0) error_msg("%s:%d: %s: an element is too long (max %d)",
                         cfg_name, ini_find(&ini, s, key) ?
                         ini_find(&ini, s, key)->line :
                         ini_find(&ini, dflt, key)->line, key, PATH_MAX - 1);
    else fn(item, why, arg);
  }
  free(val);
}

/* does an alternative of "a | b" exist? (as copy_one would see it) */
static int exists(const char *name, int search)
{
  char path[PATH_MAX];
  struct stat st;
  glob_t g;
  int r;

  if (*name != '/') return search && !in_path(name, path, sizeof(path));
  if (!lstat(name, &st) || !strpbrk(name, "*?[")) return !lstat(name, &st);
  r = !glob(name, GLOB_NOSORT, 0, &g);
  if (r) globfree(&g);
  return r;
}

/* an element: a name, or "a | b | c", the first of them that exists */
static void copy_item(const char *item, const char *why, void *arg)
{
  size_t k = *(size_t *)arg, n;
  char alt[PATH_MAX], *a, *e;
  const char *p;

  if (!strchr(item, '|')) {
    copy_one(item, copy_keys[k].flags, copy_keys[k].in_path, why);
    return;
  }
  for (p = item; *p; p += n + !!p[n]) {
    n = strcspn(p, "|");
    xsnprintf(alt, sizeof(alt), "%.*s", (int)n, p);
    for (a = alt; isspace((unsigned char)*a); a++);
    for (e = a + strlen(a); e > a && isspace((unsigned char)e[-1]); e--);
    *e = 0;
    if (*a && exists(a, copy_keys[k].in_path)) {
      copy_one(a, copy_keys[k].flags, copy_keys[k].in_path, why);
      return;
    }
  }
  report(&cc, COPY_EV_MISSING, item, why, "none of these exists");
}

static void mkdir_item(const char *item, const char *why, void *arg)
{
  (void)arg;
  if (*item != '/') error_msg("%s: not an absolute path (%s)", item, why);
  else copy_mkdir(&cc, item, 0755, why);
}

/* users and groups: the host's entry, password field "x", added to the
 * jail's file if no entry of that name is there (ours are never
 * replaced: jk_jailuser may have rewritten them for the jail), nor one of
 * its uid (gid) under another name */
static void add_entry(const char *file, const char *name, unsigned id,
                      const char *line, const char *why)
{
  char buf[PW_LINE_MAX], err[256];
  int r;

  copy_mkdir(&cc, "/etc", 0755, why);
  r = pwfile_get(cc.jailfd, file, name, buf, sizeof(buf));
  if (!r && pwfile_get_id(cc.jailfd, file, id, buf, sizeof(buf)) > 0) {
    error_msg("%s: %s %u is %.*s's in %s/%s already: not added (%s)", name,
              strcmp(file, "etc/passwd") ? "gid" : "uid", id,
              (int)strcspn(buf, ":"), buf, jail, file, why);
    return;
  }
  if (r < 0 && errno != ENOENT) {
    error_msg("%s/%s: %s", jail, file, strerror(errno));
    return;
  }
  if (explain) {
    xsnprintf(buf, sizeof(buf), "/%s", file);
    remember(buf, why, r > 0 ? COPY_EV_SAME : COPY_EV_COPY);
  }
  if (r > 0) {
    if (verbose) printf("%s in %s/%s already (%s)\n", name, jail, file, why);
    return;
  }
  if (!explain && (verbose || dryrun))
    printf("%sadd %s to %s/%s (%s)\n", dryrun ? "would " : "", name, jail,
           file, why);
  if (!dryrun && pwfile_set(cc.jailfd, file, name, line, err, sizeof(err)))
    error_msg("%s/%s: %s", jail, file, err);
}

/* a host account, by name or number: 1, or 0 after saying why not */
static int host_account(const char *item, int group, void *ent, char *buf,
                        size_t len, const char *why)
{
  const char *file = group ? HOST_GROUP : HOST_PASSWD;
  int num, r;
  long id;

  num = !parse_long(item, 0, UINT32_MAX - 1, &id);
  if (group) r = num ? gr_bygid(file, id, ent, buf, len)
                     : gr_byname(file, item, ent, buf, len);
  else r = num ? pw_byuid(file, id, ent, buf, len)
               : pw_byname(file, item, ent, buf, len);
  if (r <= 0)
    error_msg("%s %s: %s%s (%s)", group ? "group" : "user", item,
              r ? strerror(errno) : "not in ", r ? "" : file, why);
  return r > 0;
}

static void group_item(const char *item, const char *why, void *arg)
{
  char buf[PW_LINE_MAX], line[PW_LINE_MAX];
  struct gr_ent g;

  (void)arg;
  if (!host_account(item, 1, &g, buf, sizeof(buf), why)) return;
  xsnprintf(line, sizeof(line), "%s:x:%u:%s", g.name, (unsigned)g.gid,
            g.members);
  add_entry("etc/group", g.name, g.gid, line, why);
}

static void user_item(const char *item, const char *why, void *arg)
{
  char buf[PW_LINE_MAX], line[PW_LINE_MAX], gid[16];
  struct pw_ent p;

  (void)arg;
  if (!host_account(item, 0, &p, buf, sizeof(buf), why)) return;
  xsnprintf(line, sizeof(line), "%s:x:%u:%u:%s:%s:%s", p.name,
            (unsigned)p.uid, (unsigned)p.gid, p.gecos, p.dir, p.shell);
  add_entry("etc/passwd", p.name, p.uid, line, why);
  /* the user's primary group, as 2.23 did */
  xsnprintf(gid, sizeof(gid), "%u", (unsigned)p.gid);
  group_item(gid, why, 0);
}

/* nss = passwd, group, ...: the modules the host's nsswitch.conf names
 * for these databases (libnss_files, libnss_systemd ...), which no ELF
 * header mentions: glibc loads them at run time */
static const char *const nss_dirs[] = {
  "/lib/*-linux-gnu*", "/usr/lib/*-linux-gnu*", "/lib64", "/usr/lib64",
  "/lib", "/usr/lib",
};

static void nss_module(const char *src, const char *why)
{
  char pat[PATH_MAX];
  glob_t g;
  size_t i;

  for (i = 0; i < sizeof(nss_dirs) / sizeof(*nss_dirs); i++) {
    xsnprintf(pat, sizeof(pat), "%s/libnss_%s.so.2", nss_dirs[i], src);
    if (glob(pat, 0, 0, &g)) continue;
    copy_path(&cc, g.gl_pathv[0], copy_flags | COPY_LIBS, why);
    globfree(&g);
    return;
  }
  if (verbose) printf("no libnss_%s.so.2 (%s)\n", src, why);
}

static void nss_item(const char *db, const char *why, void *arg)
{
  char line[1024], src[64], reason[WHY_MAX];
  size_t n = strlen(db), len;
  FILE *f = fopen(NSSWITCH, "re");

  (void)arg;
  if (!f) return;    /* no NSS (musl): nothing to add */
  while (fgets(line, sizeof(line), f)) {
    char *p = line + strspn(line, " \t");

    if (strncmp(p, db, n) || p[n] != ':') continue;
    /* "files systemd [NOTFOUND=return] sss": the words outside [] */
    for (p += n + 1;;) {
      p += strspn(p, " \t\n");
      if (!*p || *p == '#') break;
      if (*p == '[') {
        p = strchrnul(p, ']');
        p += !!*p;
        continue;
      }
      len = strcspn(p, " \t\n[#");
      if (len < sizeof(src)) {
        memcpy(src, p, len);
        src[len] = 0;
        xsnprintf(reason, sizeof(reason), "%s for %s in " NSSWITCH ", %s",
                  src, db, why);
        nss_module(src, reason);
      }
      p += len;
    }
  }
  fclose(f);
}

/* can name be written as an ini section header [name]? */
static int header_safe(const char *name)
{
  for (; *name; name++)
    if ((unsigned char)*name < 0x20 || *name == 0x7f || *name == ']')
      return 0;
  return 1;
}

/* need_logsocket: a [JAIL/dev/log] section in jk_socketd.ini, added if
 * absent; the file is replaced whole (temporary file, fsync, rename), so
 * it is never seen half-written */
static void add_logsocket(const char *why)
{
  static struct ini sock;
  char name[PATH_MAX], tmp[] = JK_ETC "/.jk_socketd.ini.XXXXXX", *raw;
  struct stat st = { .st_mode = S_IFREG | 0644 };
  ssize_t n = 0;
  int fd, out;

  if (socket_added++) return;
  xsnprintf(name, sizeof(name), "%s/dev/log", jail);
  if (!header_safe(name))
    return error_msg("the jail path has a ] or a control character: it "
                     "cannot be a section of %s, not changed (%s)",
                     SOCKETD_INI, why);
  copy_mkdir(&cc, "/dev", 0755, why);
  fd = open(SOCKETD_INI, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno != ENOENT) return perror_msg("%s", SOCKETD_INI);
  raw = xmalloc(INI_MAX_SIZE + 1);
  if (fd >= 0) {
    if (!fstat(fd, &st) && S_ISREG(st.st_mode))
      n = read_all(fd, raw, INI_MAX_SIZE + 1);
    else n = -1, errno = EINVAL;
    close(fd);
  }
  if (n < 0) perror_msg("%s", SOCKETD_INI);
  else if (ini_parse(&sock, raw, n))    /* parses a copy: raw is kept */
    error_msg("%s:%d: %s; not changed", SOCKETD_INI, sock.err_line,
              sock.err_msg);
  else if (ini_section(&sock, name)) {
    if (verbose) printf("[%s] in %s already (%s)\n", name, SOCKETD_INI, why);
  } else {
    printf("%sadd [%s] to %s (%s); then run jk_socketd --reload\n",
           dryrun ? "would " : "", name, SOCKETD_INI, why);
    if (!dryrun && (out = mkstemp(tmp)) < 0) perror_msg("%s", tmp);
    else if (!dryrun && (write_all(out, raw, n) < 0 ||
             (n && raw[n - 1] != '\n' && write_all(out, "\n", 1) < 0) ||
             dprintf(out, "\n[%s]\nbase = 512\npeak = 2048\n"
                     "interval = 10\n", name) < 0 ||
             fchown(out, st.st_uid, st.st_gid) ||
             fchmod(out, st.st_mode & 07777) || fsync(out) || close(out) ||
             rename(tmp, SOCKETD_INI))) {
      perror_msg("%s", SOCKETD_INI);
      unlink(tmp);
    }
  }
  free(raw);
}

static void do_section(const char *name, const char *by);

static void include_item(const char *item, const char *why, void *arg)
{
  (void)why;
  do_section(item, arg);
}

/* keys not known are errors: a typo would otherwise copy nothing */
static void check_keys(const struct ini_sec *s)
{
  int i;
  size_t k;

  for (i = s->first; i < s->first + s->count; i++) {
    const char *key = ini.kv[i].key;

    for (k = 0; k < sizeof(copy_keys) / sizeof(*copy_keys); k++)
      if (!strcasecmp(key, copy_keys[k].key)) break;
    if (k < sizeof(copy_keys) / sizeof(*copy_keys)) continue;
    for (k = 0; k < sizeof(other_keys) / sizeof(*other_keys); k++)
      if (!strcasecmp(key, other_keys[k])) break;
    if (k == sizeof(other_keys) / sizeof(*other_keys))
      error_msg("%s:%d: unknown key '%s' in [%s]", cfg_name, ini.kv[i].line,
                key, s->name);
  }
}

/* a section, after the sections it includes; each only once per run */
static void do_section(const char *name, const char *by)
{
  const struct ini_sec *s = strcmp(name, "DEFAULT") ?
                            ini_section(&ini, name) : 0;
  static int depth;
  char why[WHY_MAX];
  size_t k;

  if (!s) {
    if (by) error_msg("%s: no section [%s] (included by %s)", cfg_name,
                      name, by);
    else error_msg("%s: no section [%s]", cfg_name, name);
    return;
  }
  if (depth >= INCLUDE_MAX) {
    error_msg("%s: [%s]: includes nested too deeply (max %d) (included by "
              "%s)", cfg_name, name, INCLUDE_MAX, by);
    return;
  }
  if (done[s - ini.sec]++) return;
  check_keys(s);
  if (by && strlen(name) + strlen(by) + 20 < sizeof(why))
    xsnprintf(why, sizeof(why), "section %s, included by %s", name,
              by + (strncmp(by, "section ", 8) ? 0 : 8));
  else xsnprintf(why, sizeof(why), "section %.*s", PATH_MAX, name);
  depth++;
  each(s, "includesections", include_item, why, why);
  depth--;
  for (k = 0; k < sizeof(copy_keys) / sizeof(*copy_keys); k++)
    each(s, copy_keys[k].key, copy_item, why, &k);
  each(s, "emptydirs", mkdir_item, why, 0);
  each(s, "nss", nss_item, why, 0);
  each(s, "users", user_item, why, 0);
  each(s, "groups", group_item, why, 0);
  if (get_bool(s, "need_proc") && !need_proc++)
    copy_mkdir(&cc, "/proc", 0555, why);
  if (get_bool(s, "need_logsocket")) add_logsocket(why);
}

/* the jail: absolute, every component safe; made (0755) if missing, its
 * parent must exist. A dry run on a missing jail looks at an empty
 * directory that is already removed, so nothing can be made in it. */
static int open_jail(void)
{
  char why[JAIL_WHY_MAX], tmp[PATH_MAX], cwd[PATH_MAX];
  const char *base;
  int pfd, fd;

  if (*jail_arg != '/') {
    if (!getcwd(cwd, sizeof(cwd))) perror_exit("getcwd");
    path_join(tmp, sizeof(tmp), cwd, jail_arg);
  } else xstrlcpy(tmp, jail_arg, sizeof(tmp));
  if (path_clean(jail, sizeof(jail), tmp) || !strcmp(jail, "/"))
    error_exit_code(EXIT_UNSAFE, "jail %s: not a usable path", jail_arg);
  if ((pfd = safepath_open(jail, SAFEPATH_LAST_MAY_MISS, why, sizeof(why)))
      < 0)
    error_exit_code(EXIT_UNSAFE, "jail %s is not safe: %s", jail, why);
  if (errno == ENOENT) {
    base = strrchr(jail, '/') + 1;
    if (dryrun) {
      char empty[] = "/tmp/jk_init.XXXXXX";

      close(pfd);
      if (!mkdtemp(empty)) perror_exit("mkdtemp");
      fd = open(empty, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      rmdir(empty);
      if (fd < 0) perror_exit("%s", empty);
      return fd;
    }
    if (mkdirat(pfd, base, 0755) || fchmodat(pfd, base, 0755, 0))
      error_exit_code(EXIT_UNSAFE, "%s: %s", jail, strerror(errno));
    if (verbose) printf("made %s\n", jail);
  }
  close(pfd);
  if ((pfd = jail_open(jail, why, sizeof(why))) < 0)
    error_exit_code(EXIT_UNSAFE, "jail %s is not safe: %s", jail, why);
  fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) error_exit_code(EXIT_UNSAFE, "%s: %s", jail, strerror(errno));
  close(pfd);
  return fd;
}

/* the first record for path, by name, else by what it resolves to */
static struct seen *find_seen(const char *path)
{
  char want[PATH_MAX], got[PATH_MAX];
  int i;

  for (i = 0; i < nseen; i++)
    if (!strcmp(seen[i].path, path)) return &seen[i];
  if (!realpath(path, want)) return 0;
  for (i = 0; i < nseen; i++)
    if (realpath(seen[i].path, got) && !strcmp(got, want)) return &seen[i];
  return 0;
}

/* --explain FILE: its reason, then the reason of each file it was
 * needed by, down to the section; 0 found, 1 not */
static int explain_file(void)
{
  struct seen *s = find_seen(explain);
  const char *p;
  int hops;

  if (!s) {
    printf("%s: not in the jail's sections\n", explain);
    return 1;
  }
  printf("%s: %s\n", s->path, s->ev == COPY_EV_SAME ? "in the jail" :
         "would be copied");
  for (hops = 0; s && hops < HOPS_MAX; hops++) {
    printf("  %s: %s\n", s->path, s->why);
    if (strncmp(s->why, "section ", 8) && (p = strchr(s->why, '/')))
      s = find_seen(p);
    else s = 0;
  }
  return 0;
}

int jk_init_main(int argc, char **argv)
{
  int i, jailfd;

  parse_args(argc, argv);
  if (list) {
    load_config();
    list_sections();
    return 0;
  }
  if (getuid())
    error_exit_code(EXIT_NOT_ROOT, "cannot create a jail without root "
                    "privileges");
  if (!jail_arg || !nsections) {
    error_msg("need a jail directory and at least one section");
    applet_help();
    return EXIT_NOJAIL;
  }
  load_config();
  if (dflt) check_keys(dflt);      /* its keys are every section's */
  jailfd = open_jail();
  copy_init(&cc, jailfd, jail, copy_flags);
  cc.report = report;
  for (i = 0; i < nsections; i++) do_section(sections[i], 0);
  copy_ldconfig(&cc);
  if (need_proc)
    printf("%s: %s/proc: mount with: mount -t proc proc %s/proc\n",
           applet_name, jail, jail);
  copy_free(&cc);
  close(jailfd);
  if (explain) return explain_file() || log_status;
  return log_status;
}
