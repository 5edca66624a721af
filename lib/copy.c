/* copy.c: the jail-building copy engine (see copy.h).
 *
 * Where a file goes: the host path is walked one component at a time on
 * the host (lstat) and in the jail (openat O_PATH|O_NOFOLLOW from the
 * jail's fd) together. A host directory is made in the jail when
 * missing; a host symlink is made as the same symlink in the jail and
 * the walk goes on where the host's symlink leads (its text spliced into
 * the rest of the path, as the kernel would on the host), so the jail
 * symlink itself is never followed: a symlink met in the jail where the
 * host has a directory is an error, never a way out. Every write is
 * openat/mkdirat/symlinkat/mknodat/linkat/renameat on such a directory
 * fd; new files are created O_EXCL|O_NOFOLLOW under a temporary name and
 * renamed into place.
 *
 * The handled set is an open-addressing hash of host paths (doubling,
 * capped at COPY_MAX_HANDLED); the directory cache keeps the fds of the
 * last COPY_DIR_CACHE directories reached, so the files of one directory
 * cost one walk. Reports go through c->report only. */
#include "jk.h"
#include "copy.h"
#include <dirent.h>
#include <glob.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#define DRY (-2)              /* "fd" of a directory a dry run would make */
#define BUFSZ (128 * 1024)    /* read/write fallback and compare chunk */
#define SBITS (S_ISUID | S_ISGID)

struct dircache {
  char *host;                 /* host directory path as asked */
  char *real;                 /* where the host walk ended */
  int fd;
};

struct priv {
  char **set;                 /* the handled set */
  size_t nset, cap;
  struct dircache dc[COPY_DIR_CACHE];
  int dcnext;
  char *buf;                  /* 2 * BUFSZ, made on first use */
  unsigned long tmpn;         /* temporary name counter */
  int depth;
  unsigned flags;             /* of the copy_path call: for parents */
  uid_t uid;                  /* the owner of what we create */
  gid_t gid;
  char *libdirs[COPY_MAX_LIBDIRS];  /* libraries outside the defaults */
  int nlibdirs;
};

static struct priv *P(struct copy_ctx *c)
{
  return c->priv;
}

/* ---- reports ---- */

