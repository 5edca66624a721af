/* safepath: is every component of a path root-owned, not writable by
 * group or others, and not a symlink? Walked with O_PATH|O_NOFOLLOW so the
 * object checked is the object used. */
#ifndef SAFEPATH_H
#define SAFEPATH_H
#include <stddef.h>

#define SAFEPATH_LAST_ANY_OWNER 1  /* last component: any owner and mode */
#define SAFEPATH_LAST_MAY_MISS  2  /* last component may be absent: the
                                      fd of its parent is returned */
#define SAFEPATH_READ           4  /* the last component opened for reading
                                      (O_NONBLOCK, O_NOCTTY), not O_PATH:
                                      what was checked is what is read */

/* safepath_open: an O_PATH fd of the checked path, or -1 with errno and a
 * one-line reason in why ("/a/b: writable by group"). On success errno is
 * 0, or ENOENT when SAFEPATH_LAST_MAY_MISS returned the parent's fd. */
int safepath_open(const char *path, int flags, char *why, size_t whylen);
/* the same, with the stat of what the fd is (the parent, for an absent
 * SAFEPATH_LAST_MAY_MISS component) in *st */
struct stat;
int safepath_open_stat(const char *path, int flags, struct stat *st,
                       char *why, size_t whylen);
int safepath_check(const char *path, int flags, char *why, size_t whylen);
void path_join(char *dst, size_t len, const char *a, const char *b);
/* path_comp_len: bytes of the component at p, up to a '/' or the end */
size_t path_comp_len(const char *p);
int path_clean(char *dst, size_t len, const char *src);
int path_inside(const char *root, const char *path);
/* path_under: clean path is base or inside it, by whole components
 * ("/a/b" is under "/a", "/ab" is not); both already clean */
int path_under(const char *path, const char *base);
#endif
