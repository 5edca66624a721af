/* jk_update: bring the copies in a jail up to date with the host.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_update.8. Differences: docs/differences.md.
 *
 * The jail's system directories (/bin /sbin /lib* /usr /opt, or those
 * given) are walked in the jail, never following a symlink there. Each
 * file or symlink is handed to the copy engine (lib/copy, COPY_UPDATE),
 * which replaces it when the host's differs (content, mode, owner, link
 * text); a program or library that changed is then looked at again with
 * COPY_LIBS, so libraries it now needs are copied. A jail file whose
 * host path is gone is removed, as 2.23 did, but never one of the jail's
 * own files (etc/passwd ..., home, tmp), a jailed user's home, or a path
 * given to skip. Every change is printed; -d changes nothing.
 * Statuses of 2.23: 21 both -j and -c, 1 usage, config and copy errors.
 */
//applet: jk_update AF_SBIN
//usage: jk_update (-j JAIL | -c JAIL) [-d] [-k] [-v] [-s PATH]... [DIR...]
//usage:
//usage: Update the copies of host files in JAIL: files that changed on
//usage: the host are copied again, with the libraries they now need;
//usage: files gone from the host are removed from the jail (never in
//usage: homes, tmp, the jail's own etc files or skipped paths). DIRs:
//usage: what to walk (default /bin /sbin /lib /lib32 /lib64 /usr /opt).
//usage:
//usage:  -j, --jail=JAIL           the jail (and its section of
//usage:                            /etc/jailkit/jk_update.ini, if any)
//usage:  -c, --configsection=JAIL  the jail, whose section must exist
//usage:  -d, --dry-run             say what would change, change nothing
//usage:  -k, --hardlink            hardlink new copies where possible
//usage:  -s, --skip=PATH           leave PATH (host or jail path) alone
//usage:  -v, --verbose             also say what is up to date or skipped
//usage:  -h, --help                show this help
#include "jk.h"
#include "copy.h"

#define CONFIG JK_ETC "/jk_update.ini"
#define HOST_PASSWD "/etc/passwd"
#define MAX_PATHS 1024             /* skips, directories, homes */
#define MAX_DEPTH 256
#define PASSWD_MAX (16 << 20)
#define EXIT_BOTH 21               /* -j and -c (2.23) */

static const char *const default_dirs[] = {
  "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/usr", "/opt",
};
static const char *const known_keys[] = {
  "skips", "directories", "hardlink", "hardlinks",
};

struct paths {
  int n;
  char *p[MAX_PATHS];
};

static int dry, hardlink = -1, verbose;
static const char *jail_arg, *section_arg;
static char jail[PATH_MAX];
static int jailfd = -1;
static dev_t jail_dev;
static struct paths skips, dirs, homes;
static char **dir_args;
static int ndir_args;
static struct ini ini;
static struct copy_ctx cc, lc;     /* the update, and the libraries */
static const char *program;        /* lc: the program whose libs these are */

static void add_path(struct paths *l, const char *what, const char *path)
{
  char rel[PATH_MAX];

  if (jail_relpath(jail, path, rel, sizeof(rel)))
    error_exit("%s: '%s' is not an absolute path", what, path);
  if (l->n == MAX_PATHS) error_exit("%s: too many paths (max %d)", what,
                                    MAX_PATHS);
  l->p[l->n++] = xstrdup(rel);
}

static int in_paths(const struct paths *l, const char *rel)
{
  int i;

  for (i = 0; i < l->n; i++)
    if (path_under(rel, l->p[i])) return 1;
  return 0;
}

static void free_paths(struct paths *l)
{
  while (l->n) free(l->p[--l->n]);
}