static void ev(struct copy_ctx *c, enum copy_event e, const char *path,
               const char *why, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
static void ev(struct copy_ctx *c, enum copy_event e, const char *path,
               const char *why, const char *fmt, ...)
{
  char detail[PATH_MAX + 128];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(detail, sizeof(detail), fmt, ap);
  va_end(ap);
  if (e == COPY_EV_ERROR) c->errors++;
  if (e == COPY_EV_MISSING) c->missing++;
  if (c->report) c->report(c, e, path, why, detail);
}

/* an error with strerror(errno); returns -1 */
static int fail(struct copy_ctx *c, const char *path, const char *why,
                const char *what)
{
  ev(c, COPY_EV_ERROR, path, why, "%s: %s", what, strerror(errno));
  return -1;
}

/* ---- the handled set ---- */

static size_t hash(const char *s)
{
  size_t h = 2166136261u;

  while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
  return h;
}

static char **slot(char **set, size_t cap, const char *s)
{
  size_t i = hash(s) & (cap - 1);

  while (set[i] && strcmp(set[i], s)) i = (i + 1) & (cap - 1);
  return &set[i];
}

/* 1 if path was handled already, 0 if it is now marked, -1 if full */
static int handled(struct priv *p, const char *path)
{
  char **s;
  size_t i;

  if (*(s = slot(p->set, p->cap, path))) return 1;
  if (p->nset >= COPY_MAX_HANDLED) return -1;
  if (2 * (p->nset + 1) > p->cap) {
    char **old = p->set;
    size_t ocap = p->cap;

    p->cap *= 2;
    p->set = xzalloc(p->cap * sizeof(*p->set));
    for (i = 0; i < ocap; i++)
      if (old[i]) *slot(p->set, p->cap, old[i]) = old[i];
    free(old);
    s = slot(p->set, p->cap, path);
  }
  *s = xstrdup(path);
  p->nset++;
  return 0;
}

/* ---- setup ---- */

void copy_init(struct copy_ctx *c, int jailfd, const char *jail,
               unsigned flags)
{
  struct priv *p = xzalloc(sizeof(*p));
  int i;

  memset(c, 0, sizeof(*c));
  c->jailfd = jailfd;
  c->jail = jail;
  c->flags = flags;
  p->cap = 1024;
  p->set = xzalloc(p->cap * sizeof(*p->set));
  for (i = 0; i < COPY_DIR_CACHE; i++) p->dc[i].fd = -1;
  p->uid = geteuid();
  p->gid = getegid();
  c->priv = p;
}

static void dc_drop(struct dircache *d)
{
  if (d->fd >= 0) close(d->fd);
  free(d->host);
  free(d->real);
  d->fd = -1;
  d->host = d->real = 0;
}

void copy_free(struct copy_ctx *c)
{
  struct priv *p = P(c);
  size_t i;

  if (!p) return;
  for (i = 0; i < p->cap; i++) free(p->set[i]);
  for (i = 0; i < COPY_DIR_CACHE; i++) dc_drop(&p->dc[i]);
  for (i = 0; i < (size_t)p->nlibdirs; i++) free(p->libdirs[i]);
  free(p->set);
  free(p->buf);
  free(p);
  c->priv = 0;
}

/* ---- small helpers ---- */

/* the mode a copy gets: permission bits, s-bits only with COPY_SETUID */
static mode_t want_mode(unsigned flags, mode_t m)
{
  m &= 07777;
  return flags & COPY_SETUID ? m : m & ~SBITS;
}

static int want_owner(struct copy_ctx *c, unsigned flags,
                      const struct stat *st, const struct stat *j)
{
  if (flags & COPY_OWNER) return j->st_uid == st->st_uid &&
                                 j->st_gid == st->st_gid;
  return j->st_uid == P(c)->uid && j->st_gid == P(c)->gid;
}

/* split path into its directory (in dir) and last name; -1 if too long
 * or no name */
static int split(const char *path, char *dir, size_t len, const char **name)
{
  const char *s = strrchr(path, '/');
  size_t n;

  if (!s || !s[1] || strlen(path) >= len) return errno = EINVAL, -1;
  n = s - path;
  memcpy(dir, path, n);
  dir[n ? n : 1] = 0;
  if (!n) dir[0] = '/';
  *name = s + 1;
  return 0;
}

/* a fresh temporary name in the jail directory */
static void tmpname(struct copy_ctx *c, char *out, size_t len)
{
  xsnprintf(out, len, ".jkcopy.%ld.%lu", (long)getpid(), ++P(c)->tmpn);
}

/* ---- the walk: host directory -> jail directory fd ---- */

static struct dircache *dc_find(struct priv *p, const char *host)
{
  int i;

  for (i = 0; i < COPY_DIR_CACHE; i++)
    if (p->dc[i].host && !strcmp(p->dc[i].host, host)) return &p->dc[i];
  return 0;
}

static struct dircache *dc_add(struct priv *p, const char *host,
                               const char *real, int fd)
{
  struct dircache *d = &p->dc[p->dcnext];

  p->dcnext = (p->dcnext + 1) % COPY_DIR_CACHE;
  dc_drop(d);
  d->host = xstrdup(host);
  d->real = xstrdup(real);
  d->fd = fd;
  return d;
}

/* In a dry run nothing on disk says that a parent directory or link is
 * done: each is reported once (a key of its own in the handled set). */
static int dry_seen(struct copy_ctx *c, const char *path)
{
  char key[PATH_MAX + 2];

  xsnprintf(key, sizeof(key), "d%s", path);
  return handled(P(c), key) != 0;
}

/* make directory comp in dfd like host directory hpath (st: its lstat,
 * or NULL when the host has none: mode then). The new directory's fd. */
static int make_dir(struct copy_ctx *c, int dfd, const char *comp,
                    const char *hpath, const struct stat *st, mode_t mode,
                    const char *why)
{
  unsigned f = P(c)->flags;
  struct stat now;
  int fd, made;

  if (st) mode = want_mode(f, st->st_mode);
  if (f & COPY_DRYRUN) {
    if (!dry_seen(c, hpath)) ev(c, COPY_EV_COPY, hpath, why, "directory");
    return DRY;
  }
  ev(c, COPY_EV_COPY, hpath, why, "directory");
  made = !mkdirat(dfd, comp, 0700);
  if (!made && errno != EEXIST) return fail(c, hpath, why, "mkdir");
  fd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return fail(c, hpath, why, "open");
  /* one made meanwhile (by a user, in a directory of theirs; or ours
   * renamed away and theirs put in its place) is used as it is: never
   * adopted, made root's with what they put in it */
  if (!made || fstat(fd, &now) || now.st_uid != P(c)->uid) return fd;
  if ((st && (f & COPY_OWNER) && fchown(fd, st->st_uid, st->st_gid)) ||
      fchmod(fd, mode)) {
    fail(c, hpath, why, "set owner or mode");
    close(fd);
    return -1;
  }
  return fd;
}

/* the host symlink hpath (text) as the same symlink comp in dfd */
static int mirror_link(struct copy_ctx *c, int dfd, const char *comp,
                       const char *hpath, const char *text, const char *why)
{
  char old[PATH_MAX];
  ssize_t n = -1;

  if (dfd != DRY) n = readlinkat(dfd, comp, old, sizeof(old) - 1);
  if (n >= 0 && (old[n] = 0, !strcmp(old, text))) return 0;
  if (n >= 0 || (dfd != DRY && errno != ENOENT))
    return 0;    /* something else is there: left alone, not followed */
  if (P(c)->flags & COPY_DRYRUN) {
    if (!dry_seen(c, hpath))
      ev(c, COPY_EV_COPY, hpath, why, "symlink -> %s", text);
    return 0;
  }
  ev(c, COPY_EV_COPY, hpath, why, "symlink -> %s", text);
  if (symlinkat(text, dfd, comp)) return fail(c, hpath, why, "symlink");
  return 0;
}

/* One step of the walk: comp below the jail fd *dfd (host path so far in
 * real). Returns 0 with *dfd replaced, 1 when comp is a host symlink
 * whose text is now in link, -1 on error. A directory the host does not
 * have either is made 0755. */
static int walk_step(struct copy_ctx *c, int *dfd, char *real,
                     const char *comp, char *link, const char *why)
{
  struct stat st, js;
  int have, fd = -1, jdir = 0;
  ssize_t n;

  have = !lstat(real, &st);
  if (!have && errno != ENOENT) return fail(c, real, why, "lstat");
  if (*dfd != DRY) {
    fd = openat(*dfd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno != ENOENT) return fail(c, real, why, "open in jail");
    if (fd >= 0 && fstat(fd, &js)) {
      close(fd);
      return fail(c, real, why, "stat in jail");
    }
    jdir = fd >= 0 && S_ISDIR(js.st_mode);
  }
  /* a host symlink is made in the jail and followed on the host; a real
   * directory the jail has in its place is used as it is (2.23 put the
   * file there too) */
  if (have && S_ISLNK(st.st_mode) && !jdir) {
    if (fd >= 0) close(fd);
    n = readlink(real, link, PATH_MAX - 1);
    if (n < 0) return fail(c, real, why, "readlink");
    link[n] = 0;
    return mirror_link(c, *dfd, comp, real, link, why) ? -1 : 1;
  }
  if (fd >= 0 && !jdir) {
    close(fd);
    ev(c, COPY_EV_ERROR, real, why, S_ISLNK(js.st_mode) ? "in the jail: "
       "a symlink, never followed" : "in the jail: not a directory");
    return -1;
  }
  if (have && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode))
    return errno = ENOTDIR, fail(c, real, why, "host path");
  if (fd < 0) {
    fd = make_dir(c, *dfd, comp, real, have ? &st : 0, 0755, why);
    if (fd == -1) return -1;
  }
  if (*dfd >= 0 && *dfd != c->jailfd) close(*dfd);
  *dfd = fd;
  return 0;
}

