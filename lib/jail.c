/* jail.c: the pieces shared by the applets that jail a user.
 *
 * Everything here works on descriptors where a path could change under
 * us: the jail is opened component by component (lib/safepath) and what
 * is inside it is reached from that fd without following symlinks, so
 * the object checked is the object used. Nothing here prints or exits:
 * errors come back as errno and, where useful, a one-line reason naming
 * the host path ("/srv/jail/etc: writable by group"). */
#include "jk.h"
#include <grp.h>
#include <sys/syscall.h>
#include <linux/capability.h>

extern char **environ;

/* The top directories 2.23 checked like the jail itself, and lib64 (the
 * loader of a 64-bit jail lives there). */
static const char *const top_dirs[] = {
  "/dev", "/etc", "/lib", "/lib64", "/usr", "/bin", "/sbin"
};

int jail_split_home(const char *home, char *jail, size_t jlen,
                    char *inhome, size_t hlen)
{
  size_t len = strlen(home), n, rest;

  /* the last "/./", from the end: it is near the end */
  for (n = len; n >= 3; n--)
    if (home[n - 1] == '/' && home[n - 2] == '.' && home[n - 3] == '/')
      break;
  if (n < 3) return errno = ENOENT, -1;
  n -= 3;                                /* the jail's length */
  rest = len - n - 2;                    /* "/HOME" */
  if (n < JAIL_MIN || *home != '/') return errno = EINVAL, -1;
  if (n >= jlen || rest >= hlen) return errno = ERANGE, -1;
  memcpy(jail, home, n);
  jail[n] = 0;
  memcpy(inhome, home + n + 2, rest + 1);    /* fits: checked above */
  return 0;
}

const struct ini_sec *jail_section(const struct ini *ini, const char *user,
                                   const char *group)
{
  const struct ini_sec *s = 0;
  char name[256];
  int n;

  if (!ini) return 0;
  if (user && *user) s = ini_section(ini, user);
  if (!s && group && *group) {
    n = snprintf(name, sizeof(name), "group %s", group);
    /* a name too long for any header we could match is simply absent */
    if (n > 0 && (size_t)n < sizeof(name)) s = ini_section(ini, name);
  }
  return s ? s : ini_section(ini, "DEFAULT");
}

/* ---- environment ---- */

char **jail_env_take(void)
{
  static char *empty[1];
  char **old = environ;

  environ = empty;
  return old ? old : empty;
}

/* the index of NAME in e, or -1 */
static int env_find(const struct jail_env *e, const char *name, size_t n)
{
  int i;

  for (i = 0; i < e->n; i++)
    if (e->v[i][0] == *name && !strncmp(e->v[i], name, n) &&
        e->v[i][n] == '=')
      return i;
  return -1;
}

int jail_env_keep(struct jail_env *e, char *const *from, const char *name)
{
  size_t n = strlen(name);

  if (!n || strchr(name, '=')) return errno = EINVAL, -1;
  if (!strncmp(name, "LD_", 3)) return errno = EPERM, -1;
  if (env_find(e, name, n) >= 0) return 0;
  for (; from && *from; from++) {
    if (strncmp(*from, name, n) || (*from)[n] != '=') continue;
    if (e->n == JAIL_ENV_MAX) return errno = E2BIG, -1;
    e->v[e->n++] = *from;
    e->v[e->n] = 0;
    break;
  }
  return 0;
}

int jail_env_set(struct jail_env *e, const char *name, const char *value)
{
  size_t n = strlen(name), need = n + strlen(value) + 2;
  char *s = e->buf + e->used;
  int i = env_find(e, name, n);

  if (need > sizeof(e->buf) - e->used || (i < 0 && e->n == JAIL_ENV_MAX))
    return errno = E2BIG, -1;
  memcpy(s, name, n);
  s[n] = '=';
  memcpy(s + n + 1, value, need - n - 1);
  e->used += need;
  if (i < 0) i = e->n++;
  e->v[i] = s;
  e->v[e->n] = 0;
  return 0;
}

const char *jail_env_get(const struct jail_env *e, const char *name)
{
  size_t n = strlen(name);
  int i = env_find(e, name, n);

  return i < 0 ? 0 : e->v[i] + n + 1;
}

const char *jail_env_var(char *const *env, const char *name)
{
  size_t n = strlen(name);

  for (; env && *env; env++)
    if (!strncmp(*env, name, n) && (*env)[n] == '=') return *env + n + 1;
  return 0;
}

/* ---- the jail and what is in it ---- */

/* The host path of the first n bytes of path (inside jail), for messages:
 * a cut name does no harm there. Built only when a check fails. */
