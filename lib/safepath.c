/* safepath.c: the old jailkit's testsafepath, done on every component.
 *
 * The reference lstat()s a few chosen paths by name, so what it checks
 * and what the caller later opens may differ (a rename or symlink in
 * between). Here the walk starts at "/" and opens each component with
 * openat(parent, name, O_PATH|O_NOFOLLOW) and checks it with fstat(): the
 * caller gets the very object that was checked. Every component, "/"
 * included, must be owned by root, not writable by group or others, and
 * not a symlink; all but the last must be directories (the last too when
 * the path ends in '/'). SAFEPATH_LAST_ANY_OWNER relaxes the owner and
 * mode checks for the last component only, never for "/" itself.
 *
 * Only absolute paths without "." or ".." components are accepted: a
 * checked path should say plainly what it names. Repeated slashes are
 * fine. Reasons name the cleaned prefix that failed ("/a/b: is a
 * symlink"). */
#include "jk.h"

/* a byte loop: components are short, and musl's strchrnul spends more on
 * aligning than on a name like "etc" */
size_t path_comp_len(const char *p)
{
  size_t n = 0;

  while (p[n] && p[n] != '/') n++;
  return n;
}

static int fail(char *why, size_t whylen, int err, const char *what,
                const char *msg)
{
  if (why && whylen) snprintf(why, whylen, "%s: %s", what, msg);
  return errno = err, -1;
}

/* Absolute, short enough, and no "." or ".." components. */
static int check_syntax(const char *path, char *why, size_t whylen)
{
  const char *p;

  if (!path || !*path) return fail(why, whylen, EINVAL, "''", "empty path");
  if (*path != '/')
    return fail(why, whylen, EINVAL, path, "not an absolute path");
  if (strlen(path) >= PATH_MAX)
    return fail(why, whylen, ENAMETOOLONG, path, "path too long");
  for (p = path; *p; ) {
    size_t n;

    while (*p == '/') p++;
    n = path_comp_len(p);
    if (n == 1 && *p == '.')
      return fail(why, whylen, EINVAL, path, "'.' component refused");
    if (n == 2 && !memcmp(p, "..", 2))
      return fail(why, whylen, EINVAL, path, "'..' component refused");
    if (n > NAME_MAX)
      return fail(why, whylen, ENAMETOOLONG, path, "component too long");
    p += n;
  }
  return 0;
}

/* The checks on one opened component, named `name` in messages; its
 * stat in *st. */
static int check_fd(int fd, const char *name, int must_dir, int owner,
                    struct stat *st, char *why, size_t whylen)
{
  if (sys_fstat(fd, st))
    return fail(why, whylen, errno, name, strerror(errno));
  if (S_ISLNK(st->st_mode))
    return fail(why, whylen, ELOOP, name, "is a symlink");
  if (must_dir && !S_ISDIR(st->st_mode))
    return fail(why, whylen, ENOTDIR, name, "not a directory");
  if (!owner) return 0;
  if (st->st_uid)
    return fail(why, whylen, EPERM, name, "not owned by root");
  if (st->st_mode & S_IWGRP)
    return fail(why, whylen, EPERM, name, "writable by group");
  if (st->st_mode & S_IWOTH)
    return fail(why, whylen, EPERM, name, "writable by others");
  return 0;
}

static int open_root(struct stat *st, char *why, size_t whylen)
{
  int fd = sys_openat(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_NOFOLLOW |
                  O_CLOEXEC), err;

  if (fd < 0) return fail(why, whylen, errno, "/", strerror(errno));
  if (!check_fd(fd, "/", 1, 1, st, why, whylen)) return fd;
  err = errno;
  sys_close(fd);
  return errno = err, -1;
}

/* what step() asks of a component */
#define STEP_DIR 1        /* a directory */
#define STEP_OWNER 2      /* root's, not writable by group or others */
#define STEP_MAY_MISS 4   /* absent is an answer */
#define STEP_READ 8       /* opened for reading, not O_PATH */

/* Open component comp under *fd and check it; `done` is its cleaned path
 * for messages. Returns 0 with *fd now the component's (the parent's is
 * closed), 1 with *fd unchanged when a may-miss last component is absent,
 * or -1 with everything closed. */
static int step(int *fd, const char *comp, const char *done, int rules,
                struct stat *st, char *why, size_t whylen)
{
  /* O_NONBLOCK: opening a FIFO must not wait; O_NOCTTY: nor a terminal
   * become ours. What it is is checked next. */
  int oflags = rules & STEP_READ ? O_RDONLY | O_NONBLOCK | O_NOCTTY : O_PATH;
  int nfd = sys_openat(*fd, comp, oflags | O_NOFOLLOW | O_CLOEXEC);
  int err = errno;