/* link = link tail, relative to dir unless absolute (PATH_MAX); the
 * length it needs */
static int link_splice(char *link, const char *dir, const char *tail)
{
  char *t = xmalloc(PATH_MAX);
  int abs = *link == '/';
  int k = snprintf(t, PATH_MAX, "%s%s%s%s", abs ? "" : dir, abs ? "" : "/",
                   link, tail);

  if (k < PATH_MAX) memcpy(link, t, k + 1);
  free(t);
  return k;
}

/* The jail directory fd for host directory dir (made as needed), and
 * where the host walk ended in real (PATH_MAX). The fd belongs to the
 * cache or is the jail's: never closed by the caller; DRY in a dry run
 * when missing.
 * A host symlink on the way (or a ".." in its text) restarts the walk
 * from the jail's root with the resolved rest. */
static int jail_dir(struct copy_ctx *c, const char *dir, char *real,
                    const char *why)
{
  struct priv *p = P(c);
  struct dircache *d = dc_find(p, dir);
  char rest[PATH_MAX], link[PATH_MAX], r[PATH_MAX], comp[NAME_MAX + 1];
  size_t rl = 0, n;
  const char *s;
  int fd = c->jailfd, k, hops = 0;

  if (d) {
    strcpy(real, d->real);
    return d->fd;
  }
  if (snprintf(rest, sizeof(rest), "%s", dir) >= (int)sizeof(rest))
    goto toolong;
  r[0] = 0;
  for (s = rest;;) {
    while (*s == '/') s++;
    if (!*s) break;
    n = strcspn(s, "/");
    if (n > NAME_MAX || rl + n + 2 > sizeof(r)) goto toolong;
    memcpy(comp, s, n);
    comp[n] = 0;
    s += n;
    if (!strcmp(comp, ".")) continue;
    if (!strcmp(comp, "..")) {
      /* only from a host symlink's text: the parent, then the rest */
      while (rl && r[rl - 1] != '/') rl--;
      r[rl ? rl - 1 : 0] = 0;
      k = snprintf(link, sizeof(link), "%s%s", r, s);  /* s: in rest */
    } else {
      r[rl] = '/';
      memcpy(r + rl + 1, comp, n + 1);
      k = walk_step(c, &fd, r, comp, link, why);
      if (k < 0) goto out;
      if (!k) {
        rl += n + 1;
        continue;
      }
      /* a host symlink: its text (from its directory), then the rest */
      if (++hops > 40) {
        errno = ELOOP;
        fail(c, dir, why, "path");
        goto out;
      }
      r[rl] = 0;
      k = link_splice(link, r, s);
    }
    if (k >= (int)sizeof(link)) goto toolong;
    memcpy(rest, link, k + 1);
    s = rest;
    rl = 0;
    r[0] = 0;
    if (fd >= 0 && fd != c->jailfd) close(fd);
    fd = c->jailfd;
  }
  if (!rl) strcpy(r, "/");
  strcpy(real, r);
  if (fd == DRY || fd == c->jailfd) return fd;
  return dc_add(p, dir, r, fd)->fd;
toolong:
  errno = ENAMETOOLONG;
  fail(c, dir, why, "path");
out:
  if (fd >= 0 && fd != c->jailfd) close(fd);
  return -1;
}

/* path made absolute-clean lexically into out (PATH_MAX): repeated
 * slashes, "." and ".." (at "/" it stays there) */
static int norm(const char *path, char *out)
{
  size_t n = 0, k;

  if (*path != '/') return errno = EINVAL, -1;
  while (*path) {
    while (*path == '/') path++;
    k = strcspn(path, "/");
    if (k == 2 && !memcmp(path, "..", 2)) {
      while (n && out[n - 1] != '/') n--;
      if (n) n--;
    } else if (k && !(k == 1 && *path == '.')) {
      if (n + k + 2 > PATH_MAX) return errno = ENAMETOOLONG, -1;
      out[n++] = '/';
      memcpy(out + n, path, k);
      n += k;
    }
    path += k;
  }
  if (!n) out[n++] = '/';
  out[n] = 0;
  return 0;
}

/* ---- regular files ---- */

static char *buffer(struct priv *p)
{
  if (!p->buf) p->buf = xmalloc(2 * BUFSZ);
  return p->buf;
}

/* in to out from their offsets to the end of in: copy_file_range, then
 * sendfile, then read/write, each falling back when the kernel or the
 * file systems refuse (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP) */
