/* passwd: passwd and group files read from an explicit path, never NSS */
#ifndef PASSWD_H
#define PASSWD_H
#include <sys/types.h>
#include <stddef.h>

#define PW_LINE_MAX 4096   /* longer lines are an error, not truncated */

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
#endif
