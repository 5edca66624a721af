/* jk_chrootsh: setuid login shell that puts the user in a chroot jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_chrootsh.8. Differences: docs/differences.md.
 *
 * The host's /etc/passwd gives the user the shell jk_chrootsh and the home
 * JAIL/./HOME (or a "jail = DIR" key of /etc/jailkit/jk_chrootsh.ini names
 * the jail and the home stays a plain path). At login we check the jail,
 * enter it, become the user, check the jail's own passwd and group entries
 * and run the shell they name. The steps, their order and their exit
 * statuses are those of jailkit 2.23, because scripts and admins know
 * them:
 *   11 not setuid root; 12 run by root; 13 user or group unknown;
 *   14 /etc/jailkit or the config not safe; 15 passwd gid is not the
 *   caller's gid; 16 no home; 17 no jail in the home; 19 jail cannot be
 *   entered; 21 jail path not canonical (a symlink, ".", ".."); 53 jail,
 *   home or shell not safe; 33 chroot; 34 setgid; 35 setgroups or the
 *   user or group missing in the jail; 36 setuid; 37 name differs in the
 *   jail; 39 home differs in the jail; 41 cannot enter the home;
 *   126/127 the shell cannot be executed (2.23: 111); 1 usage and config
 *   errors.
 * What changed: nothing of the caller is trusted. The environment is
 * emptied before anything can read it and rebuilt from the env whitelist;
 * inherited descriptors are closed first; every component of the jail's
 * path is checked (root-owned, not writable by group or others, no
 * symlink) through descriptors, and the jail is entered by its fd
 * (fchdir + chroot(".")), so nothing is looked up twice by name; the
 * groups are always set, from the host's /etc/group; every failure is
 * fatal and logged (LOG_AUTH) with its reason, on stderr too.
 */
//applet: jk_chrootsh AF_SUID|AF_SBIN
//usage: jk_chrootsh [-l] [-c COMMAND [ARG...] | FILE [ARG...]]
//usage: jk_chrootsh --check USER
//usage:
//usage: Login shell for jailed users: enter the jail of the caller's home
//usage: (JAIL/./HOME) or of the jail key in /etc/jailkit/jk_chrootsh.ini,
//usage: become the user and run the shell of the jail's /etc/passwd with
//usage: the arguments given. Refusals go to syslog (auth) and stderr.
//usage:
//usage:  -c COMMAND    the shell runs COMMAND (what sshd and su pass)
//usage:  -l, --login   start the shell as a login shell ("-sh")
//usage:  --check USER  (root) show each check a login of USER would pass
//usage:                or fail, without running anything; status 0 if
//usage:                the login would be allowed
//usage:  -h, --help    show this help
#include "jk.h"

#define CONFIG_DIR JK_ETC
#define CONFIG_NAME "jk_chrootsh.ini"
#define CONFIG JK_ETC "/" CONFIG_NAME
#define HOST_PASSWD "/etc/passwd"
#define HOST_GROUP "/etc/group"
#define JAIL_PASSWD "/etc/passwd"       /* read after the chroot */
#define JAIL_GROUP "/etc/group"
#define DEFAULT_SHELL "/bin/sh"         /* for an empty shell field */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"
#define MAX_RLIMITS 16
#define NAME_MAX_ENV 256                /* one name of the env list */
#define LOG_ARGS_MAX 600                /* arguments quoted in the log */
#define SHELL_ARGS_LOCAL 16             /* the shell's argv without malloc */


/* signals the supervisors of a private pid namespace pass on, and those
 * of the terminal that must not stop them */
static const int fwd_signals[] = {
  SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM
};
#define NFWD (int)(sizeof(fwd_signals) / sizeof(*fwd_signals))
static const int stop_signals[] = { SIGTSTP, SIGTTIN, SIGTTOU };
#define NSTOP (int)(sizeof(stop_signals) / sizeof(*stop_signals))