static int copy_data(struct priv *p, int in, int out)
{
  ssize_t n;
  int way;

  for (way = 0; way < 2; way++) {
    do n = way ? sendfile(out, in, 0, 1 << 30)
               : copy_file_range(in, 0, out, 0, 1 << 30, 0);
    while (n > 0 || (n < 0 && errno == EINTR));
    if (!n) return 0;
    if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
        errno != EOPNOTSUPP)
      return -1;
  }
  while ((n = read(in, buffer(p), BUFSZ)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || write_all(out, p->buf, n) != n) return -1;
  }
  return 0;
}

/* same bytes? 1, 0, or -1 */
static int same_content(struct priv *p, const char *path, int dfd,
                        const char *name)
{
  int a = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  int b = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  ssize_t x, y;
  int r = -1;

  if (a >= 0 && b >= 0) {
    char *buf = buffer(p);

    do {
      x = read_all(a, buf, BUFSZ);
      y = read_all(b, buf + BUFSZ, BUFSZ);
      if (x < 0 || y < 0) break;
      r = x == y && !memcmp(buf, buf + BUFSZ, x);
    } while (r == 1 && x == BUFSZ);
  }
  if (a >= 0) close(a);
  if (b >= 0) close(b);
  return r;
}

/* is the jail's file (j) what a copy of the host's (st) would be? */
static int reg_same(struct copy_ctx *c, const char *path, int dfd,
                    const char *name, const struct stat *st,
                    const struct stat *j, unsigned flags)
{
  if (!S_ISREG(j->st_mode)) return 0;
  if (j->st_dev == st->st_dev && j->st_ino == st->st_ino) return 1;
  if (j->st_size != st->st_size ||
      (j->st_mode & 07777) != want_mode(flags, st->st_mode) ||
      !want_owner(c, flags, st, j))
    return 0;
  if (j->st_mtim.tv_sec == st->st_mtim.tv_sec &&
      j->st_mtim.tv_nsec == st->st_mtim.tv_nsec)
    return 1;
  return same_content(P(c), path, dfd, name) == 1;
}

/* is the file st (an lstat) still what fstat says? (a user's directory
 * may have another file there by now: its content must not get st's
 * mode, owner or hardlink verdict) */
static int same_file(const struct stat *st, const struct stat *now)
{
  return S_ISREG(now->st_mode) && now->st_dev == st->st_dev &&
         now->st_ino == st->st_ino;
}

/* the host file as tmp in dfd: content, owner (COPY_OWNER), mode, times.
 * -2 (nothing made) when path is no longer the file st describes */
static int write_tmp(struct copy_ctx *c, const char *path, int dfd,
                     const char *tmp, const struct stat *st, unsigned flags)
{
  struct timespec t[2] = { st->st_atim, st->st_mtim };
  struct stat now;
  int in, out, r = -1;

  in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (in < 0) return -1;
  if (fstat(in, &now) || !same_file(st, &now)) {
    close(in);
    return -2;
  }
  out = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
               0600);
  if (out >= 0) {
    r = copy_data(P(c), in, out);
    if (!r && (flags & COPY_OWNER)) r = fchown(out, st->st_uid, st->st_gid);
    if (!r) r = fchmod(out, want_mode(flags, st->st_mode));
    if (!r) r = futimens(out, t);
    if (close(out) && !r) r = -1;
  }
  close(in);
  return r;
}

/* may path be hardlinked into the jail (COPY_HARDLINK)? Never a file
 * that gives privileges: setuid/setgid bits, or file capabilities (the
 * jail's file would be the host's inode, privileges included) */
static int linkable(const char *path, const struct stat *st, unsigned flags)
{
  return (flags & COPY_HARDLINK) && !(st->st_mode & SBITS) &&
         lgetxattr(path, "security.capability", 0, 0) < 0 &&
         (errno == ENODATA || errno == ENOTSUP);
}

/* put a new tmp in place of name, or remove it; -1 on error */
static int commit(struct copy_ctx *c, int dfd, const char *tmp,
                  const char *name, int ok, const char *path,
                  const char *why)
{
  int e;

  if (ok && !renameat(dfd, tmp, dfd, name)) return 0;
  e = errno;
  unlinkat(dfd, tmp, 0);
  errno = e;
  return fail(c, path, why, ok ? "rename" : "copy");
}

static int copy_reg(struct copy_ctx *c, const char *path, int dfd,
                    const char *name, const struct stat *st, unsigned flags,
                    const char *why)
{
  char tmp[64];
  struct stat now;
  int r = -1;

  tmpname(c, tmp, sizeof(tmp));
  if (linkable(path, st, flags) && !linkat(AT_FDCWD, path, dfd, tmp, 0)) {
    if (fstatat(dfd, tmp, &now, AT_SYMLINK_NOFOLLOW) || !same_file(st, &now))
      r = -2;
    else if (commit(c, dfd, tmp, name, 1, path, why)) return -1;
    /* already that inode: rename(2) did nothing and tmp is still there */
    unlinkat(dfd, tmp, 0);
    if (r != -2) return 1;
  } else r = write_tmp(c, path, dfd, tmp, st, flags);
  if (r == -2) {
    ev(c, COPY_EV_ERROR, path, why, "replaced while being copied: not "
       "copied");
    return -1;
  }
  return commit(c, dfd, tmp, name, !r, path, why);
}

/* ---- symlinks, devices, directories ---- */

/* is fd (now: its fstat) the node make_node just made, not one a user
 * put in its place: ours, one link, the type, the device or link text */
