/* dirs: reading a directory from an fd without a DIR: no malloc, fstat or
 * fcntl per directory, as fdopendir() costs; the caller owns the buffer
 * (DIRS_BUF bytes), so a recursive walk keeps one per level. */
#ifndef DIRS_H
#define DIRS_H
#include <stddef.h>

#define DIRS_BUF 16384
#define DIRS_DEPTH 260      /* levels dirs_buf() keeps a buffer for */

struct dirs {
  int fd;
  size_t pos, len;
  char *buf;          /* DIRS_BUF bytes */
};

/* dirs_buf: the buffer of one level of a walk (0 <= depth < DIRS_DEPTH),
 * made on first use and kept */
char *dirs_buf(int depth);
/* dirs_open: start reading fd (not closed here) into buf */
void dirs_open(struct dirs *d, int fd, char *buf);
/* dirs_next: the next entry other than . and ..: 1 with its name and
 * d_type (DT_UNKNOWN if the file system does not say), 0 at the end, -1
 * with errno */
int dirs_next(struct dirs *d, const char **name, unsigned char *type);
#endif