static void host_name(char *buf, size_t len, const char *jail,
                      const char *path, size_t n)
{
  int jl = strcmp(jail, "/") ? (int)strlen(jail) : 0;

  if (!n) snprintf(buf, len, "%s", jail);
  else snprintf(buf, len, "%.*s%.*s", jl, jail, (int)n, path);
}

/* why_fail() for the first n bytes of path inside jail, with errno err */
static int fail_at(char *why, size_t len, int err, const char *jail,
                   const char *path, size_t n, const char *msg)
{
  char name[PATH_MAX];

  host_name(name, sizeof(name), jail, path, n);
  return why_fail(why, len, err, "%s: %s", name, msg);
}

/* A directory on the way to something: not a symlink, a directory, and
 * with JAIL_WALK_STRICT root-owned and not writable by group or others.
 * With strict 2 also group root and no s-bits (the jail itself and its
 * top directories). 0, or what is wrong with errno set. */
static const char *stat_problem(const struct stat *st, int strict)
{
  if (S_ISLNK(st->st_mode)) return errno = ELOOP, "is a symlink";
  if (!S_ISDIR(st->st_mode)) return errno = ENOTDIR, "not a directory";
  if (!strict) return 0;
  if (st->st_uid) return errno = EPERM, "not owned by root";
  if (strict == 1)
    return st->st_mode & (S_IWGRP | S_IWOTH)
           ? (errno = EPERM, "writable by group or others") : 0;
  if (st->st_gid) return errno = EPERM, "group is not root";
  if (st->st_mode & S_IWGRP) return errno = EPERM, "writable by group";
  if (st->st_mode & S_IWOTH) return errno = EPERM, "writable by others";
  if (st->st_mode & (S_ISUID | S_ISGID))
    return errno = EPERM, "setuid or setgid";
  return 0;
}

static const char *dir_problem(int fd, int strict)
{
  struct stat st;

  if (sys_fstat(fd, &st)) return strerror(errno);
  return stat_problem(&st, strict);
}

int jail_walk(int jailfd, const char *jail, const char *path, int flags,
              char *why, size_t len)
{
  char comp[NAME_MAX + 1];
  const char *msg;
  size_t off = 0, start, n;
  int fd = jailfd, nfd, err;      /* jailfd is never closed here */

  if (*path != '/')
    return why_fail(why, len, EINVAL, "%s: not an absolute path", path);
  for (;;) {
    for (start = off; path[start] == '/'; start++);
    n = path_comp_len(path + start);
    if (!n) break;
    off = start + n;
    err = 0;
    if (n > NAME_MAX) err = ENAMETOOLONG;
    else if (n == 2 && !memcmp(path + start, "..", 2)) err = EINVAL;
    if (err) {
      if (fd != jailfd) sys_close(fd);
      return fail_at(why, len, err, jail, path, off, err == EINVAL
                     ? "'..' refused" : "name too long");
    }
    if (n == 1 && path[start] == '.') continue;
    memcpy(comp, path + start, n);
    comp[n] = 0;
    nfd = sys_openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    err = errno;
    if (fd != jailfd) sys_close(fd);
    if (nfd < 0)
      return fail_at(why, len, err, jail, path, off,
                     err == ENOENT ? "does not exist" : strerror(err));
    fd = nfd;
    if (path[off + strspn(path + off, "/")] &&
        (msg = dir_problem(fd, flags & JAIL_WALK_STRICT ? 1 : 0))) {
      err = errno;
      sys_close(fd);
      return fail_at(why, len, err, jail, path, off, msg);
    }
  }
  /* the jail itself ("/"): a new fd all the same, the caller closes it */
  if (fd == jailfd && (fd = fcntl(jailfd, F_DUPFD_CLOEXEC, 3)) < 0)
    return why_fail(why, len, errno, "%s: %s", jail, strerror(errno));
  return fd;
}

/* One of top_dirs ("/dir"): absent is fine. A symlink (lib -> usr/lib in a
 * merged-/usr jail) is followed once, inside the jail: its target and
 * every directory on the way to it must pass the same checks. */
