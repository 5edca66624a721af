/* pwfile.c: locked, atomic edits of passwd, group and shadow files.
 *
 * Locking, as shadow-utils (4.13, built with lckpwdf) does it for useradd:
 *  1. lckpwdf(): /etc/.pwd.lock opened (created 0600) and write-locked
 *     with fcntl over the whole file, waiting up to 15 s;
 *  2. per file (passwd and group; shadow and gshadow when present): our
 *     pid written to FILE.PID, then link(FILE.PID, FILE.lock); the link
 *     either succeeds (and FILE.PID then has 2 links, checked as shadow
 *     does for NFS) or FILE.lock exists: it holds the pid of its owner; a
 *     live owner means "locked", a dead one a stale lock, removed, and the
 *     link tried once more. FILE.PID is removed in every case. A lock file
 *     without a valid pid is an error, never broken.
 * Where shadow tries each FILE.lock once, we retry until the same 15 s
 * deadline: a tool that holds them only for an edit gets its turn.
 *
 * An edit reads the whole file, writes the whole new file to FILE+ (the
 * name shadow uses; a leftover from a crash is removed first) with the
 * old file's owner and mode, fsyncs it, renames it over FILE and fsyncs
 * the directory: a crash leaves the old or the new file. The path is
 * walked from dirfd one component at a time with O_NOFOLLOW, so neither
 * a directory on the way nor the file may be a symlink (a jail's
 * etc/passwd pointing at the host's shadow is refused), and ".." is
 * refused, so an edit through a jail's fd stays inside the jail. */
#include "jk.h"

#define PW_ETC "/etc"
#define PW_LOCK_SECONDS 15
#define PW_POLL_MS 100
#define PWFILE_MAX (64 << 20)          /* bytes of one account file */

static const char *const lock_names[] = { "passwd", "shadow", "group",
                                          "gshadow" };
#define NLOCKS (sizeof(lock_names) / sizeof(*lock_names))
static int pwd_lock_fd = -1;
static int locked[NLOCKS];

static long now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void nap(void)
{
  struct timespec ts = { 0, PW_POLL_MS * 1000000L };

  nanosleep(&ts, 0);
}

/* lckpwdf(): the fcntl lock on /etc/.pwd.lock, until deadline */
static int lock_pwd(long deadline, int seconds, char *why, size_t len)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  const char *path = PW_ETC "/.pwd.lock";
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
                O_NOCTTY, 0600);

  if (fd < 0) return why_fail(why, len, errno, "%s: %s", path, strerror(errno));
  while (fcntl(fd, F_SETLK, &fl)) {
    int e = errno;

    if ((e != EACCES && e != EAGAIN) || now_ms() >= deadline) {
      struct flock who = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

      if (e == EACCES || e == EAGAIN) {
        e = EBUSY;
        if (!fcntl(fd, F_GETLK, &who) && who.l_type != F_UNLCK &&
            who.l_pid > 0)
          why_fail(why, len, e, "%s: locked by process %ld (waited %d s)",
               path, (long)who.l_pid, seconds);
        else why_fail(why, len, e, "%s: locked by another process (waited %d s)",
                  path, seconds);
      } else why_fail(why, len, e, "%s: %s", path, strerror(e));
      close(fd);
      return errno = e, -1;
    }
    nap();
  }
  pwd_lock_fd = fd;
  return 0;
}

/* the pid in a lock file: > 0, or 0 when it holds none */
static pid_t read_pid(const char *lock, char *text, size_t tlen)
{
  int fd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  ssize_t n;
  long pid;
  char *end;

  *text = 0;
  if (fd < 0) return -1;
  n = read_all(fd, text, tlen - 1);
  close(fd);
  if (n < 0) return -1;
  text[n] = 0;
  if (n && text[n - 1] == '\n') text[n - 1] = 0;
  errno = 0;
  pid = strtol(text, &end, 10);
  if (errno || end == text || *end || pid <= 0 || pid != (pid_t)pid) return 0;
  return pid;
}

/* link(tmp, lock) and shadow's link count check */
static int link_lock(const char *tmp, const char *lock)
{
  struct stat st;

  if (link(tmp, lock)) return 0;
  return !stat(tmp, &st) && st.st_nlink == 2;
}

/* One try at FILE.lock: 1 taken, 0 held by a live process (its pid in
 * *holder, 0 if unknown), -1 error with why. */
