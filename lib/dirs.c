/* dirs.c: getdents64 into the caller's buffer. */
#include "jk.h"
#include <sys/syscall.h>

/* the kernel's record (struct linux_dirent64) */
struct rec {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

char *dirs_buf(int depth)
{
  static char *bufs[DIRS_DEPTH];

  if (depth < 0 || depth >= DIRS_DEPTH)
    error_exit("directories nested too deep");
  if (!bufs[depth]) bufs[depth] = xmalloc(DIRS_BUF);
  return bufs[depth];
}

void dirs_open(struct dirs *d, int fd, char *buf)
{
  d->fd = fd;
  d->pos = d->len = 0;
  d->buf = buf;
}

int dirs_next(struct dirs *d, const char **name, unsigned char *type)
{
  struct rec *r;
  long n;

  for (;;) {
    if (d->pos >= d->len) {
      n = syscall(SYS_getdents64, d->fd, d->buf, DIRS_BUF);
      if (n < 0) return -1;
      if (!n) return 0;
      d->len = n;
      d->pos = 0;
    }
    r = (struct rec *)(d->buf + d->pos);
    d->pos += r->reclen;
    if (r->name[0] == '.' && (!r->name[1] ||
                              (r->name[1] == '.' && !r->name[2])))
      continue;
    *name = r->name;
    *type = r->type;
    return 1;
  }
}
