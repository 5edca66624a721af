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
/* pw_lock with another wait (seconds; pw_lock: 15). errno EBUSY: a lock
 * is held by someone else (the holder's pid in why when known). */
int pw_lock_wait(int seconds, char *why, size_t whylen);

/* One edit of a colon-separated file: the line whose first field is key
 * is replaced by line (line NULL: removed); no such line: line appended.
 * dirfd/path as for openat (AT_FDCWD for the host). 0, or -1 with errno
 * and why. Only the first matching line is touched. A file that does not
 * exist is created (mode 0644, our owner) when line is not NULL. Refused:
 * a symlink anywhere on the path (ELOOP), "..", a file that is not regular
 * (EINVAL) or has several hard links (EMLINK), a line that does not start
 * with "key:", holds a newline (EINVAL) or is PW_LINE_MAX long (ERANGE). */
int pwfile_set(int dirfd, const char *path, const char *key,
               const char *line, char *why, size_t whylen);

/* The line whose first field is key, copied into buf (without its
 * newline): 1 found, 0 not, -1 error (errno ENOENT: no such file, ERANGE:
 * the line does not fit in len, or as pwfile_set). */
int pwfile_get(int dirfd, const char *path, const char *key, char *buf,
               size_t len);
/* pwfile_get by the third field, the uid of passwd or the gid of group:
 * the first line whose id is id. */
int pwfile_get_id(int dirfd, const char *path, unsigned long id, char *buf,
                  size_t len);
#endif
