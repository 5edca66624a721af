/* suid: the steps the setuid jail applets (jk_chrootsh, jk_uchroot,
 * jk_procmailwrapper) take alike. Each check returns 0, or jailkit
 * 2.23's exit status for the step with a one-line reason in why; the
 * applet refuses with both. Only suid_vrefuse() prints and exits. */
#ifndef SUID_H
#define SUID_H
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct ini;
struct ini_sec;
struct pw_ent;
struct gr_ent;

#define SUID_PASSWD "/etc/passwd"   /* the host's, and the jail's inside */
#define SUID_GROUP "/etc/group"

/* the exit statuses of jailkit 2.23, kept for scripts: one table for the
 * three applets and the checks here */
#define SUID_EXIT_NOT_SETUID 11
#define SUID_EXIT_ROOT 12
#define SUID_EXIT_USER 13
#define SUID_EXIT_CONFIG_DIR 14
#define SUID_EXIT_GID 15
#define SUID_EXIT_NO_HOME 16
#define SUID_EXIT_NO_JAIL 17
#define SUID_EXIT_CHDIR_JAIL 19
#define SUID_EXIT_JAIL_PATH 21
#define SUID_EXIT_NOT_ALLOWED 21       /* jk_uchroot: jail not listed */
#define SUID_EXIT_CHROOT 33
#define SUID_EXIT_SETGID 34
#define SUID_EXIT_GROUPS 35
#define SUID_EXIT_SETUID 36
#define SUID_EXIT_NAME 37
#define SUID_EXIT_HOME 39
#define SUID_EXIT_CHDIR_HOME 41
#define SUID_EXIT_UNSAFE 53
/* the program cannot be executed, as shells report it (2.23: 111) */
#define SUID_EXIT_NOEXEC 126
#define SUID_EXIT_NOTFOUND 127

/* suid_printable: control characters of s (users' names, homes and
 * arguments reach log lines and terminals) become '?' */
void suid_printable(char *s);
/* suid_vrefuse: the refusal: the message made printable, prefixed with
 * "user WHO: " once the user is known (who), on stderr and in syslog;
 * exit with code */
void suid_vrefuse(int code, const char *who, const char *fmt, va_list ap)
  __attribute__((noreturn, format(printf, 3, 0)));
/* suid_privileged: effective uid 0, or the capabilities a file-capability
 * install needs instead (setgid, setuid, sys_chroot) effective */
int suid_privileged(void);
/* suid_find_user: the host's passwd entry of name (when set and not
 * empty), else of the real uid; 0 or 13 */
int suid_find_user(const char *name, struct pw_ent *pw, char *buf,
                   size_t len, char *why, size_t wlen);
/* suid_find_group: the host's group gid, and in the same read user's
 * groups (JAIL_GROUPS_MAX at most; *ngroups is minus the errno if that
 * failed: see suid_check_groups); 0 or 13 */
int suid_find_group(gid_t gid, const char *user, struct gr_ent *gr,
                    char *buf, size_t len, gid_t *groups, int *ngroups,
                    char *why, size_t wlen);
/* suid_check_groups: the groups suid_find_group() read; 0 or 35 */
int suid_check_groups(int ngroups, char *why, size_t wlen);
/* suid_ini_flag: key of sec (of file) as yes/no, true/false, on/off or a
 * number (nonzero is on, as 2.23 read it): 1 or 0, absent 0; -1 with why
 * when it is none of these */
int suid_ini_flag(const struct ini *ini, const struct ini_sec *sec,
                  const char *key, const char *file, char *why, size_t wlen);
/* suid_enter: chroot into the jail through its checked descriptor *fd
 * (closed, set to -1); the cwd is the jail's root. 0, 19 or 33 */
int suid_enter(int *fd, const char *jail, char *why, size_t wlen);
/* suid_drop_status: 2.23's status and the reason for step, what
 * jail_drop(uid, gid, ...) returned (errno as it left it): 0, 34, 35, 36 */
int suid_drop_status(int step, uid_t uid, gid_t gid, char *why, size_t wlen);
/* suid_check_passwd: inside the jail, its passwd entry of user must have
 * uid, and its group gid be named group (jpw and buf get the user's
 * entry); 0, 35 (missing or other uid) or 37 (other name) */
int suid_check_passwd(const char *user, uid_t uid, const char *group,
                      gid_t gid, struct pw_ent *jpw, char *buf, size_t len,
                      char *why, size_t wlen);
/* suid_dirs_equal: equal, or equal but for one trailing '/' on one of
 * them (2.23) */
int suid_dirs_equal(const char *a, const char *b);
/* suid_check_exec: the program to run (st: its stat) is neither owned by
 * another user than uid or root, nor writable by group or others, nor
 * setuid or setgid; named "KIND PATH in jail JAIL" (KIND may be ""); 0 or
 * 53 */
int suid_check_exec(const struct stat *st, uid_t uid, const char *kind,
                    const char *path, const char *jail, char *why,
                    size_t wlen);
/* suid_exec_status: 2.23-compatible status for a failed execve (as
 * shells report it): 127 not found, else 126 */
int suid_exec_status(int err);
/* suid_go_home: chdir to home (inside the jail, as the user) and it must
 * still be the directory st was taken of; 0 or 41 */
int suid_go_home(const char *home, const struct stat *st, const char *jail,
                 char *why, size_t wlen);
#endif
