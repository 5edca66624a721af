/* jk_procmailwrapper: run procmail as the recipient, inside their jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_procmailwrapper.8. Differences: docs/differences.md.
 *
 * Installed setuid root and named in the MTA in place of procmail; the MTA
 * runs it with the recipient's uid and gid. A user whose home has no jail
 * separator (JAIL/./HOME) gets the host's procmail with their own ids; a
 * jailed user gets the jail checked, entered through its descriptor, and
 * the jail's /usr/bin/procmail run as the user. There are no options of
 * our own: every argument is procmail's. The exit statuses are 2.23's:
 *   11 not setuid root, or run by root (jailed); 13 user or group unknown;
 *   15 passwd gid is not the caller's gid; 17 no usable jail in the home;
 *   19 jail cannot be entered; 21 jail path not canonical; 53 jail, home
 *   or procmail not safe; 33 chroot; 34 setgid; 35 setgroups, or the user
 *   or group missing in the jail; 36 setuid; 37 name differs in the jail;
 *   39 home differs in the jail; 41 cannot enter the home;
 *   126/127 procmail cannot be executed (2.23: 111 jailed, 1 not jailed).
 * What changed: the environment is emptied before anything reads it and
 * rebuilt; inherited descriptors (fd 3 too) are closed; "jailed" means a
 * /./ in the home, not any dot; the groups are always set, from the
 * host's /etc/group; every failure is fatal and logged (LOG_AUTH).
 */
//applet: jk_procmailwrapper AF_SUID|AF_SBIN
//usage: jk_procmailwrapper [PROCMAIL-ARGUMENT...]
//usage:
//usage: For the MTA, in place of procmail: run /usr/bin/procmail as the
//usage: calling user, with the arguments given. For a user whose home is
//usage: JAIL/./HOME, the jail is checked and entered first and the jail's
//usage: /usr/bin/procmail is run there. Every argument is procmail's;
//usage: refusals go to syslog (auth) and stderr.
#include "jk.h"

#define PROCMAIL "/usr/bin/procmail"    /* 2.23's PROCMAILPATH, jail too */
#define HOST_PASSWD "/etc/passwd"
#define HOST_GROUP "/etc/group"
#define JAIL_PASSWD "/etc/passwd"       /* read after the chroot */
#define JAIL_GROUP "/etc/group"
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/* What procmail keeps of its caller's environment: TZ always, the rest
 * with -p (what MTAs export about the message). Nothing else crosses. */
static const char *const keep_vars[] = {
  "TZ", "SENDER", "RECIPIENT", "ORIGINAL_RECIPIENT", "EXTENSION", "DOMAIN",
  "LOCAL",
};

static char **caller_env;           /* as we got it; environ is empty */
static char why[JAIL_WHY_MAX];       /* the reason a step failed */
static struct jail_env env;
static char pw_buf[PW_LINE_MAX], gr_buf[PW_LINE_MAX];
static struct pw_ent pw;
static struct gr_ent gr;
static const char *who;             /* the user's name, once known */
static char jail[PATH_MAX], home[PATH_MAX];
static int jail_fd = -1, home_fd = -1;
static struct stat home_st;
static gid_t groups[JAIL_GROUPS_MAX];
static int ngroups;

static void __attribute__((noreturn, format(printf, 2, 3)))
refuse(int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  suid_vrefuse(code, who, fmt, ap);
}