  if (nfd < 0 && err == ENOENT && (rules & STEP_MAY_MISS)) {
    fail(why, whylen, ENOENT, done, "does not exist");
    return 1;
  }
  sys_close(*fd);
  *fd = -1;
  if (nfd < 0 && err == ENOENT)
    return fail(why, whylen, err, done, "does not exist");
  if (nfd < 0 && err == ELOOP && (rules & STEP_READ))
    return fail(why, whylen, err, done, "is a symlink");
  if (nfd < 0) return fail(why, whylen, err, done, strerror(err));
  if (check_fd(nfd, done, rules & STEP_DIR, rules & STEP_OWNER, st, why,
               whylen)) {
    err = errno;
    sys_close(nfd);
    return errno = err, -1;
  }
  *fd = nfd;
  return 0;
}

/* Success leaves errno 0, or ENOENT when the last component is absent
 * (SAFEPATH_LAST_MAY_MISS) and the fd is its parent's; *st is the stat
 * of what the fd is. */
int safepath_open_stat(const char *path, int flags, struct stat *st,
                       char *why, size_t whylen)
{
  char done[PATH_MAX], comp[NAME_MAX + 1];
  const char *p = path;
  size_t dlen = 0;
  int fd, r, rules;

  if (why && whylen) *why = 0;
  if (check_syntax(path, why, whylen)) return -1;
  fd = open_root(st, why, whylen);
  while (fd >= 0) {
    size_t n, more;
    int last;

    while (*p == '/') p++;
    if (!*p) return errno = 0, fd;
    n = path_comp_len(p);
    for (more = 0; p[n + more] == '/'; more++);
    last = !p[n + more];
    memcpy(comp, p, n);          /* n <= NAME_MAX: check_syntax */
    comp[n] = 0;
    done[dlen++] = '/';          /* never longer than path: it fits */
    memcpy(done + dlen, p, n);
    dlen += n;
    done[dlen] = 0;
    rules = 0;
    if (!last || more) rules |= STEP_DIR;
    if (!last || !(flags & SAFEPATH_LAST_ANY_OWNER)) rules |= STEP_OWNER;
    if (last && (flags & SAFEPATH_LAST_MAY_MISS)) rules |= STEP_MAY_MISS;
    if (last && (flags & SAFEPATH_READ)) rules |= STEP_READ;
    r = step(&fd, comp, done, rules, st, why, whylen);
    if (r < 0) return -1;
    if (r > 0) return errno = ENOENT, fd;
    p += n;
  }
  return -1;
}

int safepath_open(const char *path, int flags, char *why, size_t whylen)
{
  struct stat st;

  return safepath_open_stat(path, flags, &st, why, whylen);
}

int safepath_check(const char *path, int flags, char *why, size_t whylen)
{
  int fd = safepath_open(path, flags, why, whylen);

  if (fd < 0) return -1;
  sys_close(fd);
  return 0;
}

/* "a" + "/" + "b" with exactly one slash between them. dst may be a
 * (appending in place) but must not overlap b. */
void path_join(char *dst, size_t len, const char *a, const char *b)
{
  size_t la = strlen(a), lb;

  while (la && a[la - 1] == '/') la--;
  while (*b == '/') b++;
  lb = strlen(b);
  if (la + 1 + lb >= len)
    error_exit("path too long: %.60s/%.60s", a, b);
  memmove(dst, a, la);
  dst[la] = '/';
  memcpy(dst + la + 1, b, lb + 1);
}

/* Collapse repeated slashes, drop "." components and a trailing slash.
 * ".." is refused (EINVAL), not resolved: without looking at the file
 * system "a/.." need not be where a lexical answer says. Relative paths
 * are refused too; overflow is ERANGE. dst may be src. */
int path_clean(char *dst, size_t len, const char *src)
{
  size_t n = 0;

  if (*src != '/') return errno = EINVAL, -1;
  while (*src) {
    size_t c;

    while (*src == '/') src++;
    c = path_comp_len(src);
    if (c == 2 && !memcmp(src, "..", 2)) return errno = EINVAL, -1;
    if (!c || (c == 1 && *src == '.')) {
      src += c;
      continue;
    }
    if (n + 1 + c >= len) return errno = ERANGE, -1;
    dst[n++] = '/';
    memmove(dst + n, src, c);
    n += c;
    src += c;
  }
  if (!n && len < 2) return errno = ERANGE, -1;
  if (!n) dst[n++] = '/';
  dst[n] = 0;
  return 0;
}

/* Is path root itself or below it, component-wise? Both are cleaned
 * first; a path that cannot be cleaned (relative, "..") is not inside. */
int path_under(const char *path, const char *base)
{
  if (base[0] == '/' && !base[1]) return 1;
  while (*base && *path == *base) path++, base++;
  return !*base && (!*path || *path == '/');
}

int path_inside(const char *root, const char *path)
{
  char r[PATH_MAX], p[PATH_MAX];

  if (path_clean(r, sizeof(r), root) || path_clean(p, sizeof(p), path))
    return 0;
  return path_under(p, r);
}
