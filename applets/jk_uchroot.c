/* jk_uchroot: setuid chroot that lets listed users run a program in a jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_uchroot.8. Differences: docs/differences.md.
 *
 * /etc/jailkit/jk_uchroot.ini names, per user, group or DEFAULT section,
 * the jails a user may enter (allowed_jails). We check the caller, the
 * config and the request, enter the jail through its checked directory
 * fd, become the caller for good (groups from the host's /etc/group) and
 * run the program given with -x inside it. The statuses are 2.23's:
 *   11 not setuid root; 12 run by root; 13 user or group unknown;
 *   14 /etc/jailkit or the config not safe; 21 jail not allowed, or its
 *   path not canonical (a symlink, ".", ".."); 19 jail cannot be entered;
 *   53 jail or program not safe; 33 chroot; 34 setgid; 35 setgroups or
 *   the user or group missing in the jail; 36 setuid; 37 name differs in
 *   the jail; 1 usage and config errors, or no such program in the jail;
 *   126/127 the program cannot be executed (2.23: 111).
 * What changed: nothing about a jail is looked at before the user is
 * known to be allowed in it (2.23 told anyone, as root, whether any file
 * existed anywhere); the program is checked inside the jail as the user.
 * The environment is emptied first and rebuilt from the env list.
 */
//applet: jk_uchroot AF_SUID|AF_BIN
//usage: jk_uchroot -j JAIL -x PROGRAM [--] [ARG...]
//usage:
//usage: Run PROGRAM (a path inside JAIL) in the chroot jail JAIL as
//usage: yourself, if /etc/jailkit/jk_uchroot.ini lists JAIL in the
//usage: allowed_jails of your user, group or DEFAULT section. Refusals go
//usage: to syslog (auth) and stderr.
//usage:
//usage:  -j, --jail=JAIL          the jail directory
//usage:  -x, --executable=PROGRAM the program, as seen inside the jail
//usage:  -v                       accepted and ignored (2.23)
//usage:  -h, --help               show this help
#include "jk.h"

#define CONFIG_DIR JK_ETC
#define CONFIG_NAME "jk_uchroot.ini"
#define CONFIG JK_ETC "/" CONFIG_NAME
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"
#define NAME_MAX_ENV 256                /* one name of the env list */
#define LOG_ARGS_MAX 600                /* arguments quoted in the log */


static const char *const known_keys[] = {
  "allowed_jails", "skip_injail_passwd_check", "env",
};

/* the command line */
static char **caller_env;           /* as we got it; environ is empty */
static char why[JAIL_WHY_MAX];       /* the reason a step failed */
static const char *jail_arg, *program;
static char **rest;                 /* the program's arguments */
static int nrest;

/* the user, from the host's files */
static char pw_buf[PW_LINE_MAX], gr_buf[PW_LINE_MAX];
static struct pw_ent pw;
static struct gr_ent gr;
static const char *who;

/* the config */
static struct ini ini;
static const struct ini_sec *sec;
static const char *allowed, *env_list;
static int skip_check;

/* the jail */
static char jail[PATH_MAX];
static int jail_fd = -1;
static gid_t groups[JAIL_GROUPS_MAX];
static int ngroups;
static struct jail_env env;
static char jpw_buf[PW_LINE_MAX];
static struct pw_ent jpw;