static int check_top(int jailfd, const char *jail, const char *dir,
                     char *why, size_t len)
{
  char name[PATH_MAX], target[PATH_MAX], in[PATH_MAX];
  const char *msg, *at = dir;      /* what is checked, inside the jail */
  struct stat st;
  ssize_t n;
  int fd;

  /* by name: only root can change what the names in the jail's root
   * (checked: root's, not writable by others) are */
  if (sys_fstatat(jailfd, dir + 1, &st, AT_SYMLINK_NOFOLLOW))
    return errno == ENOENT ? 0
           : fail_at(why, len, EPERM, jail, dir, strlen(dir), strerror(errno));
  if (!S_ISLNK(st.st_mode)) {
    msg = stat_problem(&st, 2);
    return msg ? fail_at(why, len, EPERM, jail, at, strlen(at), msg) : 0;
  }
  n = sys_readlinkat(jailfd, dir + 1, target, sizeof(target) - 1);
  if (n < 0)
    return fail_at(why, len, EPERM, jail, dir, strlen(dir), strerror(errno));
  target[n] = 0;
  /* from the jail's root either way: the link is in it */
  if (snprintf(in, sizeof(in), "/%s", target) >= (int)sizeof(in) ||
      path_clean(in, sizeof(in), in)) {
    host_name(name, sizeof(name), jail, dir, strlen(dir));
    return why_fail(why, len, EPERM, "%s: symlink to '%s' refused", name,
                    target);
  }
  fd = jail_walk(jailfd, jail, in, JAIL_WALK_STRICT, why, len);
  if (fd < 0) return errno == ENOENT ? 0 : (errno = EPERM, -1);
  at = in;
  msg = dir_problem(fd, 2);
  sys_close(fd);
  return msg ? fail_at(why, len, EPERM, jail, at, strlen(at), msg) : 0;
}

int jail_open(const char *jail, char *why, size_t len)
{
  char name[PATH_MAX];
  const char *msg;
  struct stat st;
  size_t i;
  int fd, err;

  fd = safepath_open_stat(jail, 0, &st, why, len);
  if (fd < 0) return -1;
  if (path_clean(name, sizeof(name), jail)) xstrlcpy(name, jail, sizeof(name));
  if ((msg = stat_problem(&st, 2))) {
    why_fail(why, len, errno, "%s: %s", name, msg);
    goto bad;
  }
  for (i = 0; i < sizeof(top_dirs) / sizeof(*top_dirs); i++)
    if (check_top(fd, name, top_dirs[i], why, len)) goto bad;
  return fd;
bad:
  err = errno;
  close(fd);
  return errno = err, -1;
}

/* ---- the drop ---- */

static int caps_clear(void)
{
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];

  memset(d, 0, sizeof(d));
  if (syscall(SYS_capset, &h, d)) return -1;
  if (syscall(SYS_capget, &h, d)) return -1;
  if (d[0].effective | d[1].effective | d[0].permitted | d[1].permitted |
      d[0].inheritable | d[1].inheritable)
    return errno = EPERM, -1;
  return 0;
}

/* are the process's groups exactly the set given (in any order)? */
static int groups_are(const gid_t *groups, int n)
{
  static gid_t have[JAIL_GROUPS_MAX];   /* the kernel's limit */
  int got = getgroups(JAIL_GROUPS_MAX, have), i, j, ok = got >= 0;

  for (i = 0; ok && i < got; i++) {
    for (j = 0; j < n && groups[j] != have[i]; j++);
    ok = j < n;
  }
  for (i = 0; ok && i < n; i++) {
    for (j = 0; j < got && have[j] != groups[i]; j++);
    ok = j < got;
  }
  return ok;
}

/* The id changes are plain system calls: libc's wrappers first stop
 * every other thread (musl's __synccall: 6 rt_sigprocmask a call) to
 * change them all, and these applets never start a thread. Where the
 * plain calls take 16-bit ids (i386, arm), the 32-bit ones. */
#ifdef SYS_setresuid32
#define SYS_SETRESUID SYS_setresuid32
#define SYS_SETRESGID SYS_setresgid32
#define SYS_SETGROUPS SYS_setgroups32
#define SYS_SETUID SYS_setuid32
#define SYS_SETGID SYS_setgid32
#else
#define SYS_SETRESUID SYS_setresuid
#define SYS_SETRESGID SYS_setresgid
#define SYS_SETGROUPS SYS_setgroups
#define SYS_SETUID SYS_setuid
#define SYS_SETGID SYS_setgid
#endif

