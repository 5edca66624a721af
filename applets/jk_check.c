/* jk_check: audit chroot jails.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_check.8. Differences: docs/differences.md.
 *
 * The jails are the sections of jk_check.ini and the jails of the host's
 * jailed users (home JAIL/./HOME), or the ones named on the command line.
 * Per jail: is its path safe (lib/jail jail_open: every component
 * root-owned, not writable by group or others, no symlink); a walk of the
 * whole tree that never follows a symlink (openat/fstatat with
 * O_NOFOLLOW/AT_SYMLINK_NOFOLLOW) reporting setuid/setgid files,
 * directories writable by group or others (sticky ones excepted), files
 * writable by others, and files and symlinks that differ from the host's
 * same path (size, then the whole content in big blocks); the jail's
 * users against the host's; the jailed users' shells and homes.
 * Status: 0 clean, 1 problems found, 2 something could not be checked.
 */
//applet: jk_check AF_SBIN
//usage: jk_check [-v] [-c FILE] [--json] [JAIL...]
//usage:
//usage: Check chroot jails: their path, setuid and setgid files, files
//usage: and directories others can write, files that differ from the
//usage: host's, the jail's users and the jailed users' homes. The jails
//usage: are the sections of the config file and the jails of users whose
//usage: home is JAIL/./HOME, or the JAILs given. Status 0: clean, 1:
//usage: problems found, 2: something could not be checked.
//usage:
//usage:  -c, --configfile=FILE  config file (/etc/jailkit/jk_check.ini)
//usage:  -v, --verbose          say what is checked
//usage:      --json             one JSON object per finding: jail, path,
//usage:                         check, detail
//usage:  -h, --help             show this help
#include "jk.h"

#define CONFIG JK_ETC "/jk_check.ini"
#define HOST_PASSWD "/etc/passwd"
#define CHROOTSH "jk_chrootsh"       /* the shell of a jailed user */
#define LIST_MAX 1024                /* paths in one ignore list */
#define MAX_JAILS 4096
#define MAX_DEPTH 256                /* directory levels in a jail */
#define BLOCK (256 * 1024)           /* compare buffer, each side */
#define PASSWD_MAX (16 << 20)        /* bytes of a passwd file */
/* a jail file is opened never following a symlink; O_NONBLOCK: a FIFO
 * swapped in cannot block us */
#define JAIL_FILE (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
#define PROC_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572

#define EXIT_FOUND 1
#define EXIT_CANNOT 2

enum { IGN_EVERYWHERE, IGN_COMPARE, IGN_WGROUP, IGN_WOTHERS, IGN_SUSER,
       IGN_SGROUP, IGN_SOTHERS, NLISTS };
static const char *const list_keys[NLISTS] = {
  "ignorepatheverywhere", "ignorepathoncompare", "ignorewritableforgroup",
  "ignorewritableforothers", "ignoresetuidexecuteforuser",
  "ignoresetuidexecuteforgroup", "ignoresetuidexecuteforothers",
};

struct list {
  int n;
  char *p[LIST_MAX];     /* paths inside the jail, cleaned ("/usr/x") */
};

static int verbose, json;
static const char *config = CONFIG;
static int config_given;
static char **only;      /* the JAILs of the command line */
static int nonly;
static struct ini ini;
static int have_ini;
static int status;