static char *skip_args[MAX_PATHS];
static int nskip_args;

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jail", required_argument, 0, 'j' },
    { "configsection", required_argument, 0, 'c' },
    { "dry-run", no_argument, 0, 'd' },
    { "hardlink", no_argument, 0, 'k' },
    { "skip", required_argument, 0, 's' },
    { "verbose", no_argument, 0, 'v' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:c:dks:vh", longopts, 0)) != -1) {
    switch (opt) {
    case 'j': jail_arg = optarg; break;
    case 'c': section_arg = optarg; break;
    case 'd': dry = 1; break;
    case 'k': hardlink = 1; break;
    case 's':
      if (nskip_args == MAX_PATHS) usage_exit("too many -s (max %d)",
                                              MAX_PATHS);
      skip_args[nskip_args++] = optarg;
      break;
    case 'v': verbose = 1; break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  dir_args = argv + optind;
  ndir_args = argc - optind;
  if (jail_arg && section_arg)
    error_exit_code(EXIT_BOTH, "give either -j or -c, not both");
  if (!jail_arg && !section_arg)
    usage_exit("no jail given (-j JAIL or -c JAIL)");
  if (path_clean(jail, sizeof(jail), jail_arg ? jail_arg : section_arg) ||
      *jail != '/' || !strcmp(jail, "/"))
    usage_exit("'%s' is not a jail directory", jail_arg ? jail_arg :
               section_arg);
}

/* the jail's section: its path with or without a trailing slash */
static const struct ini_sec *find_section(void)
{
  char name[PATH_MAX + 1];
  int i;

  xsnprintf(name, sizeof(name), "%s/", jail);
  for (i = 0; i < ini.nsec; i++)
    if (!strcmp(ini.sec[i].name, jail) || !strcmp(ini.sec[i].name, name))
      return &ini.sec[i];
  return 0;
}

static void add_list(const struct ini_sec *sec, const char *key,
                     struct paths *l)
{
  const struct ini_kv *kv = ini_find(&ini, sec, key);
  char entry[PATH_MAX], what[PATH_MAX + 64];
  const char *cur;
  int r;

  if (!kv) return;
  xsnprintf(what, sizeof(what), "%s:%d: %s", CONFIG, kv->line, key);
  cur = kv->val;
  while ((r = ini_list_next(&cur, entry, sizeof(entry))) > 0)
    add_path(l, what, entry);
  if (r < 0) error_exit("%s: a path is too long", what);
}

static void load_config(void)
{
  const struct ini_sec *sec = 0;
  const struct ini_kv *kv;
  size_t k;
  int i, on;

  ini.continuation = 1;
  if (ini_load(&ini, CONFIG)) {
    if (ini.err_line)
      error_exit("%s:%d: %s", CONFIG, ini.err_line, ini.err_msg);
    if (errno != ENOENT) error_exit("%s: %s", CONFIG, strerror(errno));
  } else sec = find_section();
  if (section_arg && !sec)
    error_exit("%s has no section [%s]", CONFIG, section_arg);
  if (!sec) return;
  for (i = 0; i < sec->count; i++) {
    kv = &ini.kv[sec->first + i];
    for (k = 0; k < sizeof(known_keys) / sizeof(*known_keys); k++)
      if (!strcasecmp(kv->key, known_keys[k])) break;
    if (k == sizeof(known_keys) / sizeof(*known_keys))
      error_exit("%s:%d: unknown key '%s' in [%s]", CONFIG, kv->line,
                 kv->key, sec->name);
    if (k < 2 || hardlink >= 0) continue;       /* -k wins */
    if (ini_get_bool(&ini, sec, kv->key, &on) == INI_OK) hardlink = on;
    else if (!strcmp(kv->val, "0") || !strcmp(kv->val, "1"))
      hardlink = kv->val[0] == '1';
    else error_exit("%s:%d: %s: '%s' is not yes or no", CONFIG, kv->line,
                    kv->key, kv->val);
  }
  add_list(sec, "skips", &skips);
  add_list(sec, "directories", &dirs);
}

/* the homes, never touched: of the host's users jailed here (JAIL/./HOME)
 * and of the users in the jail's own etc/passwd */
static void find_homes(void)
{
  char hj[PATH_MAX], hh[PATH_MAX], why[JAIL_WHY_MAX], *text, *cur;
  struct pw_ent e;
  int fd;

  fd = open(HOST_PASSWD, O_RDONLY | O_CLOEXEC);
  text = fd < 0 ? 0 : fd_slurp(fd, PASSWD_MAX);
  if (!text && errno != ENOENT) perror_exit("%s", HOST_PASSWD);
  for (cur = text; text && pw_next(&cur, &e); )
    if (!jail_split_home(e.dir, hj, sizeof(hj), hh, sizeof(hh)) &&
        !strcmp(hj, jail) && strcmp(hh, "/"))
      add_path(&homes, HOST_PASSWD, hh);
  free(text);
  text = jail_read(jailfd, jail, "/etc/passwd", PASSWD_MAX, why,
                   sizeof(why));
  if (!text && errno != ENOENT) error_exit("%s", why);
  for (cur = text; text && pw_next(&cur, &e); )
    if (*e.dir == '/' && strcmp(e.dir, "/"))
      add_path(&homes, "the jail's /etc/passwd", e.dir);
  free(text);
}

/* ---- what the copy engine says ---- */

static void report(struct copy_ctx *c, enum copy_event ev, const char *path,
                   const char *why, const char *detail)
{
  if (c == &lc && !strcmp(path, program)) return;  /* said by cc */
  switch (ev) {
  case COPY_EV_COPY:
    printf("%s %s%s (%s)\n", dry ? "would copy" : "copied", jail, path, why);
    break;
  case COPY_EV_UPDATE:
    printf("%s %s%s (%s)\n", dry ? "would update" : "updated", jail, path,
           detail);
    break;
  case COPY_EV_SAME:
    if (verbose) printf("up to date: %s%s\n", jail, path);
    break;
  case COPY_EV_STRIP:
    if (verbose) printf("%s: %s\n", path, detail);
    break;
  case COPY_EV_MISSING:
    error_msg("%s: %s (%s)", path, detail, why);
    break;
  case COPY_EV_ERROR:
    error_msg("%s: %s (%s)", path, detail, why);
    break;
  }
}

/* ---- removal of what the host no longer has ---- */

static int keep(const char *rel)
{
  if (in_paths(&skips, rel) || in_paths(&homes, rel) || jail_own_path(rel)) {
    if (verbose) printf("skipped: %s%s\n", jail, rel);
    return 1;
  }
  return 0;
}

static void say_removed(const char *rel)
{
  printf("%s %s%s (not on the host)\n", dry ? "would remove" : "removed",
         jail, rel);
}

static int remove_entry(int dfd, const char *name, char *rel, size_t len,
                        const struct stat *js, int depth);

/* the entries of directory fd (closed here): 0 if all went */
static int remove_children(int fd, char *rel, size_t len, int depth)
{
  struct dirs it;
  const char *name;
  unsigned char type;
  struct stat st;
  size_t n;
  int r = 0, k;

  dirs_open(&it, fd, dirs_buf(depth));
  while ((k = dirs_next(&it, &name, &type)) > 0) {
    n = strlen(name);
    if (len + 1 + n >= PATH_MAX) {
      error_msg("%s%s/%s: path too long", jail, rel, name);
      r = -1;
      continue;
    }
    rel[len] = '/';
    memcpy(rel + len + 1, name, n + 1);
    if (keep(rel)) r = -1;
    else if (sys_fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW)) {
      if (errno != ENOENT) {
        error_msg("%s%s: %s", jail, rel, strerror(errno));
        r = -1;
      }
    } else r |= remove_entry(fd, name, rel, len + 1 + n, &st, depth + 1);
    rel[len] = 0;
  }
  if (k < 0) {
    error_msg("%s%s: %s", jail, rel, strerror(errno));
    r = -1;
  }
  close(fd);
  return r;
}

