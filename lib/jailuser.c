/* jailuser.c: the jail side of a jailed account (see jailuser.h).
 *
 * 2.23's jk_jailuser appended to the jail's files in place and rewrote
 * group lines with Python's string handling; here each change is one
 * pwfile_set (a whole new file, renamed over the old one), reached from
 * the jail's directory fd without following symlinks. The groups are the
 * host's: the primary one, and every one that lists the user. */
#include "jk.h"
#include <linux/openat2.h>
#include <sys/syscall.h>

#define HOST_GROUP "/etc/group"
#define JAIL_PASSWD_REL "etc/passwd"
#define JAIL_GROUP_REL "etc/group"

/* the shell, symlinks resolved inside the jail (openat2 RESOLVE_IN_ROOT;
 * without it, on kernels before 5.6: no symlink at all) */
static int open_in_root(int jailfd, const char *jail, const char *path,
                        char *why, size_t len)
{
  struct open_how how = { .flags = O_PATH | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  int fd = syscall(SYS_openat2, jailfd, path, &how, sizeof(how));

  if (fd >= 0 || errno != ENOSYS) {
    if (fd < 0) why_fail(why, len, errno, "shell %s%s: %s", jail, path,
                     errno == ENOENT ? "does not exist" : strerror(errno));
    return fd;
  }
  return jail_walk(jailfd, jail, path, 0, why, len);
}

int jailuser_path(const char *arg, char *jail, size_t len)
{
  char abs[PATH_MAX], cwd[PATH_MAX];

  if (!*arg) return errno = EINVAL, -1;
  if (*arg != '/' && !getcwd(cwd, sizeof(cwd))) return -1;
  if (snprintf(abs, sizeof(abs), "%s%s%s", *arg == '/' ? "" : cwd,
               *arg == '/' ? "" : "/", arg) >= (int)sizeof(abs))
    return errno = ENAMETOOLONG, -1;
  return path_clean(jail, len, abs);
}

int jailuser_open(const char *jail, const char *shell, char *why,
                  size_t len)
{
  struct stat st;
  int jfd = jail_open(jail, why, len), fd, err;

  if (jfd < 0) return -1;
  fd = jail_walk(jfd, jail, "/" JAIL_PASSWD_REL, 0, why, len);
  if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode)))
    fd = (close(fd), why_fail(why, len, EINVAL, "%s/" JAIL_PASSWD_REL ": not a "
                          "regular file", jail));
  if (fd >= 0) close(fd);
  if (fd >= 0 && *shell != '/')
    fd = why_fail(why, len, EINVAL, "shell '%s': not an absolute path", shell);
  if (fd >= 0) fd = open_in_root(jfd, jail, shell, why, len);
  if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
                  !(st.st_mode & 0111)))
    fd = (close(fd), why_fail(why, len, EACCES, "shell %s%s: not an executable "
                          "file in the jail", jail, shell));
  if (fd >= 0) {
    close(fd);
    return jfd;
  }
  err = errno;
  close(jfd);
  return errno = err, -1;
}

int jailuser_homes(const char *jail, const char *home, char *injail,
                   size_t ilen, char *newhome, size_t nlen)
{
  size_t jl = strlen(jail), hl = strlen(home);
  const char *in = home;

  while (hl > 1 && home[hl - 1] == '/') hl--;
  if (!strncmp(home, jail, jl) && (home[jl] == '/' || jl == hl)) in += jl;
  hl -= in - home;
  if ((int)hl + 2 > (int)ilen ||
      snprintf(newhome, nlen, "%s/.%s%.*s", jail, hl && *in == '/' ? "" : "/",
               (int)hl, in) >= (int)nlen)
    return errno = ERANGE, -1;
  snprintf(injail, ilen, "%s%.*s", hl && *in == '/' ? "" : "/", (int)hl, in);
  return 0;
}

/* The jail's group line for the host group hg, or "" when it needs no
 * change: one group of the user (supp: as a member). */