/* the jail being checked */
static const char *jail;
static int jailfd = -1;
static struct list lists[NLISTS];
static char buf_a[BLOCK], buf_b[BLOCK];

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "configfile", required_argument, 0, 'c' },
    { "verbose", no_argument, 0, 'v' },
    { "json", no_argument, 0, 'J' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:c:vh", longopts, 0)) != -1) {
    switch (opt) {
    case 'c': config = optarg; config_given = 1; break;
    case 'v': verbose = 1; break;
    case 'J': json = 1; break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  only = argv + optind;
  nonly = argc - optind;
}

/* ---- output ---- */

/* a problem with the jail: printed, status at least 1 */
static void __attribute__((format(printf, 3, 4)))
finding(const char *check, const char *rel, const char *fmt, ...)
{
  char detail[PATH_MAX * 2], path[PATH_MAX * 2];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(detail, sizeof(detail), fmt, ap);
  va_end(ap);
  snprintf(path, sizeof(path), "%s%s", jail, rel && strcmp(rel, "/")
           ? rel : "");
  if (!rel) xstrlcpy(path, "", sizeof(path));
  if (status < EXIT_FOUND) status = EXIT_FOUND;
  if (!json) {
    printf("%s: %s%s%s\n", check, path, *path ? ": " : "", detail);
    return;
  }
  putchar('{');
  json_kv(stdout, 1, "jail", jail);
  json_kv(stdout, 0, "path", path);
  json_kv(stdout, 0, "check", check);
  json_kv(stdout, 0, "detail", detail);
  puts("}");
}

/* something could not be checked: stderr, status 2 */
static void __attribute__((format(printf, 1, 2))) cannot(const char *fmt, ...)
{
  char msg[PATH_MAX * 2];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  fflush(stdout);
  fprintf(stderr, "jk_check: %s\n", msg);
  status = EXIT_CANNOT;
}

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
  va_list ap;

  if (!verbose || json) return;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

/* ---- config ---- */

static void load_config(void)
{
  ini.continuation = 1;                 /* Python's ConfigParser did */
  if (ini_load(&ini, config)) {
    if (errno == ENOENT && !ini.err_line) {
      if (config_given) error_exit_code(EXIT_CANNOT, "%s: %s", config,
                                        strerror(errno));
      note("no %s: only the jails of %s", config, HOST_PASSWD);
      return;
    }
    if (ini.err_line)
      error_exit_code(EXIT_CANNOT, "%s:%d: %s", config, ini.err_line,
                      ini.err_msg);
    error_exit_code(EXIT_CANNOT, "%s: %s", config, ini.err_msg ?
                    ini.err_msg : strerror(errno));
  }
  have_ini = 1;
}

/* path without trailing slashes, "/" stays */
static void strip_slashes(char *s)
{
  size_t n = strlen(s);

  while (n > 1 && s[n - 1] == '/') s[--n] = 0;
}

static int in_list(int which, const char *rel, int exact)
{
  const struct list *l = &lists[which];
  int i;

  for (i = 0; i < l->n; i++)
    if (exact ? !strcmp(rel, l->p[i]) : path_under(rel, l->p[i])) return 1;
  return 0;
}

static void free_lists(void)
{
  int k, i;

  for (k = 0; k < NLISTS; k++) {
    for (i = 0; i < lists[k].n; i++) free(lists[k].p[i]);
    lists[k].n = 0;
  }
}

/* a list entry: a full path inside the jail (as 2.23 wrote them), or a
 * path relative to the jail's root */
static void add_entry(struct list *l, const struct ini_kv *kv,
                      const char *entry)
{
  char rel[PATH_MAX];

  if (jail_relpath(jail, entry, rel, sizeof(rel)))
    error_exit_code(EXIT_CANNOT, "%s:%d: %s: '%s' is not an absolute path",
                    config, kv->line, kv->key, entry);
  if (l->n == LIST_MAX)
    error_exit_code(EXIT_CANNOT, "%s:%d: %s: too many paths (max %d)",
                    config, kv->line, kv->key, LIST_MAX);
  l->p[l->n++] = xstrdup(rel);
}

/* the section's keys, [DEFAULT]'s where the section has none (as
 * ConfigParser) */
static void load_lists(const struct ini_sec *sec)
{
  const struct ini_sec *def = have_ini ? ini_section(&ini, "DEFAULT") : 0;
  const struct ini_kv *kv;
  char entry[PATH_MAX];
  const char *cur;
  int k, i, r;

  for (i = 0; sec && i < sec->count; i++) {
    kv = &ini.kv[sec->first + i];
    for (k = 0; k < NLISTS; k++)
      if (!strcasecmp(kv->key, list_keys[k])) break;
    if (k == NLISTS)
      error_exit_code(EXIT_CANNOT, "%s:%d: unknown key '%s' in [%s]",
                      config, kv->line, kv->key, sec->name);
  }
  for (k = 0; k < NLISTS; k++) {
    kv = sec ? ini_find(&ini, sec, list_keys[k]) : 0;
    if (!kv && def) kv = ini_find(&ini, def, list_keys[k]);
    if (!kv) continue;
    cur = kv->val;
    while ((r = ini_list_next(&cur, entry, sizeof(entry))) > 0)
      add_entry(&lists[k], kv, entry);
    if (r < 0)
      error_exit_code(EXIT_CANNOT, "%s:%d: %s: a path is too long", config,
                      kv->line, kv->key);
  }
}

/* ---- the tree ---- */

static void check_writable(const char *rel, const struct stat *st)
{
  int grp = (st->st_mode & S_IWGRP) && !in_list(IGN_WGROUP, rel, 0);
  int oth = (st->st_mode & S_IWOTH) && !in_list(IGN_WOTHERS, rel, 0);

  if (S_ISDIR(st->st_mode)) {
    if (st->st_mode & S_ISVTX) return;  /* tmp: what it should be */
  } else {
    grp = 0;                            /* files: only others */
  }
  if (grp || oth)
    finding("writable", rel, "%s writable by %s",
            S_ISDIR(st->st_mode) ? "directory" : "file",
            grp && oth ? "group and others" : grp ? "group" : "others");
}

static void check_setuid(const char *rel, const struct stat *st)
{
  static const struct { mode_t bit; int list; const char *who; } x[] = {
    { S_IXUSR, IGN_SUSER, "user" }, { S_IXGRP, IGN_SGROUP, "group" },
    { S_IXOTH, IGN_SOTHERS, "others" },
  };
  char who[64] = "";
  size_t i, n = 0;

  if (!(st->st_mode & (S_ISUID | S_ISGID))) return;
  for (i = 0; i < sizeof(x) / sizeof(*x); i++)
    if ((st->st_mode & x[i].bit) && !in_list(x[i].list, rel, 1)) {
      xsnprintf(who + n, sizeof(who) - n, "%s%s", n ? ", " : "", x[i].who);
      n = strlen(who);
    }
  if (!n) return;
  if (st->st_mode & S_ISUID)
    finding("setuid", rel, "setuid uid %u%s, executable by %s",
            (unsigned)st->st_uid, st->st_mode & S_ISGID ? " and setgid" :
            "", who);
  else
    finding("setuid", rel, "setgid gid %u, executable by %s",
            (unsigned)st->st_gid, who);
}

/* whole content, in big blocks (exactly size bytes asked for: no extra
 * read for the end): 1 same, 0 differs, -1 read error */
static int same_content(int a, int b, off_t size)
{
  ssize_t na, nb;
  size_t want;

  while (size > 0) {
    want = size < BLOCK ? (size_t)size : BLOCK;
    na = read_all(a, buf_a, want);
    nb = read_all(b, buf_b, want);
    if (na < 0 || nb < 0) return -1;
    if (na != nb || !mem_equal(buf_a, buf_b, na)) return 0;
    if ((size_t)na < want) return 1;    /* both shrank alike meanwhile */
    size -= na;
  }
  return 1;
}

/* jfd: the jail's file if jail_stat opened it, else -1 (opened here from
 * dfd, never following a symlink). hfd: the host's directory of the same
 * path, -1 if it has none. The host side follows symlinks (the host is
 * trusted) but only a regular file is opened (opening a device can have
 * effects). No O_CLOEXEC: nothing is executed. */
static void compare_file(int dfd, int jfd, int hfd, const char *name,
                         const char *rel, const struct stat *st)
{
  struct stat hst;
  int fd, jf, r;

  if (hfd < 0 || sys_fstatat(hfd, name, &hst, 0)) {
    if (hfd < 0 || errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
      finding("differs", rel, "not on the host");
    else cannot("%s: %s", rel, strerror(errno));
  } else if (!S_ISREG(hst.st_mode))
    finding("differs", rel, "not a regular file on the host");
  else if (hst.st_dev == st->st_dev && hst.st_ino == st->st_ino)
    ;                                   /* a hard link: the same file */
  else if (hst.st_size != st->st_size)
    finding("differs", rel, "size %lld, on the host %lld",
            (long long)st->st_size, (long long)hst.st_size);
  else if ((fd = sys_openat(hfd, name, O_RDONLY | O_NONBLOCK)) < 0)
    cannot("%s: %s", rel, strerror(errno));
  else {
    jf = jfd >= 0 ? jfd : sys_openat(dfd, name, JAIL_FILE);
    r = jf < 0 ? -1 : same_content(jf, fd, st->st_size);
    if (r < 0) cannot("%s%s: %s", jail, rel, strerror(errno));
    else if (!r) finding("differs", rel, "content differs from the host's");
    if (jf >= 0 && jf != jfd) close_later(jf);
    close_later(fd);
  }
}

static void compare_link(int dfd, int hfd, const char *name, const char *rel)
{
  char a[PATH_MAX], b[PATH_MAX];
  ssize_t na = sys_readlinkat(dfd, name, a, sizeof(a) - 1);
  ssize_t nb = hfd < 0 ? -1 : sys_readlinkat(hfd, name, b, sizeof(b) - 1);

  if (na < 0) {
    cannot("%s%s: %s", jail, rel, strerror(errno));
    return;
  }
  a[na] = 0;
  if (nb < 0) {
    finding("differs", rel, "symlink to %s, %s", a, hfd >= 0 &&
            errno == EINVAL ? "not a symlink on the host" :
            "not on the host");
    return;
  }
  b[nb] = 0;
  if (strcmp(a, b)) finding("differs", rel, "symlink to %s, on the host "
                            "to %s", a, b);
}

static int compared(const char *rel)
{
  return !jail_own_path(rel) && !in_list(IGN_COMPARE, rel, 0);
}

/* the stat of a jail entry, never following a symlink. A directory or
 * a regular file to be compared (as getdents says) is opened and stat'ed
 * by its fd: one lookup of its name, not two; *fd is then open (the
 * caller closes it), else -1 */
static int jail_stat(int dfd, const char *name, int open_it, struct stat *st,
                     int *fd)
{
  *fd = open_it ? sys_openat(dfd, name, JAIL_FILE) : -1;
  if (*fd < 0) return sys_fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW);
  if (!sys_fstat(*fd, st)) return 0;
  close(*fd);
  *fd = -1;
  return -1;
}

static void walk(int dfd, int hfd, char *rel, size_t len, int depth,
                 dev_t dev);

/* into the jail directory name of dfd (st: its stat; pdev: the file
 * system of dfd; fd: the directory if jail_stat opened it, else -1;
 * closed here), and the host's of hfd */
static void enter(int dfd, int hfd, const char *name, char *rel, size_t len,
                  int depth, const struct stat *st, dev_t pdev, int fd)
{
  struct statfs sf;
  int hsub;

  if (depth >= MAX_DEPTH) {
    cannot("%s%s: more than %d levels deep, not checked", jail, rel,
           MAX_DEPTH);
    if (fd >= 0) close(fd);
    return;
  }
  if (fd < 0) fd = sys_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) {
    if (errno != ENOENT) cannot("%s%s: %s", jail, rel, strerror(errno));
    return;
  }
  if (st->st_dev != pdev && !fstatfs(fd, &sf) &&
      (sf.f_type == PROC_MAGIC || sf.f_type == SYSFS_MAGIC)) {
    note("not checked: %s%s (proc or sysfs)", jail, rel);
    close(fd);
    return;
  }
  hsub = hfd < 0 ? -1 : sys_openat(hfd, name, O_RDONLY | O_DIRECTORY);
  walk(fd, hsub, rel, len, depth + 1, st->st_dev);
  if (hsub >= 0) close(hsub);
}