static int remove_entry(int dfd, const char *name, char *rel, size_t len,
                        const struct stat *js, int depth)
{
  int fd, r = 0;

  if (S_ISDIR(js->st_mode)) {
    if (js->st_dev != jail_dev || depth >= MAX_DEPTH) {
      error_msg("%s%s: a mount point or too deep: not removed", jail, rel);
      return -1;
    }
    fd = sys_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      error_msg("%s%s: %s", jail, rel, strerror(errno));
      return -1;
    }
    r = remove_children(fd, rel, len, depth);
    rel[len] = 0;
    if (r) return r;        /* something kept: the directory stays */
  }
  if (!dry && unlinkat(dfd, name, S_ISDIR(js->st_mode) ? AT_REMOVEDIR : 0)) {
    error_msg("%s%s: %s", jail, rel, strerror(errno));
    return -1;
  }
  say_removed(rel);
  return 0;
}

/* ---- the walk ---- */

static int is_program(const char *rel, const struct stat *hs)
{
  return S_ISREG(hs->st_mode) && ((hs->st_mode & 0111) ||
                                  strstr(strrchr(rel, '/'), ".so"));
}

static int changed;

static void note_change(struct copy_ctx *c, enum copy_event ev,
                        const char *path, const char *why, const char *d)
{
  if ((ev == COPY_EV_UPDATE || ev == COPY_EV_COPY) && !strcmp(path, program))
    changed = 1;
  report(c, ev, path, why, d);
}