static int group_line(int jailfd, const char *jail, const struct gr_ent *hg,
                      const char *user, int supp, char *line, size_t llen,
                      char *why, size_t len)
{
  char buf[PW_LINE_MAX];
  struct gr_ent jg;
  int r = pwfile_get(jailfd, JAIL_GROUP_REL, hg->name, buf, sizeof(buf));

  *line = 0;
  if (r < 0 && errno != ENOENT)
    return why_fail(why, len, errno, "%s/" JAIL_GROUP_REL ": %s", jail,
                strerror(errno));
  if (r <= 0) r = snprintf(line, llen, "%s:x:%lu:%s", hg->name,
                           (unsigned long)hg->gid, supp ? user : "");
  else if (gr_parse_line(buf, &jg))
    return why_fail(why, len, EINVAL, "%s/" JAIL_GROUP_REL ": the line of "
                "group %s is malformed", jail, hg->name);
  else if (jg.gid != hg->gid)
    return why_fail(why, len, EEXIST, "%s/" JAIL_GROUP_REL ": group %s has gid "
                "%lu, the host's %lu", jail, hg->name, (unsigned long)jg.gid,
                (unsigned long)hg->gid);
  else if (!supp || gr_has_member(&jg, user)) return 0;
  else r = snprintf(line, llen, "%s:%s:%lu:%s%s%s", jg.name, jg.passwd,
                    (unsigned long)jg.gid, jg.members, *jg.members &&
                    jg.members[strlen(jg.members) - 1] != ',' ? "," : "",
                    user);
  if (r >= (int)llen)
    return why_fail(why, len, ERANGE, "%s/" JAIL_GROUP_REL ": the line of "
                "group %s would be too long", jail, hg->name);
  return 0;
}

/* every group of the user: checked (write 0) or written into the jail */
static int groups(int jailfd, const char *jail, const struct pw_ent *pw,
                  int write, char *why, size_t len)
{
  static gid_t gids[JAIL_GROUPS_MAX];
  char hbuf[PW_LINE_MAX], line[PW_LINE_MAX], w[JAIL_WHY_MAX];
  struct gr_ent hg;
  int i, r, n = gr_groups(HOST_GROUP, pw->name, pw->gid, gids,
                            JAIL_GROUPS_MAX);

  if (n < 0)
    return why_fail(why, len, errno, HOST_GROUP ": %s", strerror(errno));
  for (i = 0; i < n; i++) {
    r = gr_bygid(HOST_GROUP, gids[i], &hg, hbuf, sizeof(hbuf));
    if (r < 0) return why_fail(why, len, errno, HOST_GROUP ": gid %lu: %s",
                           (unsigned long)gids[i], strerror(errno));
    if (!r) continue;               /* a primary gid without a group */
    if (group_line(jailfd, jail, &hg, pw->name, i > 0, line, sizeof(line),
                   why, len))
      return -1;
    if (!write || !*line) continue;
    if (pwfile_set(jailfd, JAIL_GROUP_REL, hg.name, line, w, sizeof(w)))
      return why_fail(why, len, errno, "%s/%s", jail, w);
  }
  return 0;
}

int jailuser_check(int jailfd, const char *jail, const struct pw_ent *pw,
                   char *why, size_t len)
{
  char buf[PW_LINE_MAX];
  struct pw_ent jp;
  int r = pwfile_get(jailfd, JAIL_PASSWD_REL, pw->name, buf, sizeof(buf));

  if (r < 0) return why_fail(why, len, errno, "%s/" JAIL_PASSWD_REL ": %s", jail,
                         strerror(errno));
  if (r && pw_parse_line(buf, &jp))
    return why_fail(why, len, EINVAL, "%s/" JAIL_PASSWD_REL ": the line of %s "
                "is malformed", jail, pw->name);
  if (r && jp.uid != pw->uid)
    return why_fail(why, len, EEXIST, "%s/" JAIL_PASSWD_REL ": %s is there "
                "with uid %lu, not %lu", jail, pw->name,
                (unsigned long)jp.uid, (unsigned long)pw->uid);
  return groups(jailfd, jail, pw, 0, why, len);
}

