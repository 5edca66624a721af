/* xfuncs.c: die-on-error wrappers. Only these and the *_exit functions of
 * log.c end the process. */
#include "jk.h"
#include <sys/syscall.h>

void *xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);

  if (!p) error_exit("out of memory (%zu bytes)", n);
  return p;
}

/* calloc, not malloc+memset: a large block comes zeroed from mmap and
 * costs no memory until it is used */
void *xzalloc(size_t n)
{
  void *p = calloc(1, n ? n : 1);

  if (!p) error_exit("out of memory (%zu bytes)", n);
  return p;
}

char *xstrdup(const char *s)
{
  size_t n = strlen(s) + 1;

  return memcpy(xmalloc(n), s, n);
}

int xopen(const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode = 0;
  int fd;

  va_start(ap, flags);
  if (flags & O_CREAT) mode = va_arg(ap, int);
  va_end(ap);
  fd = open(path, flags | O_CLOEXEC, mode);
  if (fd < 0) perror_exit("%s", path);
  return fd;
}

void xclose(int fd)
{
  if (close(fd) && errno != EINTR) perror_exit("close");
}

ssize_t read_all(int fd, void *buf, size_t len)
{
  size_t got = 0;

  while (got < len) {
    ssize_t r = sys_read(fd, (char *)buf + got, len - got);

    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (!r) break;
    got += r;
  }
  return got;
}

ssize_t write_all(int fd, const void *buf, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t r = write(fd, (const char *)buf + done, len - done);

    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    done += r;
  }
  return done;
}

ssize_t xread_all(int fd, void *buf, size_t len)
{
  ssize_t r = read_all(fd, buf, len);

  if (r < 0) perror_exit("read");
  return r;
}

void xwrite_all(int fd, const void *buf, size_t len)
{
  if (write_all(fd, buf, len) < 0) perror_exit("write");
}

void xchdir(const char *path)
{
  if (chdir(path)) perror_exit("chdir %s", path);
}

void xchroot(const char *path)
{
  if (chroot(path)) perror_exit("chroot %s", path);
}

pid_t xfork(void)
{
  pid_t pid;

  fflush(NULL);
  pid = fork();
  if (pid < 0) perror_exit("fork");
  if (!pid) log_in_child();
  return pid;
}

void xsnprintf(char *buf, size_t len, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, len, fmt, ap);
  va_end(ap);
  /* with len 0 nothing was written to buf, not even a NUL */
  if (n < 0 || (size_t)n >= len)
    error_exit("string too long: %.40s...", len ? buf : "");
}

void xstrlcpy(char *dst, const char *src, size_t len)
{
  size_t n = strlen(src);

  if (n >= len) error_exit("string too long: %.40s...", src);
  memcpy(dst, src, n + 1);
}

/* Strict number parsing: the whole string (surrounding blanks allowed) must
 * be a number within [lo, hi]. Returns 0, or -1 with errno EINVAL/ERANGE. */
int parse_long(const char *s, long lo, long hi, long *out)
{
  char *end;
  long v;

  errno = 0;
  v = strtol(s, &end, 10);
  if (end == s) return errno = EINVAL, -1;
  while (isspace((unsigned char)*end)) end++;
  if (*end) return errno = EINVAL, -1;
  if (errno == ERANGE || v < lo || v > hi) return errno = ERANGE, -1;
  *out = v;
  return 0;
}

int parse_double(const char *s, double lo, double hi, double *out)
{
  char *end;
  double v;

  /* decimal only: no hex floats, no inf, no nan */
  if (strpbrk(s, "xXnNiI")) return errno = EINVAL, -1;
  errno = 0;
  v = strtod(s, &end);
  if (end == s) return errno = EINVAL, -1;
  while (isspace((unsigned char)*end)) end++;
  if (*end) return errno = EINVAL, -1;
  if (errno == ERANGE || !(v >= lo && v <= hi)) return errno = ERANGE, -1;
  *out = v;
  return 0;
}

long xatol_range(const char *name, const char *str, long lo, long hi)
{
  long v;

  if (parse_long(str, lo, hi, &v))
    error_exit("%s: '%s' is not a number from %ld to %ld", name, str, lo, hi);
  return v;
}

int mem_equal(const void *a, const void *b, size_t n)
{
  const unsigned char *x = a, *y = b;
  uint64_t u, v, d;
  size_t i = 0;

  for (; i + 32 <= n; i += 32) {
    d = 0;
    memcpy(&u, x + i, 8), memcpy(&v, y + i, 8), d |= u ^ v;
    memcpy(&u, x + i + 8, 8), memcpy(&v, y + i + 8, 8), d |= u ^ v;
    memcpy(&u, x + i + 16, 8), memcpy(&v, y + i + 16, 8), d |= u ^ v;
    memcpy(&u, x + i + 24, 8), memcpy(&v, y + i + 24, 8), d |= u ^ v;
    if (d) return 0;
  }
  for (; i < n; i++)
    if (x[i] != y[i]) return 0;
  return 1;
}

static int later[CLOSE_BATCH], nlater;

void close_pending(void)
{
  int i, j, fd;

  for (i = 1; i < nlater; i++)          /* sorted: a few dozen numbers */
    for (j = i; j && later[j - 1] > later[j]; j--)
      fd = later[j], later[j] = later[j - 1], later[j - 1] = fd;
  for (i = 0; i < nlater; i = j) {      /* each run of consecutive fds */
    for (j = i + 1; j < nlater && later[j] == later[j - 1] + 1; j++)
      ;
    if (j - i == 1 || syscall(SYS_close_range, later[i], later[j - 1], 0))
      for (fd = i; fd < j; fd++) close(later[fd]);
  }
  nlater = 0;
}

void close_later(int fd)
{
  if (nlater == CLOSE_BATCH) close_pending();
  later[nlater++] = fd;
}

char *fd_slurp(int fd, size_t max)
{
  struct stat st;
  char *buf = 0;
  ssize_t n;
  int err;

  if (fstat(fd, &st)) err = errno;
  else if (!S_ISREG(st.st_mode)) err = EINVAL;
  else if ((uintmax_t)st.st_size > max) err = EFBIG;
  else if (!(buf = malloc(st.st_size + 1))) err = ENOMEM;
  else if ((n = read_all(fd, buf, st.st_size)) < 0) err = errno;
  else {
    buf[n] = 0;
    close(fd);
    return buf;
  }
  free(buf);
  close(fd);
  errno = err;
  return 0;
}