/* a jail file or symlink whose host path exists: through the engine;
 * the jail copy's owner is kept if it is the host's, and its setuid bits
 * only then (a user's own setuid file must not become root's) */
static void update_file(const char *rel, const struct stat *js,
                        const struct stat *hs)
{
  unsigned flags = 0;

  if (js->st_uid == hs->st_uid && js->st_gid == hs->st_gid) {
    flags |= COPY_OWNER;
    if (js->st_mode & (S_ISUID | S_ISGID)) flags |= COPY_SETUID;
  }
  program = rel;
  changed = 0;
  copy_path(&cc, rel, flags, "changed on the host");
  if (changed && is_program(rel, hs))
    copy_path(&lc, rel, flags, "needed");
}

/* what the engine would find unchanged, told without it: both regular,
 * same size and time, the mode and owner a copy would get (the engine's
 * own quick test, which saves it two lookups per file) */
static int unchanged(const struct stat *js, const struct stat *hs)
{
  mode_t want = hs->st_mode & 07777;

  if (!(js->st_mode & (S_ISUID | S_ISGID))) want &= ~(S_ISUID | S_ISGID);
  if (!S_ISREG(js->st_mode) || !S_ISREG(hs->st_mode)) return 0;
  if (js->st_dev == hs->st_dev && js->st_ino == hs->st_ino) return 1;
  return js->st_size == hs->st_size &&
         js->st_mtim.tv_sec == hs->st_mtim.tv_sec &&
         js->st_mtim.tv_nsec == hs->st_mtim.tv_nsec &&
         (js->st_mode & 07777) == want &&
         ((js->st_uid == hs->st_uid && js->st_gid == hs->st_gid) ||
          (js->st_uid == geteuid() && js->st_gid == getegid()));
}

static void walk(int fd, int hfd, char *rel, size_t len, int depth);

/* into directory name of the jail's dfd and of the host's hfd: 1 if it
 * was walked. quiet: a first try on getdents' word, opening both sides
 * (O_DIRECTORY, O_NOFOLLOW) with no stat by name; it says nothing and
 * returns 0 if either is not a directory to walk (visit looks closer) */
static int enter(int dfd, int hfd, const char *name, char *rel, size_t len,
                 int depth, int quiet)
{
  struct stat st;
  int fd, hsub;

  fd = sys_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) {
    if (!quiet) error_msg("%s%s: %s", jail, rel, strerror(errno));
    return 0;
  }
  if (quiet && (sys_fstat(fd, &st) || st.st_dev != jail_dev)) {
    close(fd);
    return 0;
  }
  hsub = sys_openat(hfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (hsub < 0) {
    if (!quiet) error_msg("%s: %s", rel, strerror(errno));
    close(fd);
    return 0;
  }
  walk(fd, hsub, rel, len, depth + 1);
  close_later(hsub);
  return 1;
}

/* one jail entry (name in the jail's dfd and the host's hfd, -1 if the
 * host has no such directory; rel its path); top: a DIR to scan, which
 * may be missing on either side */