int jail_drop(uid_t uid, gid_t gid, const gid_t *groups, int n)
{
  uid_t r, e, s;
  gid_t rg, eg, sg;

  if (syscall(SYS_SETRESGID, (long)gid, (long)gid, (long)gid))
    return JAIL_DROP_GID;
  if (syscall(SYS_SETGROUPS, (long)n, groups)) return JAIL_DROP_GROUPS;
  if (syscall(SYS_SETRESUID, (long)uid, (long)uid, (long)uid))
    return JAIL_DROP_UID;
  /* from setuid root the uid change emptied the permitted set, but not
   * the inheritable one; with file capabilities nothing was emptied */
  if (caps_clear()) return JAIL_DROP_UID;
  if (getresgid(&rg, &eg, &sg) || rg != gid || eg != gid || sg != gid)
    return errno = EPERM, JAIL_DROP_GID;
  if (!groups_are(groups, n)) return errno = EPERM, JAIL_DROP_GROUPS;
  if (getresuid(&r, &e, &s) || r != uid || e != uid || s != uid)
    return errno = EPERM, JAIL_DROP_UID;
  /* regaining root must fail */
  if (uid && (!syscall(SYS_SETUID, 0L) ||
              !syscall(SYS_SETRESUID, -1L, 0L, -1L)))   /* seteuid(0) */
    return errno = EPERM, JAIL_DROP_UID;
  if (gid && uid && !syscall(SYS_SETGID, 0L))
    return errno = EPERM, JAIL_DROP_GID;
  return 0;
}

int jail_config_load(struct ini *ini, const char *dir, const char *name,
                     char *why, size_t len)
{
  char reason[JAIL_WHY_MAX];
  struct stat st;
  ssize_t n;
  int dfd, fd, err;

  dfd = safepath_open(dir, 0, reason, sizeof(reason));
  if (dfd < 0) {
    snprintf(why, len, "configuration directory %s is not safe: %s", dir,
             reason);
    return JAIL_CFG_UNSAFE;
  }
  fd = sys_openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
              O_CLOEXEC);
  err = errno;
  sys_close(dfd);
  if (fd < 0 && err == ENOENT) {
    if (len) *why = 0;     /* not a failure: the caller says what it means */
    return JAIL_CFG_ABSENT;
  }
  if (fd < 0 || sys_fstat(fd, &st)) {
    if (fd >= 0) err = errno, close(fd);
    snprintf(why, len, "%s/%s: %s", dir, name,
             err == ELOOP ? "is a symlink" : strerror(err));
    return JAIL_CFG_UNSAFE;
  }
  if (!S_ISREG(st.st_mode) || st.st_uid ||
      (st.st_mode & (S_IWGRP | S_IWOTH))) {
    snprintf(why, len, "%s/%s: %s", dir, name, !S_ISREG(st.st_mode)
             ? "not a regular file"
             : "not owned by root or writable by group or others");
    close(fd);
    return JAIL_CFG_UNSAFE;
  }
  n = read_all(fd, ini->text, sizeof(ini->text));
  err = errno;
  close(fd);
  if (n < 0 || n > INI_MAX_SIZE) {
    snprintf(why, len, "%s/%s: %s", dir, name,
             n < 0 ? strerror(err) : "file too large");
    return JAIL_CFG_BAD;
  }
  if (ini_parse(ini, ini->text, n)) {
    snprintf(why, len, "%s/%s:%d: %s", dir, name, ini->err_line,
             ini->err_msg);
    return JAIL_CFG_BAD;
  }
  return 0;
}

int jail_open_status(int err)
{
  if (err == ELOOP || err == EINVAL) return 21;
  return err == EPERM ? 53 : 19;
}

int jail_own_path(const char *path)
{
  static const char *const own[] = {
    "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow",
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/jailkit", "/home", "/tmp",
    "/var/tmp",
  };
  size_t i;

  for (i = 0; i < sizeof(own) / sizeof(*own); i++)   /* 1st letter first */
    if (*path && path[1] == own[i][1] && path_under(path, own[i])) return 1;
  return 0;
}

int jail_relpath(const char *jail, const char *path, char *out, size_t len)
{
  char clean[PATH_MAX];
  size_t n = strlen(jail);

  if (*path != '/') return errno = EINVAL, -1;
  if (path_clean(clean, sizeof(clean), path)) return -1;
  if (n > 1 && path_under(clean, jail)) {
    if (strlen(clean + n) + 2 > len) return errno = ENAMETOOLONG, -1;
    snprintf(out, len, "%s", clean[n] ? clean + n : "/");
    return 0;
  }
  if (strlen(clean) >= len) return errno = ENAMETOOLONG, -1;
  memcpy(out, clean, strlen(clean) + 1);
  return 0;
}

char *jail_read(int jailfd, const char *jail, const char *path, size_t max,
                char *why, size_t len)
{
  char proc[64], *text;
  int fd = jail_walk(jailfd, jail, path, 0, why, len), rfd;

  if (fd < 0) return 0;
  snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
  rfd = open(proc, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  close(fd);
  text = rfd < 0 ? 0 : fd_slurp(rfd, max);
  if (!text) snprintf(why, len, "%s%s: %s", jail, path, errno == EINVAL ?
                      "not a regular file" : strerror(errno));
  return text;
}