/* every refusal: 2.23's status, the reason on stderr and in syslog */
static void __attribute__((noreturn, format(printf, 2, 3)))
refuse(int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  suid_vrefuse(code, who, fmt, ap);
}

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jail", required_argument, 0, 'j' },
    /* 2.23's usage says --exec: a unique abbreviation of this */
    { "executable", required_argument, 0, 'x' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:x:hv", longopts, 0)) != -1) {
    switch (opt) {
    case 'j': jail_arg = optarg; break;
    case 'x': program = optarg; break;
    case 'v': break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  rest = argv + optind;
  nrest = argc - optind;
  if (!jail_arg || !*jail_arg) usage_exit("no jail given (-j JAIL)");
  if (!program || !*program) usage_exit("no program given (-x PROGRAM)");
}

static void check_ids(void)
{
  if (!suid_privileged())
    refuse(SUID_EXIT_NOT_SETUID, "effective user id is not 0: jk_uchroot must "
           "be setuid root (or have the capabilities setuid, setgid and "
           "sys_chroot)");
  if (!getuid()) refuse(SUID_EXIT_ROOT, "run by root: root can use chroot "
                        "directly");
}

/* by $USER when set (names may share a uid), else by the real uid; the
 * uid must be the caller's either way */
static void find_user(void)
{
  if (suid_find_user(jail_env_var(caller_env, "USER"), &pw, pw_buf,
                     sizeof(pw_buf), why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
  if (pw.uid != getuid())
    refuse(SUID_EXIT_USER, "$USER is %s, whose uid %u is not the caller's %u",
           pw.name, (unsigned)pw.uid, (unsigned)getuid());
  who = pw.name;
  /* the same read of /etc/group gives the groups, for find_groups() */
  if (suid_find_group(getgid(), pw.name, &gr, gr_buf, sizeof(gr_buf),
                      groups, &ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_USER, "%s", why);
}

/* a flag (suid_ini_flag); absent is off */
static int flag(const char *key)
{
  int on = suid_ini_flag(&ini, sec, key, CONFIG, why, sizeof(why));

  if (on < 0) refuse(1, "%s", why);
  return on;
}

static void read_settings(void)
{
  const struct ini_kv *kv;
  size_t k;
  int i;

  for (i = sec->first; i < sec->first + sec->count; i++) {
    kv = &ini.kv[i];
    for (k = 0; k < sizeof(known_keys) / sizeof(*known_keys); k++)
      if (!strcasecmp(kv->key, known_keys[k])) break;
    if (k == sizeof(known_keys) / sizeof(*known_keys))
      refuse(1, "%s:%d: unknown key '%s' in [%s]", CONFIG, kv->line,
             kv->key, sec->name);
  }
  allowed = ini_get(&ini, sec, "allowed_jails");
  if (!allowed)
    refuse(1, "%s: no allowed_jails in [%s]", CONFIG, sec->name);
  skip_check = flag("skip_injail_passwd_check");
  env_list = ini_get(&ini, sec, "env");
}

/* /etc/jailkit and every directory above it safe; the config read through
 * that directory's fd, root's and not writable by others. 2.23 needed it:
 * a missing file refuses everyone. */
static void load_config(void)
{
  switch (jail_config_load(&ini, CONFIG_DIR, CONFIG_NAME, why, sizeof(why))) {
  case JAIL_CFG_ABSENT: refuse(1, "no config file %s", CONFIG);
  case JAIL_CFG_UNSAFE: refuse(SUID_EXIT_CONFIG_DIR, "%s", why);
  case JAIL_CFG_BAD: refuse(1, "%s", why);
  }
  sec = jail_section(&ini, pw.name, gr.name);
  if (!sec)
    refuse(1, "%s: no section [%s], [group %s] or [DEFAULT]", CONFIG,
           pw.name, gr.name);
  read_settings();
}

/* the names of env, as the caller had them; LD_* never */
static void keep_env(void)
{
  const char *cur = env_list;
  char name[NAME_MAX_ENV];
  int r;

  while ((r = ini_list_next(&cur, name, sizeof(name))) > 0) {
    if (!jail_env_keep(&env, caller_env, name)) continue;
    if (errno != EPERM)
      refuse(1, "%s: env: '%s': %s", CONFIG, name, errno == E2BIG
             ? "too many variables" : "not a variable name");
    log_msg(LOG_WARNING, "user %s: env: %s is never passed on", who, name);
  }
  if (r < 0) refuse(1, "%s: env: a name is too long", CONFIG);
}

/* a path without its trailing slashes ("/" stays "/") */
static void strip_slashes(char *s)
{
  size_t n = strlen(s);

  while (n > 1 && s[n - 1] == '/') s[--n] = 0;
}

/* The request, as a string, against allowed_jails: nothing on disk is
 * looked at before the answer, so a jail the user may not enter gets the
 * same refusal whether it exists or not. */
static void check_allowed(void)
{
  char entry[PATH_MAX];
  const char *cur = allowed;
  int r;

  if (strlen(jail_arg) >= sizeof(jail))
    refuse(SUID_EXIT_NOT_ALLOWED, "not allowed in jail %s", jail_arg);
  xstrlcpy(jail, jail_arg, sizeof(jail));
  strip_slashes(jail);
  while ((r = ini_list_next(&cur, entry, sizeof(entry))) > 0) {
    strip_slashes(entry);
    if (!strcmp(entry, jail)) return;
  }
  if (r < 0) refuse(1, "%s: allowed_jails: a path is too long", CONFIG);
  refuse(SUID_EXIT_NOT_ALLOWED, "not allowed in jail %s", jail_arg);
}

/* every component of the jail's path, the jail and its top directories;
 * the fd kept is what was checked */
static void open_jail(void)
{
  jail_fd = jail_open(jail, why, sizeof(why));
  if (jail_fd >= 0) return;
  refuse(jail_open_status(errno), "jail %s is not safe: %s", jail, why);
}

/* the caller's real gid and the user's groups in the host's /etc/group
 * (2.23 kept whatever supplementary groups the caller had) */
static void find_groups(void)
{
  /* read by find_user() */
  if (suid_check_groups(ngroups, why, sizeof(why)))
    refuse(SUID_EXIT_GROUPS, "%s", why);
}

static void log_entry(void)
{
  char msg[LOG_ARGS_MAX + PATH_MAX];
  size_t off;
  int i, n;

  n = snprintf(msg, sizeof(msg), "entering jail %s for user %s (%u) in "
               "order to execute %s with arguments '", jail, pw.name,
               (unsigned)pw.uid, program);
  off = n < 0 ? 0 : (size_t)n;
  for (i = 0; i < nrest && off < sizeof(msg); i++) {
    n = snprintf(msg + off, sizeof(msg) - off, "%s%s", i ? " " : "",
                 rest[i]);
    off += n < 0 ? 0 : (size_t)n;
  }
  if (off < sizeof(msg)) snprintf(msg + off, sizeof(msg) - off, "'");
  else memcpy(msg + sizeof(msg) - 4, "...", 4);
  suid_printable(msg);
  log_msg(LOG_INFO, "%s", msg);
}

/* through the checked descriptor; the new cwd is the jail's root */
static void enter_jail(void)
{
  int code = suid_enter(&jail_fd, jail, why, sizeof(why));

  if (code) refuse(code, "%s", why);
}

static void become_user(void)
{
  int code = suid_drop_status(jail_drop(pw.uid, getgid(), groups, ngroups),
                              pw.uid, getgid(), why, sizeof(why));

  if (code) refuse(code, "%s", why);
}

/* As the user, inside: the jail's own entries must agree with the
 * host's, unless skip_injail_passwd_check. */
static void check_injail(void)
{
  int code;

  if (skip_check) return;
  code = suid_check_passwd(pw.name, pw.uid, gr.name, getgid(), &jpw,
                           jpw_buf, sizeof(jpw_buf), why, sizeof(why));
  if (code) refuse(code, "%s", why);
}

/* As the user, inside the jail: so it tells nothing the user could not
 * find out alone. 2.23's "not an existing regular file" stays status 1;
 * a program others may replace, or a setuid one, is refused. */
static void check_program(void)
{
  struct stat st;

  if (stat(program, &st))
    refuse(1, "program %s in jail %s: %s", program, jail, strerror(errno));
  if (!S_ISREG(st.st_mode))
    refuse(1, "program %s in jail %s is not a regular file", program, jail);
  if (suid_check_exec(&st, pw.uid, "program", program, jail, why,
                      sizeof(why)))
    refuse(SUID_EXIT_UNSAFE, "%s", why);
}

static void set_env(const char *name, const char *value)
{
  if (jail_env_set(&env, name, value))
    refuse(1, "environment too large setting %s", name);
}

static void run_program(void)
{
  char **args = xmalloc((nrest + 2) * sizeof(*args));
  int i, err;

  args[0] = (char *)program;
  for (i = 0; i < nrest; i++) args[i + 1] = rest[i];
  args[nrest + 1] = 0;
  if (!jail_env_get(&env, "PATH")) set_env("PATH", DEFAULT_PATH);
  set_env("USER", pw.name);
  set_env("LOGNAME", pw.name);
  if (!skip_check) set_env("HOME", jpw.dir);
  execve(program, args, env.v);
  err = errno;
  refuse(suid_exec_status(err), "cannot execute %s in jail %s: %s", program,
         jail, strerror(err));
}

int jk_uchroot_main(int argc, char **argv)
{
  caller_env = jail_env_take();     /* before anything can read it */
  close_from(3);
  log_open("jk_uchroot", LOG_AUTH, LOG_TO_SYSLOG);
  parse_args(argc, argv);
  check_ids();
  find_user();
  load_config();
  keep_env();
  check_allowed();
  open_jail();
  find_groups();
  log_entry();
  enter_jail();
  become_user();
  check_injail();
  check_program();
  run_program();
  return 1;
}