/* by the real uid only, as 2.23 (getpwuid): $USER is the caller's */
static void find_user(void)
{
  if (suid_find_user(0, &pw, pw_buf, sizeof(pw_buf), why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
  who = pw.name;
}

static void set_env(const char *name, const char *value)
{
  if (jail_env_set(&env, name, value))
    refuse(1, "environment too large setting %s", name);
}

/* procmail's environment: keep_vars as the caller had them, ours on top */
static void make_env(const char *dir)
{
  size_t i;

  for (i = 0; i < sizeof(keep_vars) / sizeof(*keep_vars); i++)
    if (jail_env_keep(&env, caller_env, keep_vars[i]))
      refuse(1, "environment: cannot keep %s: %s", keep_vars[i],
             strerror(errno));
  set_env("PATH", DEFAULT_PATH);
  set_env("HOME", dir);
  set_env("USER", pw.name);
  set_env("LOGNAME", pw.name);
}

/* the user's groups, read already (ngroups: the count or minus the
 * errno) */
static void check_groups(void)
{
  if (suid_check_groups(ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_GROUPS, "%s", why);
}

/* root stays root (2.23 ran root's procmail as root), with root's groups;
 * anyone else for good, capabilities cleared */
static void become_user(gid_t gid)
{
  int step = 0, code;

  if (!pw.uid) {
    if (setresgid(gid, gid, gid)) step = JAIL_DROP_GID;
    else if (setgroups(ngroups, groups)) step = JAIL_DROP_GROUPS;
    else if (setresuid(0, 0, 0)) step = JAIL_DROP_UID;
  } else step = jail_drop(pw.uid, gid, groups, ngroups);
  code = suid_drop_status(step, pw.uid, gid, why, sizeof(why));
  if (code) refuse(code, "%s", why);
}

/* procmail gets our argv[1..]; argv[0] is its path */
static void __attribute__((noreturn)) run_procmail(int argc, char **argv)
{
  char **args = xmalloc((argc + 2) * sizeof(*args));
  int i, err;

  args[0] = PROCMAIL;
  for (i = 1; i < argc; i++) args[i] = argv[i];
  args[argc > 0 ? argc : 1] = 0;
  execve(PROCMAIL, args, env.v);
  err = errno;
  refuse(suid_exec_status(err), "cannot execute %s%s%s: %s", PROCMAIL,
         *jail ? " in jail " : "", jail, strerror(err));
}

/* A home without /./: the host's procmail, with the caller's real gid
 * as 2.23 (setgid(getgid()), initgroups) and the user's groups. */
static void __attribute__((noreturn)) plain(int argc, char **argv)
{
  make_env(pw.dir);
  ngroups = gr_groups(HOST_GROUP, pw.name, getgid(), groups,
                      JAIL_GROUPS_MAX);
  if (ngroups < 0) ngroups = -errno;
  check_groups();
  become_user(getgid());
  run_procmail(argc, argv);
}

/* ---- the jailed user ---- */

static void check_ids(void)
{
  if (geteuid())
    refuse(SUID_EXIT_NOT_SETUID, "effective user id is not 0: "
           "jk_procmailwrapper must be setuid root");
  if (!getuid()) refuse(SUID_EXIT_NOT_SETUID,
                        "run by root: root is never jailed");
}

/* the group of the real gid; the same read of /etc/group gives the
 * user's groups (with the real gid, which must be the passwd gid) */
static void find_group(void)
{
  if (suid_find_group(getgid(), pw.name, &gr, gr_buf, sizeof(gr_buf),
                      groups, &ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
  if (pw.gid != getgid())
    refuse(SUID_EXIT_GID, "primary group %u in %s is not the caller's group %u",
           (unsigned)pw.gid, HOST_PASSWD, (unsigned)getgid());
}

static void find_jail(void)
{
  char clean[PATH_MAX];

  if (jail_split_home(pw.dir, jail, sizeof(jail), home, sizeof(home)))
    refuse(SUID_EXIT_NO_JAIL,
           "home %s: the jail before /./ must be an absolute "
           "path of at least %d characters", pw.dir, JAIL_MIN);
  if (path_clean(clean, sizeof(clean), home))
    refuse(SUID_EXIT_NO_JAIL, "home %s: '..' refused", home);
}

/* every component of the jail's path, the jail and its top directories;
 * the fd kept is what was checked (2.23's statuses: chdir 19, getcwd
 * comparison 21, testsafepath 53) */
static void open_jail(void)
{
  jail_fd = jail_open(jail, why, sizeof(why));
  if (jail_fd >= 0) return;
  refuse(jail_open_status(errno), "jail %s is not safe: %s", jail, why);
}

/* 2.23: the home exists, is no symlink and is the user's */
static void check_home(void)
{
  home_fd = jail_walk(jail_fd, jail, home, 0, why, sizeof(why));
  if (home_fd < 0) refuse(SUID_EXIT_UNSAFE, "home is not safe: %s", why);
  if (fstat(home_fd, &home_st))
    refuse(SUID_EXIT_UNSAFE, "home %s in jail %s: %s", home, jail,
           strerror(errno));
  if (!S_ISDIR(home_st.st_mode))
    refuse(SUID_EXIT_UNSAFE,
           "home %s in jail %s is not a directory", home, jail);
  if (home_st.st_uid != pw.uid)
    refuse(SUID_EXIT_UNSAFE,
           "home %s in jail %s is owned by uid %u, not by the "
           "user", home, jail, (unsigned)home_st.st_uid);
}

/* The jail's procmail, reached without symlinks through root's
 * directories: a setuid one would be a way out of the jail, one others
 * can write a way into the account (2.23 ignored its own check). */
static void check_procmail(void)
{
  struct stat st;
  int fd = jail_walk(jail_fd, jail, PROCMAIL, JAIL_WALK_STRICT, why,
                     sizeof(why));

  if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
    refuse(SUID_EXIT_NOTFOUND, "no procmail in jail: %s", why);
  if (fd < 0) refuse(SUID_EXIT_UNSAFE, "procmail is not safe: %s", why);
  if (fstat(fd, &st))
    refuse(SUID_EXIT_UNSAFE,
           "%s in jail %s: %s", PROCMAIL, jail, strerror(errno));
  close(fd);
  if (!S_ISREG(st.st_mode))
    refuse(SUID_EXIT_NOEXEC, "%s in jail %s is not a regular file", PROCMAIL,
           jail);
  if (suid_check_exec(&st, pw.uid, "", PROCMAIL, jail, why, sizeof(why)))
    refuse(SUID_EXIT_UNSAFE, "%s", why);
}

static void enter_jail(void)
{
  char name[sizeof(jail)];
  int code;

  xstrlcpy(name, jail, sizeof(name));
  suid_printable(name);
  log_msg(LOG_INFO, "now entering jail %s for user %s (%u)", name, who,
          (unsigned)pw.uid);
  code = suid_enter(&jail_fd, jail, why, sizeof(why));
  if (code) refuse(code, "%s", why);
}

/* as the user: the jail's entries for the uid and gid must name the same
 * user and group and the same home (2.23's getpwuid/getgrgid checks) */
static void check_injail(void)
{
  char pbuf[PW_LINE_MAX], gbuf[PW_LINE_MAX];
  struct pw_ent jpw;
  struct gr_ent jgr;
  int r;

  r = pw_byuid(JAIL_PASSWD, pw.uid, &jpw, pbuf, sizeof(pbuf));
  if (r < 0)
    refuse(SUID_EXIT_GROUPS,
           "%s in the jail: %s", JAIL_PASSWD, strerror(errno));
  if (!r) refuse(SUID_EXIT_GROUPS, "no uid %u in the jail's %s",
                 (unsigned)pw.uid, JAIL_PASSWD);
  r = gr_bygid(JAIL_GROUP, pw.gid, &jgr, gbuf, sizeof(gbuf));
  if (r < 0)
    refuse(SUID_EXIT_GROUPS, "%s in the jail: %s", JAIL_GROUP, strerror(errno));
  if (!r) refuse(SUID_EXIT_GROUPS, "no group %u in the jail's %s",
                 (unsigned)pw.gid, JAIL_GROUP);
  if (strcmp(jpw.name, pw.name))
    refuse(SUID_EXIT_NAME, "uid %u is %s in the jail's %s, not %s",
           (unsigned)pw.uid, jpw.name, JAIL_PASSWD, pw.name);
  if (strcmp(jgr.name, gr.name))
    refuse(SUID_EXIT_NAME, "group %u is %s in the jail's %s, not %s",
           (unsigned)pw.gid, jgr.name, JAIL_GROUP, gr.name);
  if (!suid_dirs_equal(jpw.dir, home))
    refuse(SUID_EXIT_HOME, "home of %s in the jail's %s is %s, not %s", pw.name,
           JAIL_PASSWD, jpw.dir, home);
}

/* by name as the user, and it must be the directory that was checked */
static void go_home(void)
{
  if (suid_go_home(home, &home_st, jail, why, sizeof(why)))
    refuse(SUID_EXIT_CHDIR_HOME, "%s", why);
  close(home_fd);
  home_fd = -1;
}

static void __attribute__((noreturn)) jailed(int argc, char **argv)
{
  check_ids();
  find_group();
  find_jail();
  open_jail();
  check_home();
  check_procmail();
  check_groups();
  make_env(home);
  enter_jail();
  become_user(pw.gid);
  check_injail();
  go_home();
  run_procmail(argc, argv);
}

int jk_procmailwrapper_main(int argc, char **argv)
{
  caller_env = jail_env_take();     /* before anything can read it */
  close_from(3);
  log_open("jk_procmailwrapper", LOG_AUTH, LOG_TO_SYSLOG);
  find_user();
  if (strstr(pw.dir, JAIL_SEP)) jailed(argc, argv);
  plain(argc, argv);
}