static int node_is(struct copy_ctx *c, int fd, const struct stat *now,
                   const struct stat *st, const char *text)
{
  char old[PATH_MAX];
  ssize_t n;

  if (now->st_uid != P(c)->uid || now->st_nlink != 1) return 0;
  if (!text) return (now->st_mode & S_IFMT) == (st->st_mode & S_IFMT) &&
                    now->st_rdev == st->st_rdev;
  n = S_ISLNK(now->st_mode) ? readlinkat(fd, "", old, sizeof(old)) : -1;
  return n >= 0 && (size_t)n == strlen(text) && !memcmp(old, text, n);
}

/* is n in dfd still the file mine (an fstat) is of? */
static int still(int dfd, const char *n, const struct stat *mine)
{
  struct stat now;

  return !fstatat(dfd, n, &now, AT_SYMLINK_NOFOLLOW) &&
         now.st_dev == mine->st_dev && now.st_ino == mine->st_ino;
}

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
/* a device's mode through its O_PATH fd (a chown clears its s-bits);
 * without fchmodat2 (Linux < 6.6) the exact mode of mknodat stands */
static int node_chmod(int fd, mode_t mode)
{
  return syscall(SYS_fchmodat2, fd, "", mode, AT_EMPTY_PATH) &&
         errno != ENOSYS ? -1 : 0;
}

/* a symlink (text) or a device node like st's as tmp, then put in place
 * of name. tmp is made by name, so in a directory a user can write it may
 * be theirs by the time we look: owner, mode and times are set through an
 * O_PATH fd of what was checked to be ours, and only ours is removed */
