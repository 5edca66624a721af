/* passwd: passwd and group files read from an explicit path, never NSS */
#ifndef PASSWD_H
#define PASSWD_H
#include <sys/types.h>
#include <stddef.h>

#define PW_LINE_MAX 4096   /* longer lines are an error, not truncated */
#define PW_GROUP_LINE_MAX (1 << 20)  /* gr_groups: a line, members too */

struct pw_ent {
  char *name, *passwd;
  uid_t uid;
  gid_t gid;
  char *gecos, *dir, *shell;
};

struct gr_ent {
  char *name, *passwd;
  gid_t gid;
  char *members;     /* the raw comma list */
};

/* The parsers: 0, or -1 for a malformed line. The lookups: 1 found (the
 * entry points into buf), 0 not found, -1 with errno (ERANGE: a line
 * does not fit in buf; EINVAL: the matching line is malformed). */
int pw_parse_line(char *line, struct pw_ent *e);
int gr_parse_line(char *line, struct gr_ent *e);
int pw_byname(const char *path, const char *name, struct pw_ent *e,
              char *buf, size_t len);
int pw_byuid(const char *path, uid_t uid, struct pw_ent *e,
             char *buf, size_t len);
int gr_byname(const char *path, const char *name, struct gr_ent *e,
              char *buf, size_t len);
int gr_bygid(const char *path, gid_t gid, struct gr_ent *e,
             char *buf, size_t len);
/* pw_next: the next entry of passwd text at *cur (a NUL-terminated buffer
 * the parse writes into); blank, '#' and malformed lines are skipped.
 * 1, or 0 at the end. */
int pw_next(char **cur, struct pw_ent *e);
int gr_has_member(const struct gr_ent *e, const char *user);
/* gr_groups: gid, then every group of the file at path that lists user
 * as a member (as initgroups(3) would, without NSS), without duplicates;
 * malformed lines are skipped (a group not given is the safe side). The
 * count, or -1 with errno: E2BIG (more than max), ERANGE (a line longer
 * than PW_GROUP_LINE_MAX), ENOMEM, or the open/read error. */
int gr_groups(const char *path, const char *user, gid_t gid, gid_t *list,
              int max);
/* gr_login: what a login asks of the group file, read once: the answer
 * of gr_bygid(path, gid, e, buf, len) is returned (errno as it sets it),
 * that of gr_groups(path, user, gid, list, max) goes to *n (the count, or
 * minus its errno). The same answers as the two calls, never a mix of two
 * versions of the file. */
int gr_login(const char *path, gid_t gid, struct gr_ent *e, char *buf,
             size_t len, const char *user, gid_t *list, int max, int *n);
#endif