static int lock_try(const char *name, pid_t *holder, char *why, size_t len)
{
  char tmp[64], lock[64], text[32];
  int fd, r = -1;
  pid_t pid;

  snprintf(tmp, sizeof(tmp), PW_ETC "/%s.%ld", name, (long)getpid());
  snprintf(lock, sizeof(lock), PW_ETC "/%s.lock", name);
  snprintf(text, sizeof(text), "%ld", (long)getpid());
  *holder = 0;
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return why_fail(why, len, errno, "%s: %s", tmp, strerror(errno));
  if (write_all(fd, text, strlen(text)) < 0 || close(fd)) {
    why_fail(why, len, errno, "%s: %s", tmp, strerror(errno));
    unlink(tmp);
    return -1;
  }
  if (link_lock(tmp, lock)) r = 1;
  else if (errno != EEXIST) why_fail(why, len, errno, "%s: %s", lock,
                                 strerror(errno));
  else if ((pid = read_pid(lock, text, sizeof(text))) < 0) {
    if (errno == ENOENT) r = 0;              /* just released: retry */
    else why_fail(why, len, errno, "%s: %s", lock, strerror(errno));
  } else if (!pid) why_fail(why, len, EINVAL, "%s: no valid process id in it "
                        "('%s'): remove it by hand if nothing runs", lock,
                        text);
  else if (!kill(pid, 0) || errno == EPERM) *holder = pid, r = 0;
  else if (unlink(lock) && errno != ENOENT)  /* stale: its owner is dead */
    why_fail(why, len, errno, "%s: stale lock of process %ld: %s", lock,
         (long)pid, strerror(errno));
  else r = link_lock(tmp, lock);
  unlink(tmp);
  return r;
}

void pw_unlock(void)
{
  size_t i;
  char lock[64];

  for (i = NLOCKS; i-- > 0; ) {
    if (!locked[i]) continue;
    snprintf(lock, sizeof(lock), PW_ETC "/%s.lock", lock_names[i]);
    unlink(lock);
    locked[i] = 0;
  }
  if (pwd_lock_fd >= 0) close(pwd_lock_fd);
  pwd_lock_fd = -1;
}

int pw_lock_wait(int seconds, char *why, size_t len)
{
  long deadline = now_ms() + seconds * 1000L;
  size_t i;

  if (pwd_lock_fd >= 0)
    return why_fail(why, len, EBUSY, "account files: already locked by us");
  if (lock_pwd(deadline, seconds, why, len)) return -1;
  for (i = 0; i < NLOCKS; i++) {
    char path[64];
    struct stat st;
    pid_t holder;
    int r;

    snprintf(path, sizeof(path), PW_ETC "/%s", lock_names[i]);
    /* shadow and gshadow are locked only when present, as useradd does */
    if (i % 2 && lstat(path, &st) && errno == ENOENT) continue;
    while (!(r = lock_try(lock_names[i], &holder, why, len)) &&
           now_ms() < deadline)
      nap();
    if (r > 0) {
      locked[i] = 1;
      continue;
    }
    if (!r && holder)
      why_fail(why, len, EBUSY, "%s.lock: locked by process %ld (waited %d s)",
           path, (long)holder, seconds);
    else if (!r) why_fail(why, len, EBUSY, "%s.lock: locked (waited %d s)", path,
                      seconds);
    r = errno;
    pw_unlock();
    return errno = r, -1;
  }
  return 0;
}

int pw_lock(char *why, size_t whylen)
{
  return pw_lock_wait(PW_LOCK_SECONDS, why, whylen);
}

/* ---- the files ---- */

/* One file: its directory (fd), its name there, what it holds. */
struct pwf {
  int dir;
  const char *path;              /* as the caller named it, for messages */
  char base[NAME_MAX + 1];
  struct stat st;
  int exists;
  char *data;
  size_t len;
};

/* Walk to the directory of path from dirfd, never following a symlink,
 * never going up. */
