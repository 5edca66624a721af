/* jailuser: the jail side of a jailed account, shared by jk_jailuser and
 * jk_addjailuser (lib/jailuser.c): which jail is fit to receive a user,
 * where the home goes, and the lines the jail's etc/passwd and etc/group
 * get. All edits go through lib/pwfile (the caller holds pw_lock).
 * Nothing here prints or exits. */
#ifndef JAILUSER_H
#define JAILUSER_H
#include <stddef.h>
#include <sys/types.h>

struct pw_ent;

/* the host shell of a jailed user: where scripts/install.sh puts it */
#define JAILUSER_CHROOTSH "/usr/sbin/jk_chrootsh"
/* the default shell in the jail's passwd (2.23's) */
#define JAILUSER_SHELL "/usr/sbin/jk_lsh"

/* jailuser_path: the jail named by arg as an absolute, clean path (a
 * relative one from the current directory). 0, or -1 with errno. */
int jailuser_path(const char *arg, char *jail, size_t len);

/* jailuser_open: the jail checked as jail_open() does; its etc/passwd a
 * regular file reached without a symlink; shell (absolute; symlinks
 * resolved inside the jail) an executable regular file there. The jail's
 * O_PATH fd, or -1 with errno and the reason in why. */
int jailuser_open(const char *jail, const char *shell, char *why,
                  size_t len);

/* jailuser_homes: the in-jail home and the new host home JAIL/./INJAIL
 * for the host home `home` (2.23's rule: a home under the jail keeps its
 * place, any other goes to the same path inside). 0, or -1 ERANGE. */
int jailuser_homes(const char *jail, const char *home, char *injail,
                   size_t ilen, char *newhome, size_t nlen);

/* jailuser_check: may pw go into the jail's files? Refused (EEXIST): the
 * jail's passwd has that name with another uid, or its group file one of
 * the user's groups with another gid. 0, or -1 with errno and why. */
int jailuser_check(int jailfd, const char *jail, const struct pw_ent *pw,
                   char *why, size_t len);

/* jailuser_write: the jail's etc/group gets the user's primary group and
 * every host group that lists the user, with the user added as a member;
 * then etc/passwd the line NAME:x:UID:GID:GECOS:HOME:SHELL (replacing one
 * of that name and uid). 0, or -1 with errno and why. */
int jailuser_write(int jailfd, const char *jail, const struct pw_ent *pw,
                   const char *home, const char *shell, char *why,
                   size_t len);

/* jailuser_mkparents: the directory that holds path (absolute, inside
 * the jail), missing directories made root-owned, mode 0755, none
 * followed if a symlink; its O_PATH fd, the last component in base, and
 * in *made (if not NULL) how many directories it made. -1 with errno and
 * why. */
int jailuser_mkparents(int jailfd, const char *jail, const char *path,
                       char *base, size_t blen, int *made, char *why,
                       size_t len);
/* jailuser_rmparents: remove the last made of those directories again
 * (the deepest made directories, if still empty) */
void jailuser_rmparents(int jailfd, const char *path, int made);
#endif
