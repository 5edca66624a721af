/* pwfile: safe edits of passwd, group and shadow files (lib/pwfile.c).
 *
 * The host's /etc/passwd, /etc/group and /etc/shadow are changed the way
 * shadow-utils' useradd changes them: under its locks (the per-file
 * FILE.lock link protocol and lckpwdf's /etc/.pwd.lock), by writing the
 * whole new file to a temporary name in the same directory with the old
 * file's mode and owner, fsync, then rename over the old one, so a crash
 * leaves the old or the new file, never a broken one. The same code edits
 * the files inside a jail (through the jail's directory fd, no symlink
 * followed). Nothing here prints or exits. */
#ifndef PWFILE_H
#define PWFILE_H
#include <sys/types.h>

/* Lock the host's account files as useradd does (waits up to 15 s);
 * 0, or -1 with errno and a reason in why. pw_unlock undoes it. */
int pw_lock(char *why, size_t whylen);
void pw_unlock(void);

/* One edit of a colon-separated file: the line whose first field is key
 * is replaced by line (line NULL: removed); no such line: line appended.
 * dirfd/path as for openat (AT_FDCWD for the host). 0, or -1 with errno
 * and why. */
int pwfile_set(int dirfd, const char *path, const char *key,
               const char *line, char *why, size_t whylen);

/* The line whose first field is key, copied into buf: 1 found, 0 not,
 * -1 error. */
int pwfile_get(int dirfd, const char *path, const char *key, char *buf,
               size_t len);
#endif