static int open_dir(struct pwf *f, int dirfd, char *why, size_t len)
{
  char buf[PATH_MAX], *p, *comp, *next;
  int fd;

  if (strlen(f->path) >= sizeof(buf))
    return why_fail(why, len, ENAMETOOLONG, "%s: path too long", f->path);
  memcpy(buf, f->path, strlen(f->path) + 1);
  if (dirfd == AT_FDCWD) fd = open(*buf == '/' ? "/" : ".",
                                   O_PATH | O_DIRECTORY | O_CLOEXEC);
  else fd = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return why_fail(why, len, errno, "%s: %s", f->path, strerror(errno));
  for (p = buf; *p == '/'; p++) ;
  for (comp = p; ; comp = next) {
    int nfd;

    next = comp + strcspn(comp, "/");
    if (!*next) break;
    *next++ = 0;
    while (*next == '/') next++;
    if (!strcmp(comp, ".") || !strcmp(comp, "..")) break;
    nfd = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (nfd < 0) {
      struct stat st;
      int e = errno;

      if (!fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
        e = ELOOP;
      close(fd);
      if (e == ELOOP)
        return why_fail(why, len, e, "%s: directory %s is a symlink (refused)",
                    f->path, comp);
      return why_fail(why, len, e, "%s: %s: %s", f->path, comp, strerror(e));
    }
    close(fd);
    fd = nfd;
  }
  if (!*comp || !strcmp(comp, ".") || !strcmp(comp, "..")) {
    close(fd);
    return why_fail(why, len, EINVAL, "%s: not a plain path to a file", f->path);
  }
  if (strlen(comp) > NAME_MAX - 1) {     /* room for the '+' */
    close(fd);
    return why_fail(why, len, ENAMETOOLONG, "%s: name too long", f->path);
  }
  memcpy(f->base, comp, strlen(comp) + 1);
  f->dir = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  close(fd);
  if (f->dir < 0) return why_fail(why, len, errno, "%s: %s", f->path,
                              strerror(errno));
  return 0;
}

/* Read the whole file (absent: empty, exists 0). */
static int load(struct pwf *f, char *why, size_t len)
{
  size_t cap;
  int fd = openat(f->dir, f->base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
                  O_NOCTTY | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT) return 0;
  if (fd < 0 && errno == ELOOP)
    return why_fail(why, len, ELOOP, "%s: a symlink (refused)", f->path);
  if (fd < 0) return why_fail(why, len, errno, "%s: %s", f->path, strerror(errno));
  f->exists = 1;
  if (fstat(fd, &f->st)) goto err;
  if (!S_ISREG(f->st.st_mode)) {
    close(fd);
    return why_fail(why, len, EINVAL, "%s: not a regular file", f->path);
  }
  if (f->st.st_nlink > 1) {
    close(fd);
    return why_fail(why, len, EMLINK, "%s: has %lu hard links (refused)",
                f->path, (unsigned long)f->st.st_nlink);
  }
  cap = f->st.st_size + 1;
  for (;;) {
    char *d;
    ssize_t n;

    if (cap > PWFILE_MAX + 1) {
      close(fd);
      return why_fail(why, len, EFBIG, "%s: larger than %d bytes", f->path,
                  PWFILE_MAX);
    }
    if (!(d = realloc(f->data, cap))) goto err;
    f->data = d;
    if ((n = read_all(fd, d + f->len, cap - f->len)) < 0) goto err;
    f->len += n;
    if (f->len < cap) break;
    cap *= 2;
  }
  close(fd);
  return 0;
err:
  why_fail(why, len, errno, "%s: %s", f->path, strerror(errno));
  close(fd);
  return -1;
}

static int open_load(struct pwf *f, int dirfd, const char *path, char *why,
                     size_t len)
{
  memset(f, 0, sizeof(*f));
  f->path = path;
  f->dir = -1;
  if (open_dir(f, dirfd, why, len)) return -1;
  return load(f, why, len);
}

static void done(struct pwf *f)
{
  if (f->dir >= 0) close(f->dir);
  free(f->data);
}

/* the first line [*start, *end) (end after its '\n') whose field number
 * field (0: the first) is key: 1, or 0 */
static int find(const struct pwf *f, int field, const char *key,
                size_t *start, size_t *end)
{
  size_t klen = strlen(key), i = 0;

  while (i < f->len) {
    const char *nl = memchr(f->data + i, '\n', f->len - i), *p;
    size_t e = nl ? (size_t)(nl - f->data) + 1 : f->len;
    int k;

    for (p = f->data + i, k = 0; p && k < field; k++)
      if ((p = memchr(p, ':', f->data + e - p))) p++;
    if (p && (size_t)(f->data + e - p) > klen && !memcmp(p, key, klen) &&
        p[klen] == ':') {
      *start = i, *end = e;
      return 1;
    }
    i = e;
  }
  return 0;
}

/* Write FILE+ with the old file's owner and mode (a new file: 0644, ours),
 * fsync, rename over FILE, fsync the directory. */
static int store(struct pwf *f, const struct iovec *iov, int n, char *why,
                 size_t len)
{
  char tmp[NAME_MAX + 2];
  int fd, i, e;

  snprintf(tmp, sizeof(tmp), "%s+", f->base);
  if (unlinkat(f->dir, tmp, 0) && errno != ENOENT)
    return why_fail(why, len, errno, "%s+: leftover temporary file: %s",
                f->path, strerror(errno));
  fd = openat(f->dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
              O_CLOEXEC, 0600);
  if (fd < 0)
    return why_fail(why, len, errno, "%s+: %s", f->path, strerror(errno));
  if (f->exists && fchown(fd, f->st.st_uid, f->st.st_gid)) goto err;
  if (fchmod(fd, f->exists ? f->st.st_mode & 07777 : 0644)) goto err;
  for (i = 0; i < n; i++)
    if (write_all(fd, iov[i].iov_base, iov[i].iov_len) < 0) goto err;
  if (fsync(fd)) goto err;
  e = close(fd);
  fd = -1;
  if (e) goto err;
  if (renameat(f->dir, tmp, f->dir, f->base)) goto err;
  if (fsync(f->dir))
    return why_fail(why, len, errno, "%s: written, but the directory could not "
                "be synced: %s", f->path, strerror(errno));
  return 0;
err:
  e = errno;
  if (fd >= 0) close(fd);
  unlinkat(f->dir, tmp, 0);
  return why_fail(why, len, e, "%s+: %s (%s unchanged)", f->path, strerror(e),
              f->path);
}

static int check_args(const char *path, const char *key, const char *line,
                      char *why, size_t len)
{
  size_t klen = strlen(key);

  if (!*key || strpbrk(key, ":\n") || strchr("+-#", *key))
    return why_fail(why, len, EINVAL, "%s: not a valid name '%s'", path, key);
  if (!line) return 0;
  if (strncmp(line, key, klen) || line[klen] != ':' || strchr(line, '\n'))
    return why_fail(why, len, EINVAL, "%s: line for '%s' malformed", path, key);
  if (strlen(line) >= PW_LINE_MAX)
    return why_fail(why, len, ERANGE, "%s: line for '%s' too long (max %d)",
                path, key, PW_LINE_MAX - 1);
  return 0;
}

int pwfile_set(int dirfd, const char *path, const char *key,
               const char *line, char *why, size_t whylen)
{
  struct pwf f;
  struct iovec iov[4];
  size_t s, e;
  int n = 0, r = -1, err;

  if (check_args(path, key, line, why, whylen)) return -1;
  if (open_load(&f, dirfd, path, why, whylen)) goto out;
  if (find(&f, 0, key, &s, &e)) {
    iov[n++] = (struct iovec){ f.data, s };
    if (line) {
      iov[n++] = (struct iovec){ (char *)line, strlen(line) };
      iov[n++] = (struct iovec){ "\n", 1 };
    }
    iov[n++] = (struct iovec){ f.data + e, f.len - e };
  } else {
    if (!line) {
      r = 0;
      goto out;
    }
    iov[n++] = (struct iovec){ f.data, f.len };
    if (f.len && f.data[f.len - 1] != '\n')
      iov[n++] = (struct iovec){ "\n", 1 };
    iov[n++] = (struct iovec){ (char *)line, strlen(line) };
    iov[n++] = (struct iovec){ "\n", 1 };
  }
  r = store(&f, iov, n, why, whylen);
out:
  err = errno;
  done(&f);
  errno = err;
  return r;
}

/* the line whose field number field is key into buf (pwfile_get) */
static int get(int dirfd, const char *path, int field, const char *key,
               char *buf, size_t len)
{
  struct pwf f;
  size_t s, e;
  int r = -1, err;

  if (open_load(&f, dirfd, path, 0, 0)) goto out;
  if (!f.exists) {
    errno = ENOENT;
    goto out;
  }
  if (!(r = find(&f, field, key, &s, &e))) goto out;
  if (e > s && f.data[e - 1] == '\n') e--;
  if (e - s >= len) {
    errno = ERANGE;
    r = -1;
    goto out;
  }
  memcpy(buf, f.data + s, e - s);
  buf[e - s] = 0;
out:
  err = errno;
  done(&f);
  errno = err;
  return r;
}

int pwfile_get(int dirfd, const char *path, const char *key, char *buf,
               size_t len)
{
  if (check_args(path, key, 0, 0, 0)) return -1;
  return get(dirfd, path, 0, key, buf, len);
}

int pwfile_get_id(int dirfd, const char *path, unsigned long id, char *buf,
                  size_t len)
{
  char key[24];

  snprintf(key, sizeof(key), "%lu", id);
  return get(dirfd, path, 2, key, buf, len);
}
