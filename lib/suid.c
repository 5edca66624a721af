/* suid.c: the steps the setuid jail applets take alike (see suid.h).
 * The reasons are those the applets gave before; the exit statuses are
 * jailkit 2.23's, which scripts and MTAs know. */
#include "jk.h"

/* a file-capability install: CAP_SETGID, CAP_SETUID, CAP_SYS_CHROOT */
#define SUID_CAPS (1ULL << 6 | 1ULL << 7 | 1ULL << 18)
#define REFUSE_MAX 900           /* one refusal's message */

/* the reason into why; the status back */
static int __attribute__((format(printf, 4, 5)))
refusal(char *why, size_t wlen, int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(why, wlen, fmt, ap);
  va_end(ap);
  return code;
}

void suid_printable(char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < ' ' || *s == 0x7f) *s = '?';
}

void suid_vrefuse(int code, const char *who, const char *fmt, va_list ap)
{
  char msg[REFUSE_MAX];

  vsnprintf(msg, sizeof(msg), fmt, ap);
  suid_printable(msg);
  if (who) error_exit_code(code, "user %s: %s", who, msg);
  error_exit_code(code, "%s", msg);
}

int suid_privileged(void)
{
  uint64_t eff, perm;

  return !geteuid() ||
         (!caps_get(&eff, &perm) && (eff & SUID_CAPS) == SUID_CAPS);
}

int suid_find_user(const char *name, struct pw_ent *pw, char *buf,
                   size_t len, char *why, size_t wlen)
{
  int r;

  if (name && !*name) name = 0;
  if (name) r = pw_byname(SUID_PASSWD, name, pw, buf, len);
  else r = pw_byuid(SUID_PASSWD, getuid(), pw, buf, len);
  if (r > 0) return 0;
  if (r < 0)
    return refusal(why, wlen, SUID_EXIT_USER,
                   "%s: %s", SUID_PASSWD, strerror(errno));
  if (name)
    return refusal(why, wlen, SUID_EXIT_USER,
                   "no user %s in %s", name, SUID_PASSWD);
  return refusal(why, wlen, SUID_EXIT_USER, "no user with uid %u in %s",
                 (unsigned)getuid(), SUID_PASSWD);
}

int suid_find_group(gid_t gid, const char *user, struct gr_ent *gr,
                    char *buf, size_t len, gid_t *groups, int *ngroups,
                    char *why, size_t wlen)
{
  int r = gr_login(SUID_GROUP, gid, gr, buf, len, user, groups,
                   JAIL_GROUPS_MAX, ngroups);

  if (r > 0) return 0;
  if (r < 0)
    return refusal(why, wlen, SUID_EXIT_USER,
                   "%s: %s", SUID_GROUP, strerror(errno));
  return refusal(why, wlen, SUID_EXIT_USER,
                 "no group with gid %u in %s", (unsigned)gid,
                 SUID_GROUP);
}

int suid_check_groups(int ngroups, char *why, size_t wlen)
{
  if (ngroups >= 0) return 0;
  return refusal(why, wlen, SUID_EXIT_GROUPS,
                 "%s: %s", SUID_GROUP, ngroups == -E2BIG
                 ? "too many groups" : strerror(-ngroups));
}

int suid_ini_flag(const struct ini *ini, const struct ini_sec *sec,
                  const char *key, const char *file, char *why, size_t wlen)
{
  const struct ini_kv *kv = ini_find(ini, sec, key);
  long n;
  int on;

  if (!kv) return 0;
  if (ini_get_bool(ini, sec, key, &on) == INI_OK) return on;
  if (!parse_long(kv->val, LONG_MIN, LONG_MAX, &n)) return n != 0;
  return refusal(why, wlen, -1, "%s:%d: %s: '%s' is not yes or no", file,
                 kv->line, key, kv->val);
}

int suid_enter(int *fd, const char *jail, char *why, size_t wlen)
{
  if (fchdir(*fd))
    return refusal(why, wlen, SUID_EXIT_CHDIR_JAIL,
                   "cannot enter jail %s: %s", jail,
                   strerror(errno));
  if (chroot("."))
    return refusal(why, wlen, SUID_EXIT_CHROOT, "cannot chroot to %s: %s", jail,
                   strerror(errno));
  close(*fd);
  *fd = -1;
  return 0;
}