static const struct {
  const char *name;
  int res;
} rlimit_names[] = {
  { "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
  { "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
  { "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
  { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
  { "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
  { "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
  { "sigpending", RLIMIT_SIGPENDING }, { "stack", RLIMIT_STACK },
};

/* the keys of a section, besides rlimit_NAME */
static const char *const known_keys[] = {
  "env", "relax_home_group_permissions", "relax_home_other_permissions",
  "relax_home_group", "relax_home_owner", "injail_shell",
  "skip_injail_passwd_check", "injail_login_shell", "jail", "umask",
  "no_new_privs", "hostname", "unshare_pid", "unshare_ipc", "kill_session",
};

/* the command line */
static char **caller_env;           /* as we got it; environ is empty */
static char why[JAIL_WHY_MAX];       /* the reason a step failed */
static const char *check_user;      /* --check USER */
static int check_mode, check_child, login;
static const char *command;         /* -c */
static char **rest;                 /* arguments after the options */
static int nrest;

/* the user, from the host's files */
static char pw_buf[PW_LINE_MAX], gr_buf[PW_LINE_MAX];
static struct pw_ent pw;
static struct gr_ent gr;
static const char *who;             /* the user's name, once known */

/* the config section's settings; a key that is absent is off */
static struct ini ini;
static const struct ini_sec *sec;
static int relax_owner, relax_group, relax_gperm, relax_operm;
static int skip_check, injail_login, no_new_privs, unshare_pid, unshare_ipc;
static const char *injail_shell, *jail_key, *hostname, *env_list;
static long umask_value = -1;
static struct {
  int res;
  const char *name;
  rlim_t value;
} limits[MAX_RLIMITS];
static int nlimits;

/* the jail */
static char jail[PATH_MAX], home[PATH_MAX];
static int jail_fd = -1, home_fd = -1;
static struct stat home_st;
static gid_t groups[JAIL_GROUPS_MAX];
static int ngroups;                 /* or minus the errno of the search */
static struct jail_env env;
static char jpw_buf[PW_LINE_MAX];
static struct pw_ent jpw;           /* the user in the jail's passwd */
static char shell[PATH_MAX];

/* --check: a step that passed */
static void __attribute__((format(printf, 1, 2))) print_ok(const char *fmt,
                                                           ...)
{
  char msg[900];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  suid_printable(msg);
  printf("ok    %s\n", msg);
}
/* a login skips even the call (a variadic call costs ~20 instructions) */
#define passed(...) do { if (check_mode) print_ok(__VA_ARGS__); } while (0)

/* A step failed: the login is refused with 2.23's status for the step,
 * the reason goes to syslog and stderr. --check prints it, status 1. */
static void __attribute__((noreturn, format(printf, 2, 3)))
refuse(int code, const char *fmt, ...)
{
  char msg[900];
  va_list ap;

  va_start(ap, fmt);
  if (!check_mode) suid_vrefuse(code, who, fmt, ap);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  suid_printable(msg);
  printf("FAIL  %s\nlogin refused (status %d)\n", msg, code);
  fflush(stdout);
  if (check_child) _exit(1);
  exit(1);
}

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "check", required_argument, 0, 'C' },
    { "login", no_argument, 0, 'l' },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
  };
  int opt;

  /* a login shell is started as "-NAME" (login, sshd, su -) */
  login = argv[0] && argv[0][0] == '-';
  opterr = 0;
  while (!command &&
         (opt = getopt_long(argc, argv, "+:c:lh", longopts, 0)) != -1) {
    switch (opt) {
    /* as sh -c: what follows the command are its $0, $1 ... */
    case 'c': command = optarg; break;
    case 'l': login = 1; break;
    case 'C': check_user = optarg; break;
    case 'h': applet_help(); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  rest = argv + optind;
  nrest = argc - optind;
  if (check_user && (command || nrest || login))
    usage_exit("--check takes a user name and nothing else");
  check_mode = !!check_user;
}

/* 2.23's first checks: setuid root, and not started by root. --check is
 * for root only. */
static void check_ids(void)
{
  if (check_mode) {
    if (getuid() || geteuid()) error_exit("--check: must be run as root");
    return;
  }
  if (!suid_privileged())
    refuse(SUID_EXIT_NOT_SETUID, "effective user id is not 0: jk_chrootsh must "
           "be setuid root (or have the capabilities setuid, setgid and "
           "sys_chroot)");
  if (!getuid()) refuse(SUID_EXIT_ROOT, "run by root: root is never jailed");
}

/* The account: by name when $USER is set (several names may share a
 * uid), else by the real uid; either way its uid must be the caller's. */
static void find_user(void)
{
  const char *name = check_mode ? check_user : jail_env_var(caller_env, "USER");

  if (suid_find_user(name, &pw, pw_buf, sizeof(pw_buf), why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
  if (!check_mode && pw.uid != getuid())
    refuse(SUID_EXIT_USER, "$USER is %s, whose uid %u is not the caller's %u",
           pw.name, (unsigned)pw.uid, (unsigned)getuid());
  if (check_mode && !pw.uid)
    refuse(SUID_EXIT_ROOT, "user %s has uid 0: root is never jailed", pw.name);
  who = pw.name;
  passed("user %s: uid %u, gid %u, home %s", pw.name, (unsigned)pw.uid,
         (unsigned)pw.gid, pw.dir);
}

/* the group of the real gid (a login's is the passwd gid); the same read
 * of /etc/group gives the user's groups, for find_groups() */
static void find_group(void)
{
  gid_t gid = check_mode ? pw.gid : getgid();

  if (suid_find_group(gid, pw.name, &gr, gr_buf, sizeof(gr_buf), groups,
                      &ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
  passed("group %s: gid %u", gr.name, (unsigned)gid);
}

/* a flag (suid_ini_flag); absent is off */
static int flag(const char *key)
{
  int on = suid_ini_flag(&ini, sec, key, CONFIG, why, sizeof(why));

  if (on < 0) refuse(1, "%s", why);
  return on;
}

static const char *string(const char *key, int absolute)
{
  const struct ini_kv *kv = ini_find(&ini, sec, key);

  if (!kv) return 0;
  if (!*kv->val) refuse(1, "%s:%d: %s: empty value", CONFIG, kv->line, key);
  if (absolute && *kv->val != '/')
    refuse(1, "%s:%d: %s: '%s' is not an absolute path", CONFIG, kv->line,
           key, kv->val);
  if (strlen(kv->val) >= PATH_MAX)
    refuse(1, "%s:%d: %s: value too long", CONFIG, kv->line, key);
  return kv->val;
}

/* rlimit_NAME = N | unlimited: soft and hard limit */
static void add_rlimit(const struct ini_kv *kv)
{
  size_t i;
  long v;

  for (i = 0; i < sizeof(rlimit_names) / sizeof(*rlimit_names); i++)
    if (!strcasecmp(kv->key + 7, rlimit_names[i].name)) break;
  if (i == sizeof(rlimit_names) / sizeof(*rlimit_names))
    refuse(1, "%s:%d: unknown key '%s' in [%s]", CONFIG, kv->line, kv->key,
           sec->name);
  if (nlimits == MAX_RLIMITS)
    refuse(1, "%s:%d: too many rlimit keys (max %d)", CONFIG, kv->line,
           MAX_RLIMITS);
  limits[nlimits].res = rlimit_names[i].res;
  limits[nlimits].name = rlimit_names[i].name;
  if (!strcasecmp(kv->val, "unlimited")) limits[nlimits].value = RLIM_INFINITY;
  else if (!parse_long(kv->val, 0, LONG_MAX, &v)) limits[nlimits].value = v;
  else refuse(1, "%s:%d: %s: '%s' is not a number or 'unlimited'", CONFIG,
              kv->line, kv->key, kv->val);
  passed("limit %s: %s", kv->key, kv->val);
  nlimits++;
}

static void read_settings(void)
{
  const struct ini_kv *kv;
  const char *v;
  size_t k;
  int i;

  for (i = sec->first; i < sec->first + sec->count; i++) {
    kv = &ini.kv[i];
    if (!strncasecmp(kv->key, "rlimit_", 7)) {
      add_rlimit(kv);
      continue;
    }
    for (k = 0; k < sizeof(known_keys) / sizeof(*known_keys); k++)
      if (!strcasecmp(kv->key, known_keys[k])) break;
    if (k == sizeof(known_keys) / sizeof(*known_keys))
      refuse(1, "%s:%d: unknown key '%s' in [%s]", CONFIG, kv->line,
             kv->key, sec->name);
  }
  relax_owner = flag("relax_home_owner");
  relax_group = flag("relax_home_group");
  relax_gperm = flag("relax_home_group_permissions");
  relax_operm = flag("relax_home_other_permissions");
  injail_shell = string("injail_shell", 1);
  /* as in 2.23: only a shell given here makes the passwd check optional */
  skip_check = injail_shell && flag("skip_injail_passwd_check");
  injail_login = flag("injail_login_shell");
  jail_key = string("jail", 1);
  no_new_privs = flag("no_new_privs");
  unshare_pid = flag("unshare_pid");
  unshare_pid |= flag("kill_session");
  unshare_ipc = flag("unshare_ipc");
  hostname = string("hostname", 0);
  if (hostname && strlen(hostname) > 64)
    refuse(1, "%s: hostname: longer than 64 bytes", CONFIG);
  env_list = ini_get(&ini, sec, "env");
  if ((v = string("umask", 0))) {
    if (strlen(v) > 4 || v[strspn(v, "01234567")])
      refuse(1, "%s: umask: '%s' is not an octal mode", CONFIG, v);
    umask_value = strtol(v, 0, 8);
  }
  passed("settings: relax_home_owner %s, relax_home_group %s, "
         "relax_home_group_permissions %s, relax_home_other_permissions %s",
         relax_owner ? "yes" : "no", relax_group ? "yes" : "no",
         relax_gperm ? "yes" : "no", relax_operm ? "yes" : "no");
  if (injail_shell)
    passed("injail_shell %s%s", injail_shell,
           skip_check ? ", in-jail passwd check skipped" : "");
  if (injail_login) passed("injail_login_shell: always a login shell");
  if (no_new_privs) passed("no_new_privs: yes");
  if (umask_value >= 0) passed("umask %03lo", umask_value);
  if (unshare_pid)
    passed("private pid namespace: the session ends with its shell");
  if (unshare_ipc) passed("private ipc namespace");
  if (hostname) passed("hostname %s (private uts namespace)", hostname);
}

/* /etc/jailkit must be safe (2.23 checked it, even without a config);
 * the config is read through its descriptor: root's, not writable by
 * others. A missing file means defaults for everyone. */
static void load_config(void)
{
  switch (jail_config_load(&ini, CONFIG_DIR, CONFIG_NAME, why, sizeof(why))) {
  case JAIL_CFG_ABSENT:
    passed("config %s: absent, defaults for everyone", CONFIG);
    return;
  case JAIL_CFG_UNSAFE: refuse(SUID_EXIT_CONFIG_DIR, "%s", why);
  case JAIL_CFG_BAD: refuse(1, "%s", why);
  }
  sec = jail_section(&ini, pw.name, gr.name);
  if (!sec) {
    passed("config %s: no section [%s], [group %s] or [DEFAULT]: defaults",
           CONFIG, pw.name, gr.name);
    return;
  }
  passed("config %s: section [%s] (line %d)", CONFIG, sec->name, sec->line);
  read_settings();
}

/* The new environment: the names of env, as the caller had them (2.23:
 * no list, nothing kept); LD_* never. */
static void keep_env(void)
{
  const char *cur = env_list;
  char name[NAME_MAX_ENV];
  int r;

  while ((r = ini_list_next(&cur, name, sizeof(name))) > 0) {
    if (!jail_env_keep(&env, check_mode ? 0 : caller_env, name)) continue;
    if (errno != EPERM)
      refuse(1, "%s: env: '%s': %s", CONFIG, name, errno == E2BIG
             ? "too many variables" : "not a variable name");
    if (check_mode) print_ok("env: %s is never passed on", name);
    else log_msg(LOG_WARNING, "user %s: env: %s is never passed on", who,
                 name);
  }
  if (r < 0) refuse(1, "%s: env: a name is too long", CONFIG);
  if (env_list) passed("env: passes on %s", env_list);
  else passed("env: passes on nothing from the caller");
}

/* The jail: from "jail =", or from the home JAIL/./HOME as in 2.23. */
static void find_jail(void)
{
  char clean[PATH_MAX];

  if (!check_mode && pw.gid != getgid())
    refuse(SUID_EXIT_GID, "primary group %u in %s is not the caller's group %u",
           (unsigned)pw.gid, HOST_PASSWD, (unsigned)getgid());
  if (!*pw.dir) refuse(SUID_EXIT_NO_HOME,
                       "no home directory in %s", HOST_PASSWD);
  if (jail_key) {
    if (strstr(pw.dir, JAIL_SEP))
      refuse(SUID_EXIT_NO_JAIL, "home %s has a jail separator /./ and %s names "
             "a jail too", pw.dir, CONFIG);
    if (*pw.dir != '/')
      refuse(SUID_EXIT_NO_JAIL, "home %s is not an absolute path", pw.dir);
    xstrlcpy(jail, jail_key, sizeof(jail));
    xstrlcpy(home, pw.dir, sizeof(home));
  } else if (jail_split_home(pw.dir, jail, sizeof(jail), home,
                             sizeof(home))) {
    if (errno == ENOENT)
      refuse(SUID_EXIT_NO_JAIL,
             "home %s has no jail separator /./ (and no jail "
             "key in %s)", pw.dir, CONFIG);
    refuse(SUID_EXIT_NO_JAIL,
           "home %s: the jail before /./ must be an absolute "
           "path of at least %d characters", pw.dir, JAIL_MIN);
  }
  if (path_clean(clean, sizeof(clean), home))
    refuse(SUID_EXIT_NO_JAIL, "home %s: '..' refused", home);
  passed("jail %s%s, home in the jail %s", jail,
         jail_key ? " (jail key)" : "", home);
}

/* Every component of the jail's path, the jail and its top directories;
 * the fd we keep is what was checked. */
static void open_jail(void)
{
  jail_fd = jail_open(jail, why, sizeof(why));
  if (jail_fd >= 0) {
    passed("jail %s: every directory of its path owned by root, not "
           "writable by group or others, no symlink", jail);
    return;
  }
  refuse(jail_open_status(errno), "jail %s is not safe: %s", jail, why);
}

/* The home, reached from the jail's fd without following a symlink; owner,
 * group and mode as 2.23 checked them, unless relaxed. */
/* The home's host path, for messages: a cut name does no harm there. */
static const char *home_name(void)
{
  static char name[PATH_MAX];

  if (snprintf(name, sizeof(name), "%s%s", jail, strcmp(home, "/") ? home
               : "") >= (int)sizeof(name))
    memcpy(name + sizeof(name) - 4, "...", 4);
  return name;
}

static void check_home(void)
{
  home_fd = jail_walk(jail_fd, jail, home, 0, why, sizeof(why));
  if (home_fd < 0)
    refuse(SUID_EXIT_UNSAFE, "home %s is not safe: %s", home_name(), why);
  if (sys_fstat(home_fd, &home_st))
    refuse(SUID_EXIT_UNSAFE, "home %s: %s", home_name(), strerror(errno));
  if (S_ISLNK(home_st.st_mode))
    refuse(SUID_EXIT_UNSAFE, "home %s is a symlink", home_name());
  if (!S_ISDIR(home_st.st_mode))
    refuse(SUID_EXIT_UNSAFE, "home %s is not a directory", home_name());
  if (!relax_owner && home_st.st_uid != pw.uid)
    refuse(SUID_EXIT_UNSAFE, "home %s is owned by uid %u, not by the user (see "
           "relax_home_owner)", home_name(), (unsigned)home_st.st_uid);
  if (!relax_group && home_st.st_gid != pw.gid)
    refuse(SUID_EXIT_UNSAFE, "home %s has group %u, not the user's %u (see "
           "relax_home_group)", home_name(), (unsigned)home_st.st_gid,
           (unsigned)pw.gid);
  if (!relax_gperm && (home_st.st_mode & S_IWGRP))
    refuse(SUID_EXIT_UNSAFE, "home %s is writable by group (see "
           "relax_home_group_permissions)", home_name());
  if (!relax_operm && (home_st.st_mode & S_IWOTH))
    refuse(SUID_EXIT_UNSAFE, "home %s is writable by others (see "
           "relax_home_other_permissions)", home_name());
  if (check_mode)
    passed("home %s: a directory, owner, group and mode fit", home_name());
}

/* the user's groups: the host's /etc/group, as a login through sshd or
 * login(1) would have set them (2.23 kept whatever the caller had); read
 * by find_group() with the real gid, which find_jail() made sure is the
 * passwd gid */
static void find_groups(void)
{
  char list[256];
  size_t off = 0;
  int i;

  if (suid_check_groups(ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_GROUPS, "%s", why);
  if (!check_mode) return;
  *list = 0;
  for (i = 0; i < ngroups && off < sizeof(list) - 16; i++)
    off += snprintf(list + off, sizeof(list) - off, "%s%u", i ? "," : "",
                    (unsigned)groups[i]);
  passed("groups (from %s): %s%s", HOST_GROUP, list, i < ngroups ? ",..."
         : "");
}

/* s appended to the log's argument text at *off (which counts on past
 * the end, as snprintf's return value does) */
static void add_arg(char *args, size_t *off, const char *s)
{
  size_t n = strlen(s), room;

  if (*off < LOG_ARGS_MAX - 1) {
    room = LOG_ARGS_MAX - 1 - *off;
    memcpy(args + *off, s, n < room ? n : room);
  }
  *off += n;
}

static void log_entry(void)
{
  char args[LOG_ARGS_MAX];
  size_t off = 0;
  int i;

  if (command) {
    add_arg(args, &off, "-c ");
    add_arg(args, &off, command);
  }
  for (i = 0; i < nrest && off < sizeof(args); i++) {
    if (off) add_arg(args, &off, " ");
    add_arg(args, &off, rest[i]);
  }
  if (off >= sizeof(args)) memcpy(args + sizeof(args) - 4, "...", 4);
  else args[off] = 0;
  suid_printable(args);
  log_msg(LOG_INFO, "now entering jail %s for user %s (%u) with arguments "
          "'%s'", jail, pw.name, (unsigned)pw.uid, args);
}

/* Through the checked descriptor: no path is looked up again. */
static void enter_jail(void)
{
  int code = suid_enter(&jail_fd, jail, why, sizeof(why));

  if (code) refuse(code, "%s", why);
}

static void become_user(void)
{
  int code = suid_drop_status(jail_drop(pw.uid, pw.gid, groups, ngroups),
                              pw.uid, pw.gid, why, sizeof(why));

  if (code) refuse(code, "%s", why);
  passed("became uid %u, gid %u with %d group%s; root cannot be regained",
         (unsigned)pw.uid, (unsigned)pw.gid, ngroups, ngroups == 1 ? ""
         : "s");
}

/* Inside the jail, as the user: the jail's own entries must agree with
 * the host's, unless injail_shell and skip_injail_passwd_check. */
static void check_injail(void)
{
  int code;

  if (skip_check) {
    passed("in-jail passwd check skipped (skip_injail_passwd_check)");
    return;
  }
  code = suid_check_passwd(pw.name, pw.uid, gr.name, pw.gid, &jpw, jpw_buf,
                           sizeof(jpw_buf), why, sizeof(why));
  if (code) refuse(code, "%s", why);
  if (!suid_dirs_equal(jpw.dir, home))
    refuse(SUID_EXIT_HOME, "home of %s in the jail's %s is %s, not %s", pw.name,
           JAIL_PASSWD, jpw.dir, home);
  passed("jail's %s and %s: user %s, uid %u, group %s, home %s",
         JAIL_PASSWD, JAIL_GROUP, pw.name, (unsigned)pw.uid, gr.name,
         jpw.dir);
}

/* injail_shell, else the jail's passwd shell (/bin/sh if empty). It runs
 * as the user, but a shell others can replace is a way into this
 * account, and a setuid one a way out of the jail: both refused. */
static void choose_shell(void)
{
  const char *sh = injail_shell;
  struct stat st;
  int err;

  if (!sh) sh = jpw.shell && *jpw.shell ? jpw.shell : DEFAULT_SHELL;
  if (*sh != '/')
    refuse(SUID_EXIT_NOTFOUND, "shell '%s' is not an absolute path", sh);
  xstrlcpy(shell, sh, sizeof(shell));
  if (sys_fstatat(AT_FDCWD, shell, &st, 0)) {
    err = errno;
    refuse(suid_exec_status(err), "shell %s in jail %s: %s", shell, jail,
           strerror(err));
  }
  if (!S_ISREG(st.st_mode))
    refuse(SUID_EXIT_NOEXEC, "shell %s in jail %s is not a regular file", shell,
           jail);
  if (suid_check_exec(&st, pw.uid, "shell", shell, jail, why, sizeof(why)))
    refuse(SUID_EXIT_UNSAFE, "%s", why);
  passed("shell %s: a regular file, not writable by group or others, not "
         "setuid", shell);
}

/* As the user, by name inside the jail (the permissions on the way are
 * the user's), and it must still be the directory that was checked. */
static void go_home(void)
{
  if (suid_go_home(home, &home_st, jail, why, sizeof(why)))
    refuse(SUID_EXIT_CHDIR_HOME, "%s", why);
  close(home_fd);
  home_fd = -1;
  passed("entered home %s as the user", home);
}

static void set_env(const char *name, const char *value)
{
  if (jail_env_set(&env, name, value))
    refuse(1, "environment too large setting %s", name);
}

/* rlimits and namespaces: as root, before the drop */
static void harden(void)
{
  struct rlimit rl;
  int i, flags = 0;

  for (i = 0; i < nlimits; i++) {
    rl.rlim_cur = rl.rlim_max = limits[i].value;
    if (setrlimit(limits[i].res, &rl))
      refuse(1, "cannot set rlimit_%s: %s", limits[i].name, strerror(errno));
  }
  if (hostname) flags |= CLONE_NEWUTS;
  if (unshare_ipc) flags |= CLONE_NEWIPC;
  if (unshare_pid) flags |= CLONE_NEWPID;
  if (flags && unshare(flags))
    refuse(1, "cannot make private namespaces: %s", strerror(errno));
  if (hostname && sethostname(hostname, strlen(hostname)))
    refuse(1, "cannot set the hostname %s: %s", hostname, strerror(errno));
}

static void no_handler(int sig)
{
  (void)sig;
}

/* Wait for pid, reaping every other child on the way, and pass the
 * forwarded signals on to it; its status is ours (a signal as 128+N, as
 * shells report it). The signals in fwd are blocked since before the
 * fork. A signal the terminal sent (SIGINT, SIGQUIT) reached pid's
 * process group already: only those sent by a process are passed on. */
static int supervise(pid_t pid, const sigset_t *fwd)
{
  sigset_t set = *fwd;
  siginfo_t si;
  int sig, status;
  pid_t got;

  sigaddset(&set, SIGCHLD);
  for (;;) {
    sig = sigwaitinfo(&set, &si);
    if (sig < 0) continue;       /* EINTR */
    if (sig != SIGCHLD) {
      if ((sig == SIGINT || sig == SIGQUIT) && si.si_code == SI_KERNEL)
        continue;
      kill(pid, sig);
      continue;
    }
    while ((got = waitpid(-1, &status, WNOHANG)) > 0)
      if (got == pid)
        return WIFEXITED(status) ? WEXITSTATUS(status)
               : 128 + WTERMSIG(status);
    if (got < 0 && errno == ECHILD) return 1;
  }
}

/* Signals blocked for the supervisors, with a do-nothing handler so that
 * pid 1 of a namespace gets them; the old state goes back in the child. */
static void supervise_signals(sigset_t *fwd, sigset_t *old_mask,
                              struct sigaction *old)
{
  struct sigaction sa = { .sa_handler = no_handler };
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  struct sigaction ign = { .sa_handler = SIG_IGN };
  int i;

  sigemptyset(fwd);
  for (i = 0; i < NFWD; i++) sigaddset(fwd, fwd_signals[i]);
  sigaddset(fwd, SIGCHLD);
  sigprocmask(SIG_BLOCK, fwd, old_mask);
  sigdelset(fwd, SIGCHLD);
  for (i = 0; i < NFWD; i++) sigaction(fwd_signals[i], &sa, &old[i]);
  sigaction(SIGCHLD, &dfl, &old[NFWD]);  /* SIG_IGN would reap for us */
  for (i = 0; i < NSTOP; i++)
    sigaction(stop_signals[i], &ign, &old[NFWD + 1 + i]);
}

static void restore_signals(const sigset_t *old_mask,
                            const struct sigaction *old)
{
  int i;

  for (i = 0; i < NFWD; i++) sigaction(fwd_signals[i], &old[i], 0);
  sigaction(SIGCHLD, &old[NFWD], 0);
  for (i = 0; i < NSTOP; i++)
    sigaction(stop_signals[i], &old[NFWD + 1 + i], 0);
  sigprocmask(SIG_SETMASK, old_mask, 0);
}

/* A private pid namespace: this process stays outside as the user and
 * waits; its child is pid 1 inside, goes on with the login, and forks the
 * shell in run_shell(). When pid 1 ends, the kernel kills everything
 * left in the namespace: the session ends with its shell. If the outer
 * process dies, pid 1 is killed too (PR_SET_PDEATHSIG). */
static sigset_t fwd_set, saved_mask;
static struct sigaction saved_act[NFWD + 1 + NSTOP];
static int pid1;

static void enter_pid_namespace(void)
{
  struct pollfd p;
  int alive[2];
  pid_t pid;

  supervise_signals(&fwd_set, &saved_mask, saved_act);
  if (pipe2(alive, O_CLOEXEC)) refuse(1, "pipe: %s", strerror(errno));
  pid = xfork();
  if (pid) {
    close(alive[0]);
    become_user();
    exit(supervise(pid, &fwd_set));
  }
  close(alive[1]);
  pid1 = 1;
  become_user();
  /* after the drop: a change of ids clears the parent-death signal */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
    refuse(1, "PR_SET_PDEATHSIG: %s", strerror(errno));
  /* nobody writes to it: readable means end of file, the parent is gone */
  p.fd = alive[0];
  p.events = POLLIN;
  if (poll(&p, 1, 0)) _exit(1);
  close(alive[0]);
}

/* argv and environment of the shell, then exec (or, as pid 1 of a private
 * namespace, fork it and wait) */
static void run_shell(void)
{
  const char *base = strrchr(shell, '/') + 1;
  char *local[SHELL_ARGS_LOCAL], **args = local;
  char arg0[PATH_MAX];
  int n = 0, i, err;
  pid_t pid;

  if (nrest + 4 > SHELL_ARGS_LOCAL)
    args = xmalloc((nrest + 4) * sizeof(*args));
  if (login || injail_login) {
    xsnprintf(arg0, sizeof(arg0), "-%s", base);
    args[n++] = arg0;
  } else args[n++] = shell;
  if (command) {
    args[n++] = "-c";
    args[n++] = (char *)command;
  }
  for (i = 0; i < nrest; i++) args[n++] = rest[i];
  args[n] = 0;
  if (!jail_env_get(&env, "PATH")) set_env("PATH", DEFAULT_PATH);
  set_env("HOME", home);
  set_env("USER", pw.name);
  set_env("USERNAME", pw.name);
  set_env("LOGNAME", pw.name);
  set_env("SHELL", shell);
  if (umask_value >= 0) umask(umask_value);
  if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
    refuse(1, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
  if (check_mode) {
    printf("ok    would run %s as '%s'%s\n", shell, args[0],
           command ? " with -c" : "");
    fflush(stdout);
    _exit(0);
  }
  if (pid1) {
    pid = xfork();
    if (pid) exit(supervise(pid, &fwd_set));
    restore_signals(&saved_mask, saved_act);
  }
  execve(shell, args, env.v);
  err = errno;
  refuse(suid_exec_status(err), "cannot execute %s in jail %s: %s", shell,
         jail, strerror(err));
}

/* --check: what follows the chroot runs in a child that enters the jail
 * and becomes the user exactly as a login would, then stops short of the
 * exec. This process is never chrooted. */
static int check_inside(void)
{
  int status;
  pid_t pid = xfork();

  if (!pid) {
    check_child = 1;
    enter_jail();
    passed("entered jail %s (in a child process)", jail);
    become_user();
    check_injail();
    choose_shell();
    go_home();
    run_shell();
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) perror_exit("waitpid");
  if (WIFEXITED(status) && !WEXITSTATUS(status)) {
    puts("login allowed");
    return 0;
  }
  if (!WIFEXITED(status))
    printf("FAIL  check process killed by signal %d\nlogin refused\n",
           WTERMSIG(status));
  return 1;
}

int jk_chrootsh_main(int argc, char **argv)
{
  caller_env = jail_env_take();     /* before anything can read it */
  close_from(3);
  log_open("jk_chrootsh", LOG_AUTH, LOG_TO_SYSLOG);
  parse_args(argc, argv);
  check_ids();
  find_user();
  find_group();
  load_config();
  keep_env();
  find_jail();
  open_jail();
  check_home();
  find_groups();
  if (check_mode) return check_inside();
  log_entry();
  enter_jail();
  harden();
  if (unshare_pid) enter_pid_namespace();
  else become_user();
  check_injail();
  choose_shell();
  go_home();
  run_shell();
  return 1;
}