int jailuser_write(int jailfd, const char *jail, const struct pw_ent *pw,
                   const char *home, const char *shell, char *why,
                   size_t len)
{
  char line[PW_LINE_MAX], w[JAIL_WHY_MAX];

  if (groups(jailfd, jail, pw, 1, why, len)) return -1;
  if (snprintf(line, sizeof(line), "%s:x:%lu:%lu:%s:%s:%s", pw->name,
               (unsigned long)pw->uid, (unsigned long)pw->gid, pw->gecos,
               home, shell) >= (int)sizeof(line))
    return why_fail(why, len, ERANGE, "%s/" JAIL_PASSWD_REL ": the line of %s "
                "would be too long", jail, pw->name);
  if (pwfile_set(jailfd, JAIL_PASSWD_REL, pw->name, line, w, sizeof(w)))
    return why_fail(why, len, errno, "%s/%s", jail, w);
  return 0;
}

static int mk_fail(int fd, const char *jail, const char *path, size_t n,
                   int err, const char *msg, char *why, size_t len)
{
  close(fd);
  return why_fail(why, len, err, "%s%.*s: %s", jail, (int)n, path,
              msg ? msg : strerror(err));
}

int jailuser_mkparents(int jailfd, const char *jail, const char *path,
                       char *base, size_t blen, int *made, char *why,
                       size_t len)
{
  int fd = fcntl(jailfd, F_DUPFD_CLOEXEC, 3), nfd;
  const char *p = path;
  char comp[NAME_MAX + 1];
  struct stat st;
  size_t n;

  if (fd < 0) return why_fail(why, len, errno, "%s: %s", jail, strerror(errno));
  for (;;) {
    p += strspn(p, "/");
    n = strcspn(p, "/");
    if (!n || n > NAME_MAX || n >= blen || (n == 1 && *p == '.') ||
        (n == 2 && !memcmp(p, "..", 2)))
      return mk_fail(fd, jail, path, strlen(path), EINVAL,
                     "not a plain absolute path", why, len);
    memcpy(comp, p, n);
    comp[n] = 0;
    p += n;
    if (!p[strspn(p, "/")]) break;
    if (!mkdirat(fd, comp, 0755)) {
      if (made) ++*made;
    } else if (errno != EEXIST)
      return mk_fail(fd, jail, path, p - path, errno, 0, why, len);
    nfd = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (nfd < 0)
      return mk_fail(fd, jail, path, p - path, errno,
                     !fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) &&
                     S_ISLNK(st.st_mode) ? "a symlink (refused)" : 0,
                     why, len);
    close(fd);
    fd = nfd;
  }
  memcpy(base, comp, n + 1);
  return fd;
}

/* Undo jailuser_mkparents: remove the last made of the directories that
 * hold path, deepest first, each through its parent's fd (none followed
 * if a symlink; a directory no longer empty stays). */
void jailuser_rmparents(int jailfd, const char *path, int made)
{
  int fds[64], depth = 0, whole = 0, i;
  char comp[64][NAME_MAX + 1];
  const char *p = path;
  size_t n;

  fds[0] = jailfd;
  while (made > 0 && depth < 63) {
    p += strspn(p, "/");
    n = strcspn(p, "/");
    if (!n || n > NAME_MAX) break;
    if (!p[n + strspn(p + n, "/")]) {   /* the home itself: not a parent */
      whole = 1;
      break;
    }
    memcpy(comp[depth], p, n);
    comp[depth][n] = 0;
    p += n;
    fds[depth + 1] = openat(fds[depth], comp[depth],
                            O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fds[depth + 1] < 0) break;
    depth++;
  }
  for (i = depth; i > 0; i--) {     /* deepest first; all, or none */
    close(fds[i]);
    if (whole && made-- > 0) unlinkat(fds[i - 1], comp[i - 1], AT_REMOVEDIR);
  }
}