static int make_node(struct copy_ctx *c, const char *path, int dfd,
                     const char *name, const struct stat *st,
                     const char *text, unsigned flags, const char *why)
{
  struct timespec t[2] = { st->st_atim, st->st_mtim };
  struct stat now;
  char tmp[64];
  mode_t old;
  int r, fd, e;

  tmpname(c, tmp, sizeof(tmp));
  if (text) r = symlinkat(text, dfd, tmp);
  else {
    old = umask(0);     /* the mode exactly, in case there is no fchmodat2 */
    r = mknodat(dfd, tmp, (st->st_mode & S_IFMT) |
                want_mode(flags, st->st_mode),
                makedev(major(st->st_rdev), minor(st->st_rdev)));
    umask(old);
  }
  if (r) return fail(c, path, why, text ? "symlink" : "mknod");
  if ((fd = openat(dfd, tmp, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
    return fail(c, path, why, "open what was made");
  if (fstat(fd, &now) || !node_is(c, fd, &now, st, text)) {
    close(fd);
    ev(c, COPY_EV_ERROR, path, why, "in the jail: %s replaced while being "
       "made: not copied, left as it is", tmp);
    return -1;
  }
  if (flags & COPY_OWNER)
    r = fchownat(fd, "", st->st_uid, st->st_gid, AT_EMPTY_PATH);
  if (!r && !text) r = node_chmod(fd, want_mode(flags, st->st_mode));
  if (!r && !text) r = utimensat(fd, "", t, AT_EMPTY_PATH);
  if (!r && !renameat(dfd, tmp, dfd, name)) {
    close(fd);
    if (still(dfd, name, &now)) return 0;
    ev(c, COPY_EV_ERROR, path, why, "in the jail: replaced while being put "
       "in place: left as it is");
    return -1;
  }
  e = errno;
  if (still(dfd, tmp, &now)) unlinkat(dfd, tmp, 0);
  close(fd);
  errno = e;
  return fail(c, path, why, r ? "set owner, mode or times" : "rename");
}

static int copy_one(struct copy_ctx *c, const char *path, unsigned flags,
                    const char *why);

/* the entries of host directory path, each through copy_one */
static int copy_tree(struct copy_ctx *c, const char *path, unsigned flags,
                     const char *why)
{
  char child[PATH_MAX];
  struct dirent *e;
  DIR *d = opendir(path);
  int r = 0;

  if (!d) return fail(c, path, why, "opendir");
  while ((errno = 0, e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path
                 : "", e->d_name) >= (int)sizeof(child)) {
      errno = ENAMETOOLONG;
      r = fail(c, path, why, e->d_name);
      continue;
    }
    r |= copy_one(c, child, flags, why);
  }
  if (errno) r = fail(c, path, why, "readdir");
  closedir(d);
  return r;
}

/* fix an existing jail directory's owner and mode (COPY_UPDATE/FORCE) */
static int fix_dir(struct copy_ctx *c, const char *path, int dfd,
                   const char *name, const struct stat *st,
                   const struct stat *j, unsigned flags, const char *why)
{
  int fd;

  if ((j->st_mode & 07777) == want_mode(flags, st->st_mode) &&
      want_owner(c, flags, st, j))
    return 0;
  /* a user's directory (theirs, not the host owner's) is theirs with
   * what they put in it: never adopted, chowned or chmodded */
  if (j->st_uid && j->st_uid != st->st_uid) {
    ev(c, COPY_EV_ERROR, path, why, "in the jail: owned by uid %u, not the "
       "host's owner: left alone", (unsigned)j->st_uid);
    return -1;
  }
  ev(c, COPY_EV_UPDATE, path, why, "directory: owner or mode");
  if (flags & COPY_DRYRUN) return 0;
  fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || ((flags & COPY_OWNER) && fchown(fd, st->st_uid, st->st_gid))
      || fchmod(fd, want_mode(flags, st->st_mode))) {
    fail(c, path, why, "set owner or mode");
    if (fd >= 0) close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

static int do_dir(struct copy_ctx *c, const char *path, int dfd,
                  const char *name, const struct stat *st, const struct stat *j,
                  unsigned flags, const char *why)
{
  int fd;

  if (j && !S_ISDIR(j->st_mode)) {
    ev(c, COPY_EV_ERROR, path, why, "exists in the jail and is not a "
       "directory");
    return -1;
  }
  if (j && (flags & (COPY_UPDATE | COPY_FORCE))) {
    if (fix_dir(c, path, dfd, name, st, j, flags, why)) return -1;
  } else if (j) ev(c, COPY_EV_SAME, path, why, "directory");
  else {
    fd = make_dir(c, dfd, name, path, st, 0, why);
    if (fd == -1) return -1;
    if (fd >= 0) close(fd);
  }
  return copy_tree(c, path, flags, why);
}

/* where a symlink's text leads on the host, from its real directory */
static int link_target(const char *real, const char *text, char *out)
{
  char t[PATH_MAX];

  if (*text == '/') return norm(text, out);
  if (snprintf(t, sizeof(t), "%s/%s", real, text) >= (int)sizeof(t))
    return errno = ENAMETOOLONG, -1;
  return norm(t, out);
}

static int do_link(struct copy_ctx *c, const char *path, const char *real,
                   int dfd, const char *name, const struct stat *st,
                   const struct stat *j, unsigned flags, const char *why)
{
  char text[PATH_MAX], old[PATH_MAX], target[PATH_MAX];
  ssize_t n = readlink(path, text, sizeof(text) - 1);

  if (n < 0) return fail(c, path, why, "readlink");
  text[n] = 0;
  if (j && S_ISLNK(j->st_mode) &&
      (n = readlinkat(dfd, name, old, sizeof(old) - 1)) >= 0 &&
      (old[n] = 0, !strcmp(old, text)) && want_owner(c, flags, st, j))
    ev(c, COPY_EV_SAME, path, why, "symlink -> %s", text);
  else if (j && !(flags & (COPY_UPDATE | COPY_FORCE)))
    ev(c, COPY_EV_SAME, path, why, "exists, not replaced");
  else {
    ev(c, j ? COPY_EV_UPDATE : COPY_EV_COPY, path, why, "symlink -> %s",
       text);
    if (!(flags & COPY_DRYRUN) &&
        make_node(c, path, dfd, name, st, text, flags, why))
      return -1;
  }
  /* dfd may be closed by the cache from here on */
  if (link_target(real, text, target))
    return fail(c, path, why, "symlink target");
  /* /etc/mtab, /dev/stdin, a user's link to /proc/self/...: the link is
   * copied, but never what the kernel makes up in /proc or /sys */
  if (path_under(target, "/proc") || path_under(target, "/sys"))
    return ev(c, COPY_EV_SAME, path, why, "its target %s is not copied "
              "(a kernel file system)", target), 0;
  return copy_one(c, target, flags, why);
}

static int do_dev(struct copy_ctx *c, const char *path, int dfd,
                  const char *name, const struct stat *st,
                  const struct stat *j, unsigned flags, const char *why)
{
  char what[64];

  xsnprintf(what, sizeof(what), "device %c %u,%u",
            S_ISCHR(st->st_mode) ? 'c' : 'b', major(st->st_rdev),
            minor(st->st_rdev));
  if (j && (j->st_mode & S_IFMT) == (st->st_mode & S_IFMT) &&
      j->st_rdev == st->st_rdev &&
      (j->st_mode & 07777) == want_mode(flags, st->st_mode) &&
      want_owner(c, flags, st, j))
    ev(c, COPY_EV_SAME, path, why, "%s", what);
  else if (j && !(flags & (COPY_UPDATE | COPY_FORCE)))
    ev(c, COPY_EV_SAME, path, why, "exists, not replaced");
  else {
    ev(c, j ? COPY_EV_UPDATE : COPY_EV_COPY, path, why, "%s", what);
    if (!(flags & COPY_DRYRUN) &&
        make_node(c, path, dfd, name, st, 0, flags, why))
      return -1;
  }
  return 0;
}

struct deps_ctx {
  struct copy_ctx *c;
  unsigned flags;
  int r;
  char why[PATH_MAX + 16];
};

/* a directory glibc's loader searches without ld.so.cache: the classic
 * ones and Debian's multiarch /lib/TRIPLET, /usr/lib/TRIPLET */
static int default_libdir(const char *d)
{
  static const char *const dirs[] = { "/lib", "/usr/lib", "/lib64",
                                      "/usr/lib64", "/lib32", "/usr/lib32" };
  const char *t = 0;
  size_t i;

  for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
    if (!strcmp(d, dirs[i])) return 1;
  if (!strncmp(d, "/lib/", 5)) t = d + 5;
  if (!strncmp(d, "/usr/lib/", 9)) t = d + 9;
  return t && !strchr(t, '/') && strstr(t, "-linux-");
}

/* remember the directory of a library found for a program, unless the
 * loader searches it anyway (for copy_ldconfig) */
static void note_libdir(struct priv *p, const char *path)
{
  const char *s = strrchr(path, '/');
  char dir[PATH_MAX];
  int i;

  if (!s || s == path) return;
  xsnprintf(dir, sizeof(dir), "%.*s", (int)(s - path), path);
  if (default_libdir(dir)) return;
  for (i = 0; i < p->nlibdirs; i++)
    if (!strcmp(p->libdirs[i], dir)) return;
  if (p->nlibdirs < COPY_MAX_LIBDIRS)    /* ld.so.conf gets the first */
    p->libdirs[p->nlibdirs++] = xstrdup(dir);
}

static int dep_found(void *ctx, const struct elf_dep *d)
{
  struct deps_ctx *x = ctx;

  if (d->kind == ELF_DEP_LIB && d->path) note_libdir(P(x->c), d->path);
  if (d->kind == ELF_DEP_MISSING) {
    ev(x->c, COPY_EV_MISSING, d->name, x->why, "not found");
    x->r = -1;
  } else x->r |= copy_one(x->c, d->path, x->flags, x->why);
  return 0;
}

/* what the ELF file or script at path needs (lib/elf), copied */
static int copy_deps(struct copy_ctx *c, const char *path, unsigned flags)
{
  struct deps_ctx x = { c, flags & ~COPY_LIBS, 0, "" };
  char err[PATH_MAX + 64];
  int r;

  xsnprintf(x.why, sizeof(x.why), "needed by %s", path);
  r = elf_deps(path, "/", dep_found, &x, err, sizeof(err));
  if (r == ELF_ERR_IO || r == ELF_ERR_LIMIT) {
    ev(c, COPY_EV_ERROR, path, x.why, "libraries: %s", err);
    return -1;
  }
  return x.r;
}

static int do_reg(struct copy_ctx *c, const char *path, int dfd,
                  const char *name, const struct stat *st,
                  const struct stat *j, unsigned flags, const char *why)
{
  int r = 0, link;

  if (j && S_ISDIR(j->st_mode)) {
    ev(c, COPY_EV_ERROR, path, why, "is a directory in the jail");
    return -1;
  }
  if (j && (!(flags & (COPY_UPDATE | COPY_FORCE)) ||
            (!(flags & COPY_FORCE) &&
             reg_same(c, path, dfd, name, st, j, flags))))
    ev(c, COPY_EV_SAME, path, why, (flags & (COPY_UPDATE | COPY_FORCE))
       ? "file" : "exists, not replaced");
  else {
    link = linkable(path, st, flags);
    if (!(flags & COPY_DRYRUN) &&
        (r = copy_reg(c, path, dfd, name, st, flags, why)) < 0)
      return -1;
    ev(c, j ? COPY_EV_UPDATE : COPY_EV_COPY, path, why, "%s",
       r == 1 || ((flags & COPY_DRYRUN) && link) ? "hardlink" : "file");
    if ((st->st_mode & SBITS) && !(flags & COPY_SETUID))
      ev(c, COPY_EV_STRIP, path, why, "setuid/setgid bits cleared");
    r = 0;
  }
  if ((flags & COPY_LIBS) && ((st->st_mode & 0111) || strstr(name, ".so")))
    r = copy_deps(c, path, flags);
  return r;
}

static int copy_glob(struct copy_ctx *c, const char *pat, unsigned flags,
                     const char *why)
{
  glob_t g;
  size_t i;
  int r = 0;

  if (glob(pat, 0, 0, &g)) {
    ev(c, COPY_EV_MISSING, pat, why, "no file matches");
    return -1;
  }
  for (i = 0; i < g.gl_pathc; i++)
    r |= copy_one(c, g.gl_pathv[i], flags & ~COPY_GLOB, why);
  globfree(&g);
  return r;
}

/* path (clean, absolute): where it goes in the jail, then by type */
static int copy_at(struct copy_ctx *c, const char *path, unsigned flags,
                   const char *why, const struct stat *st)
{
  char dir[PATH_MAX], real[PATH_MAX], full[PATH_MAX];
  const char *name;
  struct stat js;
  int dfd, have = 0;

  if (split(path, dir, sizeof(dir), &name))
    return ev(c, COPY_EV_ERROR, path, why, "cannot copy '/' itself"), -1;
  if ((dfd = jail_dir(c, dir, real, why)) == -1) return -1;
  /* the same file reached through a symlinked directory */
  if (strcmp(dir, real) && snprintf(full, sizeof(full), "%s/%s", strcmp(real,
      "/") ? real : "", name) < (int)sizeof(full) && handled(P(c), full) > 0)
    return 0;
  if (dfd != DRY) {
    if (!fstatat(dfd, name, &js, AT_SYMLINK_NOFOLLOW)) have = 1;
    else if (errno != ENOENT) return fail(c, path, why, "stat in jail");
  }
  if (S_ISDIR(st->st_mode))
    return do_dir(c, path, dfd, name, st, have ? &js : 0, flags, why);
  if (S_ISLNK(st->st_mode))
    return do_link(c, path, real, dfd, name, st, have ? &js : 0, flags, why);
  if (S_ISREG(st->st_mode))
    return do_reg(c, path, dfd, name, st, have ? &js : 0, flags, why);
  if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
    return do_dev(c, path, dfd, name, st, have ? &js : 0, flags, why);
  ev(c, COPY_EV_ERROR, path, why, "a FIFO or socket: not copied");
  return -1;
}

static int copy_one(struct copy_ctx *c, const char *path, unsigned flags,
                    const char *why)
{
  struct priv *p = P(c);
  struct stat st;
  char clean[PATH_MAX];
  int r;

  if (norm(path, clean)) return fail(c, path, why, "path");
  if ((r = handled(p, clean)) > 0) return 0;
  if (r < 0)
    return ev(c, COPY_EV_ERROR, clean, why, "too many files (max %d)",
              COPY_MAX_HANDLED), -1;
  if (lstat(clean, &st)) {
    if (errno == ENOENT && (flags & COPY_GLOB) && strpbrk(clean, "*?["))
      return copy_glob(c, clean, flags, why);
    if (errno == ENOENT)
      return ev(c, COPY_EV_MISSING, clean, why, "does not exist"), -1;
    return fail(c, clean, why, "lstat");
  }
  if (p->depth >= COPY_MAX_DEPTH)
    return ev(c, COPY_EV_ERROR, clean, why, "too deep (max %d levels)",
              COPY_MAX_DEPTH), -1;
  p->depth++;
  r = copy_at(c, clean, flags, why, &st);
  p->depth--;
  return r;
}

int copy_path(struct copy_ctx *c, const char *path, unsigned flags,
              const char *why)
{
  int e = c->errors, m = c->missing;

  flags |= c->flags;
  P(c)->flags = flags;
  copy_one(c, path, flags, why);
  return c->errors == e && c->missing == m ? 0 : -1;
}

int copy_mkdir(struct copy_ctx *c, const char *path, mode_t mode,
               const char *why)
{
  char clean[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
  const char *name;
  struct stat js;
  int dfd, fd;

  P(c)->flags = c->flags;
  if (norm(path, clean)) return fail(c, path, why, "path");
  if (split(clean, dir, sizeof(dir), &name)) return 0;   /* "/" */
  if ((dfd = jail_dir(c, dir, real, why)) == -1) return -1;
  if (dfd != DRY && !fstatat(dfd, name, &js, AT_SYMLINK_NOFOLLOW)) {
    if (S_ISDIR(js.st_mode))
      return ev(c, COPY_EV_SAME, clean, why, "directory"), 0;
    return ev(c, COPY_EV_ERROR, clean, why, "exists in the jail and is "
              "not a directory"), -1;
  }
  fd = make_dir(c, dfd, name, clean, 0, mode, why);
  if (fd >= 0) close(fd);
  return fd == -1 ? -1 : 0;
}

/* ---- the loader's configuration in the jail ---- */

/* conf (n bytes, room for more) with the directories not yet listed */
static int ldso_merge(struct priv *p, char *conf, size_t *n, size_t max)
{
  int i, added = 0;

  for (i = 0; i < p->nlibdirs; i++) {
    size_t l = strlen(p->libdirs[i]);
    char *q;

    for (q = conf; (q = strstr(q, p->libdirs[i])); q += l)
      if ((q == conf || q[-1] == '\n') && (!q[l] || q[l] == '\n')) break;
    if (q) continue;
    if (*n + l + 2 > max) return -1;
    if (*n && conf[*n - 1] != '\n') conf[(*n)++] = '\n';
    memcpy(conf + *n, p->libdirs[i], l);
    *n += l;
    conf[(*n)++] = '\n';
    conf[*n] = 0;
    added = 1;
  }
  return added;
}

/* the jail's etc/ld.so.conf, read, merged and replaced (temporary name,
 * rename): 1 changed, 0 nothing to add, -1 failed (reported) */
static int ldso_write(struct copy_ctx *c, const char *why)
{
  char real[PATH_MAX], *conf = xzalloc(COPY_LDSO_CONF_MAX + 1);
  const char *tmp = ".jkcopy.ld.so.conf";
  size_t n = 0;
  ssize_t got = 0;
  int etc, fd, e, r = -1;

  if ((etc = jail_dir(c, "/etc", real, why)) == -1) goto out;
  if (etc != DRY &&
      (fd = openat(etc, "ld.so.conf", O_RDONLY | O_NOFOLLOW | O_CLOEXEC))
      >= 0) {
    got = read_all(fd, conf, COPY_LDSO_CONF_MAX + 1);
    close(fd);
  } else if (etc != DRY && errno != ENOENT) got = -1;
  if (got < 0 || got > COPY_LDSO_CONF_MAX) {
    ev(c, COPY_EV_ERROR, "/etc/ld.so.conf", why, "in the jail: %s",
       got < 0 ? strerror(errno) : "too big");
    goto out;
  }
  n = got;
  if ((r = ldso_merge(P(c), conf, &n, COPY_LDSO_CONF_MAX)) <= 0) {
    if (r < 0) ev(c, COPY_EV_ERROR, "/etc/ld.so.conf", why, "too big");
    goto out;
  }
  ev(c, got ? COPY_EV_UPDATE : COPY_EV_COPY, "/etc/ld.so.conf", why,
     "library directories listed");
  if (c->flags & COPY_DRYRUN) goto out;
  fd = openat(etc, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
              O_CLOEXEC, 0644);
  if (fd < 0 || write_all(fd, conf, n) != (ssize_t)n || fchmod(fd, 0644) ||
      (e = close(fd), fd = -1, e) || renameat(etc, tmp, etc, "ld.so.conf")) {
    fail(c, "/etc/ld.so.conf", why, "write");
    if (fd >= 0) close(fd);
    unlinkat(etc, tmp, 0);
    r = -1;
  }
out:
  free(conf);
  return r;
}

int copy_ldconfig(struct copy_ctx *c)
{
  const char *why = "libraries outside the loader's default directories";
  char *argv[] = { "ldconfig", "-r", (char *)c->jail, 0 };
  int status;
  pid_t pid;

  if (!P(c)->nlibdirs) return 0;
  if (ldso_write(c, why) < 0) return -1;
  if (access(COPY_LDCONFIG, X_OK)) return 0;
  ev(c, COPY_EV_UPDATE, "/etc/ld.so.cache", why, COPY_LDCONFIG " -r");
  if (c->flags & COPY_DRYRUN) return 0;
  fflush(0);
  if (!(pid = xfork())) {
    execv(COPY_LDCONFIG, argv);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status)) {
    ev(c, COPY_EV_ERROR, "/etc/ld.so.cache", why, COPY_LDCONFIG " -r %s "
       "failed", c->jail);
    return -1;
  }
  return 0;
}