/* a symlink on both sides with the same text (the common case, told
 * with two readlinks and no stat) */
static int same_link(int dfd, int hfd, const char *name)
{
  char a[PATH_MAX], b[PATH_MAX];
  ssize_t na, nb;

  if (hfd < 0 || (nb = sys_readlinkat(hfd, name, b, sizeof(b))) < 0 ||
      (na = sys_readlinkat(dfd, name, a, sizeof(a))) != nb)
    return 0;
  return !memcmp(a, b, na);
}

/* a changed symlink: replaced through the engine, which also copies
 * what it now points to, unless that is a directory (a whole tree) */
static void update_link(int dfd, int hfd, const char *name, const char *rel,
                        const struct stat *hs)
{
  struct stat t;

  if (same_link(dfd, hfd, name)) {
    if (verbose) printf("up to date: %s%s\n", jail, rel);
    return;
  }
  if (!sys_fstatat(hfd, name, &t, 0) && S_ISDIR(t.st_mode)) {
    error_msg("%s%s: the host's symlink now leads to a directory: not "
              "updated", jail, rel);
    return;
  }
  if (sys_fstatat(dfd, name, &t, AT_SYMLINK_NOFOLLOW)) {
    if (errno != ENOENT) error_msg("%s%s: %s", jail, rel, strerror(errno));
    return;
  }
  update_file(rel, &t, hs);
}

static void visit(int dfd, int hfd, const char *name, char *rel, size_t len,
                  int depth, int top, int dtype)
{
  struct stat js, hs;

  if (keep(rel)) return;
  if (dtype == DT_DIR && hfd >= 0 && depth < MAX_DEPTH &&
      enter(dfd, hfd, name, rel, len, depth, 1))
    return;
  if (dtype == DT_LNK && same_link(dfd, hfd, name)) {
    if (verbose) printf("up to date: %s%s\n", jail, rel);
    return;
  }
  /* a symlink, as readdir tells: its stat is needed only to replace it */
  if (dtype == DT_LNK) js.st_mode = S_IFLNK;
  else if (sys_fstatat(dfd, name, &js, AT_SYMLINK_NOFOLLOW)) {
    if (errno != ENOENT) error_msg("%s%s: %s", jail, rel, strerror(errno));
    else if (top && verbose) printf("not in the jail: %s%s\n", jail, rel);
    return;
  }
  if (hfd < 0 || sys_fstatat(hfd, name, &hs, AT_SYMLINK_NOFOLLOW)) {
    if (hfd >= 0 && errno != ENOENT && errno != ENOTDIR)
      error_msg("%s: %s", rel, strerror(errno));
    else if (top) {
      if (verbose) printf("not on the host: %s\n", rel);
    } else remove_entry(dfd, name, rel, len, &js, depth);
    return;
  }
  if (dtype == DT_LNK && !S_ISLNK(hs.st_mode) &&
      sys_fstatat(dfd, name, &js, AT_SYMLINK_NOFOLLOW)) {
    error_msg("%s%s: %s", jail, rel, strerror(errno));
    return;
  }
  if (S_ISDIR(js.st_mode) && S_ISDIR(hs.st_mode)) {
    if (js.st_dev != jail_dev || depth >= MAX_DEPTH) {
      if (verbose) printf("not walked: %s%s\n", jail, rel);
    } else enter(dfd, hfd, name, rel, len, depth, 0);
  } else if (S_ISDIR(js.st_mode) || S_ISDIR(hs.st_mode)) {
    error_msg("%s%s: a directory on one side only: left alone", jail, rel);
  } else if (S_ISLNK(js.st_mode) && S_ISLNK(hs.st_mode)) {
    update_link(dfd, hfd, name, rel, &hs);
  } else if (unchanged(&js, &hs)) {
    if (verbose) printf("up to date: %s%s\n", jail, rel);
  } else if (S_ISREG(hs.st_mode) || S_ISLNK(hs.st_mode) ||
             S_ISCHR(hs.st_mode) || S_ISBLK(hs.st_mode)) {
    update_file(rel, &js, &hs);
  }
}