int suid_drop_status(int step, uid_t uid, gid_t gid, char *why, size_t wlen)
{
  switch (step) {
  case 0: return 0;
  case JAIL_DROP_GID:
    return refusal(why, wlen, SUID_EXIT_SETGID,
                   "cannot set group %u: %s", (unsigned)gid,
                   strerror(errno));
  case JAIL_DROP_GROUPS:
    return refusal(why, wlen, SUID_EXIT_GROUPS,
                   "cannot set the supplementary groups: %s",
                   strerror(errno));
  default:
    return refusal(why, wlen, SUID_EXIT_SETUID,
                   "cannot become uid %u for good: %s",
                   (unsigned)uid, strerror(errno));
  }
}

int suid_check_passwd(const char *user, uid_t uid, const char *group,
                      gid_t gid, struct pw_ent *jpw, char *buf, size_t len,
                      char *why, size_t wlen)
{
  char obuf[PW_LINE_MAX];
  struct gr_ent jgr;
  struct pw_ent other;
  int r = pw_byname(SUID_PASSWD, user, jpw, buf, len);

  if (r < 0)
    return refusal(why, wlen, SUID_EXIT_GROUPS,
                   "%s in the jail: %s", SUID_PASSWD,
                   strerror(errno));
  if (!r && pw_byuid(SUID_PASSWD, uid, &other, obuf, sizeof(obuf)) == 1)
    return refusal(why, wlen, SUID_EXIT_NAME,
                   "uid %u is %s in the jail's %s, not %s",
                   (unsigned)uid, other.name, SUID_PASSWD, user);
  if (!r)
    return refusal(why, wlen, SUID_EXIT_GROUPS,
                   "no user %s in the jail's %s", user,
                   SUID_PASSWD);
  if (jpw->uid != uid)
    return refusal(why, wlen, SUID_EXIT_GROUPS,
                   "user %s has uid %u in the jail's %s, "
                   "not %u", user, (unsigned)jpw->uid, SUID_PASSWD,
                   (unsigned)uid);
  r = gr_bygid(SUID_GROUP, gid, &jgr, obuf, sizeof(obuf));
  if (r < 0)
    return refusal(why, wlen, SUID_EXIT_GROUPS,
                   "%s in the jail: %s", SUID_GROUP,
                   strerror(errno));
  if (!r)
    return refusal(why, wlen, SUID_EXIT_GROUPS, "no group %u in the jail's %s",
                   (unsigned)gid, SUID_GROUP);
  if (strcmp(jgr.name, group))
    return refusal(why, wlen, SUID_EXIT_NAME,
                   "group %u is %s in the jail's %s, not %s",
                   (unsigned)gid, jgr.name, SUID_GROUP, group);
  return 0;
}

int suid_dirs_equal(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);

  if (la == lb) return !strcmp(a, b);
  if (la == lb + 1) return a[lb] == '/' && !strncmp(a, b, lb);
  if (lb == la + 1) return b[la] == '/' && !strncmp(a, b, la);
  return 0;
}

int suid_check_exec(const struct stat *st, uid_t uid, const char *kind,
                    const char *path, const char *jail, char *why,
                    size_t wlen)
{
  const char *sp = *kind ? " " : "";

  if (st->st_uid && st->st_uid != uid)
    return refusal(why, wlen, SUID_EXIT_UNSAFE,
                   "%s%s%s in jail %s is owned by uid %u",
                   kind, sp, path, jail, (unsigned)st->st_uid);
  if (st->st_mode & (S_IWGRP | S_IWOTH))
    return refusal(why, wlen, SUID_EXIT_UNSAFE,
                   "%s%s%s in jail %s is writable by group "
                   "or others", kind, sp, path, jail);
  if (st->st_mode & (S_ISUID | S_ISGID))
    return refusal(why, wlen, SUID_EXIT_UNSAFE,
                   "%s%s%s in jail %s is setuid or setgid",
                   kind, sp, path, jail);
  return 0;
}

int suid_exec_status(int err)
{
  return err == ENOENT || err == ENOTDIR ? SUID_EXIT_NOTFOUND
                                         : SUID_EXIT_NOEXEC;
}

int suid_go_home(const char *home, const struct stat *st, const char *jail,
                 char *why, size_t wlen)
{
  struct stat now;

  if (chdir(home))
    return refusal(why, wlen, SUID_EXIT_CHDIR_HOME,
                   "cannot enter home %s in jail %s: %s",
                   home, jail, strerror(errno));
  if (sys_fstatat(AT_FDCWD, ".", &now, 0) || now.st_dev != st->st_dev ||
      now.st_ino != st->st_ino)
    return refusal(why, wlen, SUID_EXIT_CHDIR_HOME,
                   "home %s in jail %s changed since it was "
                   "checked", home, jail);
  return 0;
}
