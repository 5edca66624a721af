/* xfuncs: die-on-error wrappers; each takes the arguments of what it wraps */
#ifndef XFUNCS_H
#define XFUNCS_H
#include <stddef.h>
#include <sys/types.h>

void *xmalloc(size_t n);
void *xzalloc(size_t n);
char *xstrdup(const char *s);
int xopen(const char *path, int flags, ...);
void xclose(int fd);
ssize_t xread_all(int fd, void *buf, size_t len);
void xwrite_all(int fd, const void *buf, size_t len);
void xchdir(const char *path);
void xchroot(const char *path);
pid_t xfork(void);
void xsnprintf(char *buf, size_t len, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void xstrlcpy(char *dst, const char *src, size_t len);
long xatol_range(const char *name, const char *str, long lo, long hi);

/* the non-dying helpers the x-versions are built on */
ssize_t read_all(int fd, void *buf, size_t len);
ssize_t write_all(int fd, const void *buf, size_t len);
int parse_long(const char *s, long lo, long hi, long *out);
/* fd_slurp: the whole regular file fd (closed here), NUL-terminated, in
 * a malloc'd buffer; 0 with errno (EINVAL: not a regular file, EFBIG:
 * more than max bytes, or what fstat/read said) */
char *fd_slurp(int fd, size_t max);
/* mem_equal: are the n bytes at a and b the same? A word at a time
 * (musl's memcmp goes byte by byte, and no order is needed here) */
int mem_equal(const void *a, const void *b, size_t n);
/* close_later: fd is closed by the next close_pending (or by close_later
 * itself once CLOSE_BATCH wait), each run of consecutive numbers with one
 * close_range (fds opened one after the other are consecutive): a walk
 * that opens many files saves a system call on each */
#define CLOSE_BATCH 32
void close_later(int fd);
void close_pending(void);
int parse_double(const char *s, double lo, double hi, double *out);
#endif
