/* jail: what the applets that put a user in a jail share (jk_chrootsh,
 * jk_uchroot, jk_procmailwrapper): the JAIL/./HOME convention, the choice
 * of a config section, a whitelisted environment, opening a jail safely,
 * the user's groups and the final drop to the user. */
#ifndef JAIL_H
#define JAIL_H
#include <stddef.h>
#include <sched.h>        /* CLONE_NEW*: the applets' private namespaces */
#include <sys/types.h>

struct ini;
struct ini_sec;

#define JAIL_SEP "/./"           /* in a home field: JAIL/./HOME */
#define JAIL_MIN 3               /* shortest jail part (as 2.23: "/ab") */
#define JAIL_ENV_MAX 256         /* variables in a cleaned environment */
#define JAIL_ENV_BUF 16384       /* bytes of the variables set by us */
#define JAIL_GROUPS_MAX 65536    /* the kernel's NGROUPS_MAX */
#define JAIL_WHY_MAX 512         /* one reason: "PATH: what is wrong" */

/* jail_split_home: JAIL/./HOME at the last "/./" into the jail (at least
 * JAIL_MIN bytes) and the home inside it ("/" for "JAIL/./"). 0, or -1
 * with errno ENOENT (no separator), EINVAL (jail part too short or not
 * absolute), ERANGE (a part does not fit). */
int jail_split_home(const char *home, char *jail, size_t jlen,
                    char *inhome, size_t hlen);

/* jail_section: [USER], else [group GROUP], else [DEFAULT], else 0 */
/* Load DIR/NAME into ini, only if DIR and every directory above it are
 * safe and the file is root's and not writable by group or others; read
 * through the checked directory's fd. Returns 0, JAIL_CFG_ABSENT (why
 * empty), JAIL_CFG_UNSAFE or JAIL_CFG_BAD (with the reason in why). */
#define JAIL_CFG_ABSENT 1
#define JAIL_CFG_UNSAFE (-1)
#define JAIL_CFG_BAD (-2)
int jail_config_load(struct ini *ini, const char *dir, const char *name,
                     char *why, size_t len);
const struct ini_sec *jail_section(const struct ini *ini, const char *user,
                                   const char *group);

/* A new environment built from a whitelist: entries point into the
 * caller's environment (kept) or into buf (set). */
struct jail_env {
  int n;
  char *v[JAIL_ENV_MAX + 1];     /* v[n] is 0: ready for execve */
  size_t used;
  char buf[JAIL_ENV_BUF];
};

/* jail_env_take: empty environ at once (nothing reads the caller's
 * variables by accident) and return the caller's array */
char **jail_env_take(void);
/* jail_env_keep: add the first entry NAME=... of from, if there is one
 * and NAME is not yet in e. 0, or -1 with errno EINVAL (NAME empty or with
 * '='), EPERM (a dynamic loader variable, LD_*: never kept), E2BIG (full) */
int jail_env_keep(struct jail_env *e, char *const *from, const char *name);
/* jail_env_set: NAME=VALUE, replacing NAME if present. 0, -1 E2BIG */
int jail_env_set(struct jail_env *e, const char *name, const char *value);
const char *jail_env_get(const struct jail_env *e, const char *name);

/* jail_open: an O_PATH fd of the jail directory, checked as 2.23 did and
 * more: every component of the path root-owned, not writable by group or
 * others, no symlink (lib/safepath); the jail itself also group root and
 * without setuid/setgid bits; its top directories (dev etc lib lib64 usr
 * bin sbin), where present, the same (a top directory that is a symlink,
 * lib -> usr/lib, is followed once inside the jail). -1 with errno and a
 * reason in why: EINVAL (not an absolute path without . and ..), ELOOP (a
 * symlink on the way), EPERM (owner, group or mode), or what openat()
 * said (ENOENT, ENOTDIR, EACCES ...). */
int jail_open(const char *jail, char *why, size_t len);
/* jailkit 2.23's exit status for a jail_open() failure with errno err:
 * 21 (path not canonical: a symlink, . or ..), 53 (unsafe), 19 (other) */
int jail_open_status(int err);
/* the value of the first NAME= in env (a caller's saved environment) */
const char *jail_env_var(char *const *env, const char *name);

/* jail_walk: open path (absolute inside the jail) from jailfd, one
 * component at a time, never following a symlink; directories on the way
 * must be directories (JAIL_WALK_STRICT: also root-owned, not writable by
 * group or others). O_PATH fd of the last component, or -1 with errno
 * and the reason in why; messages name host paths (jail + path). */
#define JAIL_WALK_STRICT 1
int jail_walk(int jailfd, const char *jail, const char *path, int flags,
              char *why, size_t len);

/* jail_drop: become uid:gid with exactly the groups given, for good:
 * setresgid, setgroups, setresuid, every capability cleared (also the
 * inheritable and ambient sets: file capabilities are a way in), then
 * verified, setuid(0) included. 0, or the step that failed with errno:
 * JAIL_DROP_GID, JAIL_DROP_GROUPS, JAIL_DROP_UID (the uid, the
 * capabilities, or the verification). */
#define JAIL_DROP_GID 1
#define JAIL_DROP_GROUPS 2
#define JAIL_DROP_UID 3
int jail_drop(uid_t uid, gid_t gid, const gid_t *groups, int n);

/* jail_own_path: path (clean, inside the jail: "/etc/passwd") is one of
 * a jail's own files, expected to differ from the host's and never
 * replaced from it: etc/passwd, group, shadow, gshadow, ld.so.cache,
 * ld.so.conf, what is under etc/jailkit, home, tmp, var/tmp */
int jail_own_path(const char *path);
/* jail_read: the regular file at path inside the jail (reached from
 * jailfd without following a symlink, never blocking on a FIFO), whole
 * and NUL-terminated in a malloc'd buffer, at most max bytes; 0 with errno
 * (ENOENT: there is none) and the reason in why */
char *jail_read(int jailfd, const char *jail, const char *path, size_t max,
                char *why, size_t len);
/* jail_relpath: an absolute path given for a jail (a config list, -s),
 * cleaned, as a path inside the jail: the full path's rest ("/" for the
 * jail itself), or the path itself when it is not under the jail. 0, or
 * -1 with errno EINVAL (not absolute) or ENAMETOOLONG. */
int jail_relpath(const char *jail, const char *path, char *out, size_t len);
#endif