/* the jail directory fd (closed here) at rel, a PATH_MAX buffer; hfd the
 * host's */
static void walk(int fd, int hfd, char *rel, size_t len, int depth)
{
  struct dirs it;
  const char *name;
  unsigned char type;
  size_t n;
  int r;

  dirs_open(&it, fd, dirs_buf(depth));
  while ((r = dirs_next(&it, &name, &type)) > 0) {
    n = strlen(name);
    if (len + 1 + n >= PATH_MAX) {
      error_msg("%s%s/%s: path too long", jail, rel, name);
      continue;
    }
    rel[len] = '/';
    memcpy(rel + len + 1, name, n + 1);
    visit(fd, hfd, name, rel, len + 1 + n, depth, 0, type);
    rel[len] = 0;
  }
  if (r < 0) error_msg("%s%s: %s", jail, rel, strerror(errno));
  close_later(fd);
}

/* a DIR to scan: its parent reached in the jail without symlinks, and on
 * the host (where symlinks are the host's business) */
static void scan(const char *dir)
{
  char rel[PATH_MAX], parent[PATH_MAX], why[JAIL_WHY_MAX], *slash;
  int pfd, fd, hfd;

  xstrlcpy(rel, dir, sizeof(rel));
  if (!strcmp(rel, "/")) {
    fd = sys_openat(jailfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    hfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || hfd < 0) perror_exit("%s", jail);
    rel[0] = 0;
    walk(fd, hfd, rel, 0, 0);
    close(hfd);
    return;
  }
  slash = strrchr(rel, '/');
  xsnprintf(parent, sizeof(parent), "%.*s", (int)(slash - rel), rel);
  if (!*parent) xstrlcpy(parent, "/", sizeof(parent));
  pfd = jail_walk(jailfd, jail, parent, 0, why, sizeof(why));
  if (pfd < 0) {
    if (errno == ENOENT) {
      if (verbose) printf("not in the jail: %s%s\n", jail, rel);
    } else error_msg("%s", why);
    return;
  }
  fd = sys_openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  close(pfd);
  if (fd < 0) {
    error_msg("%s%s: %s", jail, parent, strerror(errno));
    return;
  }
  hfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  visit(fd, hfd, slash + 1, rel, strlen(rel), 0, 1, DT_UNKNOWN);
  if (hfd >= 0) close(hfd);
  close(fd);
}

static void open_jail(void)
{
  char why[JAIL_WHY_MAX];
  struct stat st;
  int fd = jail_open(jail, why, sizeof(why));

  if (fd < 0) error_exit("jail %s is not safe: %s", jail, why);
  jailfd = sys_openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  close(fd);
  if (jailfd < 0 || sys_fstat(jailfd, &st)) perror_exit("%s", jail);
  jail_dev = st.st_dev;
}

int jk_update_main(int argc, char **argv)
{
  unsigned flags;
  size_t k;
  int i;

  setvbuf(stdout, 0, _IOLBF, 0);     /* in step with the errors */
  parse_args(argc, argv);
  for (i = 0; i < nskip_args; i++) add_path(&skips, "-s", skip_args[i]);
  for (i = 0; i < ndir_args; i++) add_path(&dirs, "directory", dir_args[i]);
  load_config();
  if (!dirs.n)
    for (k = 0; k < sizeof(default_dirs) / sizeof(*default_dirs); k++)
      add_path(&dirs, "directory", default_dirs[k]);
  open_jail();
  find_homes();
  flags = COPY_UPDATE | (hardlink > 0 ? COPY_HARDLINK : 0) |
          (dry ? COPY_DRYRUN : 0);
  copy_init(&cc, jailfd, jail, flags);
  copy_init(&lc, jailfd, jail, flags | COPY_LIBS);
  cc.report = note_change;
  lc.report = report;
  for (i = 0; i < dirs.n; i++) scan(dirs.p[i]);
  close_pending();
  copy_free(&cc);
  copy_free(&lc);
  close(jailfd);
  free_paths(&skips);
  free_paths(&dirs);
  free_paths(&homes);
  return log_status;
}