/* the directory dfd (closed here), whose path in the jail is rel (a
 * buffer of PATH_MAX, len bytes used); hfd: the host's, or -1 */
static void walk(int dfd, int hfd, char *rel, size_t len, int depth,
                 dev_t dev)
{
  struct dirs it;
  const char *name;
  unsigned char type;
  struct stat st;
  size_t n, base = len;
  int r, jfd = -1;

  dirs_open(&it, dfd, dirs_buf(depth));
  while ((r = dirs_next(&it, &name, &type)) > 0) {
    n = strlen(name);
    len = base;
    if (len + 1 + n >= PATH_MAX) {
      cannot("%s%s/%s: path too long", jail, rel, name);
      continue;
    }
    if (len > 1) rel[len++] = '/';
    memcpy(rel + len, name, n + 1);
    if (in_list(IGN_EVERYWHERE, rel, 0)) {
      note("ignored: %s%s", jail, rel);
    } else if (type == DT_LNK) {        /* the kernel said so: no stat */
      if (compared(rel)) compare_link(dfd, hfd, name, rel);
    } else if (jail_stat(dfd, name, type == DT_DIR ||
                         (type == DT_REG && compared(rel)), &st, &jfd)) {
      if (errno != ENOENT) cannot("%s%s: %s", jail, rel, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      check_writable(rel, &st);
      enter(dfd, hfd, name, rel, len + n, depth, &st, dev, jfd);
      jfd = -1;                         /* closed there */
    } else if (S_ISREG(st.st_mode)) {
      check_setuid(rel, &st);
      check_writable(rel, &st);
      if (compared(rel)) compare_file(dfd, jfd, hfd, name, rel, &st);
    } else if (S_ISLNK(st.st_mode)) {
      if (compared(rel)) compare_link(dfd, hfd, name, rel);
    }
    if (jfd >= 0) close_later(jfd);
    jfd = -1;
    rel[base] = 0;
  }
  if (r < 0) cannot("%s%s: %s", jail, rel, strerror(errno));
  close(dfd);
}

/* ---- users ---- */

/* the jail's own etc/passwd, opened without following a symlink */
static char *jail_passwd(void)
{
  char why[JAIL_WHY_MAX];
  char *text = jail_read(jailfd, jail, "/etc/passwd", PASSWD_MAX, why,
                         sizeof(why));

  if (!text && errno != ENOENT) cannot("%s", why);
  return text;
}

/* each user of the jail's passwd (root aside) is the host's user */
static void check_jail_users(const char *jailtext)
{
  char buf[PW_LINE_MAX], hj[PATH_MAX], hh[PATH_MAX];
  struct pw_ent e, h;
  char *text = xstrdup(jailtext), *cur = text;
  int r;

  while (pw_next(&cur, &e)) {
    if (!strcmp(e.name, "root")) continue;
    note("user %s of %s/etc/passwd", e.name, jail);
    r = pw_byname(HOST_PASSWD, e.name, &h, buf, sizeof(buf));
    if (r < 0) cannot("%s: %s", HOST_PASSWD, strerror(errno));
    else if (!r)
      finding("user", "/etc/passwd", "user %s is not in the host's %s",
              e.name, HOST_PASSWD);
    else if (h.uid != e.uid || h.gid != e.gid)
      finding("user", "/etc/passwd", "user %s is %u:%u, on the host %u:%u",
              e.name, (unsigned)e.uid, (unsigned)e.gid, (unsigned)h.uid,
              (unsigned)h.gid);
    else if (!jail_split_home(h.dir, hj, sizeof(hj), hh, sizeof(hh)) &&
             (strcmp(hj, jail) || strcmp(hh, e.dir)))
      finding("user", "/etc/passwd", "user %s has home %s, on the host %s",
              e.name, e.dir, h.dir);
  }
  free(text);
}

static int shell_ok(const char *shell)
{
  const char *b = strrchr(shell, '/');

  return !strcmp(b ? b + 1 : shell, CHROOTSH);
}

/* the in-jail home: a directory of the user's, not writable by others */
static void check_home(const struct pw_ent *h, const char *home)
{
  char why[JAIL_WHY_MAX];
  struct stat st;
  int fd = jail_walk(jailfd, jail, home, 0, why, sizeof(why));

  if (fd < 0) {
    finding("home", home, "home of %s: %s", h->name,
            errno == ENOENT ? "does not exist" : why);
    return;
  }
  if (sys_fstat(fd, &st)) cannot("%s%s: %s", jail, home, strerror(errno));
  else if (!S_ISDIR(st.st_mode))
    finding("home", home, "home of %s is not a directory", h->name);
  else if (st.st_uid != h->uid)
    finding("home", home, "home of %s is owned by uid %u", h->name,
            (unsigned)st.st_uid);
  else if (st.st_mode & (S_IWGRP | S_IWOTH))
    finding("home", home, "home of %s is writable by %s", h->name,
            st.st_mode & S_IWOTH ? "others" : "group");
  close(fd);
}

/* the host's users jailed in this jail: in its passwd, the right shell,
 * a sound home */
static void check_host_users(const char *hosttext, const char *jailtext)
{
  char hj[PATH_MAX], hh[PATH_MAX], *text = xstrdup(hosttext), *cur = text;
  char *jt, *jc;
  struct pw_ent h, e;
  int found;

  while (pw_next(&cur, &h)) {
    if (jail_split_home(h.dir, hj, sizeof(hj), hh, sizeof(hh)) ||
        strcmp(hj, jail)) continue;
    note("jailed user %s", h.name);
    found = 0;
    if (jailtext) {
      jt = jc = xstrdup(jailtext);
      while (!found && pw_next(&jc, &e)) found = !strcmp(e.name, h.name);
      free(jt);
    }
    if (!found)
      finding("user", "/etc/passwd", "jailed user %s is not in the jail's "
              "passwd", h.name);
    if (!shell_ok(h.shell))
      finding("user", 0, "jailed user %s has the shell %s, not %s", h.name,
              h.shell, CHROOTSH);
    check_home(&h, hh);
  }
  free(text);
}

/* ---- the jails ---- */

static void check_jail(const char *path, const struct ini_sec *sec,
                       const char *hosttext)
{
  char why[JAIL_WHY_MAX], rel[PATH_MAX] = "/", *jtext;
  struct stat st;
  int fd, hfd;

  jail = path;
  note("checking jail %s", jail);
  load_lists(sec);
  jailfd = jail_open(jail, why, sizeof(why));
  if (jailfd < 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == EACCES ||
        errno == EINVAL) {
      cannot("jail %s: %s", jail, why);
      free_lists();
      return;
    }
    finding("jail", "/", "%s", why);
    jailfd = open(jail, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (jailfd < 0) {
      cannot("jail %s: %s", jail, strerror(errno));
      free_lists();
      return;
    }
  }
  fd = sys_openat(jailfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  hfd = sys_openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || hfd < 0 || sys_fstat(fd, &st))
    cannot("%s: %s", jail, strerror(errno));
  else walk(fd, hfd, rel, 1, 0, st.st_dev);
  close_pending();
  if (hfd >= 0) close(hfd);
  jtext = jail_passwd();
  if (jtext) check_jail_users(jtext);
  if (hosttext) check_host_users(hosttext, jtext);
  free(jtext);
  close(jailfd);
  free_lists();
}

/* jails: the config's sections (DEFAULT aside), then the host users'
 * jails not among them; or those of the command line */
struct jails {
  int n;
  char *p[MAX_JAILS];
};

static void add_jail(struct jails *j, const char *path)
{
  char clean[PATH_MAX];
  int i;

  if (*path != '/' || path_clean(clean, sizeof(clean), path))
    error_exit_code(EXIT_CANNOT, "jail '%s' is not an absolute path", path);
  strip_slashes(clean);
  for (i = 0; i < j->n; i++)
    if (!strcmp(j->p[i], clean)) return;
  if (j->n == MAX_JAILS)
    error_exit_code(EXIT_CANNOT, "too many jails (max %d)", MAX_JAILS);
  j->p[j->n++] = xstrdup(clean);
}

static void find_jails(struct jails *j, const char *hosttext)
{
  char hj[PATH_MAX], hh[PATH_MAX], *text, *cur;
  struct pw_ent h;
  int i;

  if (nonly) {
    for (i = 0; i < nonly; i++) add_jail(j, only[i]);
    return;
  }
  for (i = 0; have_ini && i < ini.nsec; i++)
    if (strcmp(ini.sec[i].name, "DEFAULT")) add_jail(j, ini.sec[i].name);
  if (!hosttext) return;
  text = cur = xstrdup(hosttext);
  while (pw_next(&cur, &h))
    if (!jail_split_home(h.dir, hj, sizeof(hj), hh, sizeof(hh)))
      add_jail(j, hj);
  free(text);
}

/* the config section of a jail: its path with or without a trailing
 * slash */
static const struct ini_sec *section_of(const char *path)
{
  char name[PATH_MAX + 1];
  int i;

  if (!have_ini) return 0;
  xsnprintf(name, sizeof(name), "%s/", path);
  for (i = 0; i < ini.nsec; i++)
    if (!strcmp(ini.sec[i].name, path) || !strcmp(ini.sec[i].name, name))
      return &ini.sec[i];
  return 0;
}

int jk_check_main(int argc, char **argv)
{
  static struct jails jails;
  char *hosttext;
  int fd, i;

  parse_args(argc, argv);
  load_config();
  fd = open(HOST_PASSWD, O_RDONLY | O_CLOEXEC);
  hosttext = fd < 0 ? 0 : fd_slurp(fd, PASSWD_MAX);
  if (!hosttext) cannot("%s: %s", HOST_PASSWD, strerror(errno));
  find_jails(&jails, hosttext);
  if (!jails.n) note("no jails to check");
  for (i = 0; i < jails.n; i++) {
    check_jail(jails.p[i], section_of(jails.p[i]), hosttext);
    free(jails.p[i]);
  }
  free(hosttext);
  return status;
}
