/* jk_lsh: limited shell: runs `-c COMMAND` if its program is whitelisted.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_lsh.8.
 *
 * The login shell of an account that may only run a few programs (sftp,
 * scp, rsync...), on the host or inside a jail behind jk_chrootsh. It runs
 * with the caller's ids (never setuid) and trusts nothing it is given:
 * the command is split by lib/words.c (no shell, no command substitution,
 * no shell syntax), its first word is resolved to an absolute path (a
 * relative one only through `paths`), that path must be listed in
 * `executables`, no argument may be one that `deny_args` forbids, and
 * only then is the program exec'd, by that absolute path, with no
 * inherited descriptor beyond 0, 1 and 2.
 *
 * Exit statuses are the reference's (1 config, 2 user, 3 group/section,
 * 4 refused, 5 no executables, 6 expansion, 7 interactive), and 126/127
 * when the exec fails. Every refusal is logged to LOG_AUTH with the
 * reason; the user gets one short line on stderr. */
//applet: jk_lsh AF_SBIN
//usage: jk_lsh [-l|--login] -c COMMAND
//usage:
//usage: Run COMMAND if its program is listed for the calling user in
//usage: /etc/jailkit/jk_lsh.ini; never an interactive shell.
//usage:
//usage:  -c COMMAND   the command line to run (see jk_lsh(8) for its words)
//usage:  -l, --login  accepted and ignored, as login shells get it
//usage:  -h, --help   show this help
#include "jk.h"

#define CONFIG JK_ETC "/jk_lsh.ini"
#define SHOWN_MAX 300              /* bytes of a command or word as logged */
#define ENV_ENTRY_MAX 4096         /* a NAME=VALUE of `environment` */

/* exit statuses: the reference's, which scripts may test */
#define EXIT_CONFIG 1              /* no config, or a bad one */
#define EXIT_USER 2                /* who is calling? */
#define EXIT_SECTION 3             /* no group, or no section for us */
#define EXIT_DENIED 4              /* program or argument not allowed */
#define EXIT_NO_EXECUTABLES 5      /* the section lists no executables */
#define EXIT_EXPANSION 6           /* word expansion refused */
#define EXIT_INTERACTIVE 7         /* anything but -c COMMAND */
#define EXIT_CANNOT_EXEC 126       /* as shells do */
#define EXIT_NOT_FOUND 127

/* what a user is told about a problem only the admin can fix */
#define TELL_ADMIN "this account cannot run commands (see the system log)"

static struct pw_ent pw;
static char pw_buf[PW_LINE_MAX];
static struct gr_ent gr;
static char gr_buf[PW_LINE_MAX];
static struct ini *ini;
static const struct ini_sec *sec;
static struct words *words;
static int expand;                 /* allow_word_expansion */

/* ---- messages ---- */

/* Log to syslog only, tell the user one line (if any), exit. */
static void __attribute__((noreturn, format(printf, 3, 4)))
refuse(int code, const char *tell, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  log_msg(LOG_ERR, "%s", msg);
  if (tell) fprintf(stderr, "%s: %s\n", applet_name, tell);
  exit(code);
}

/* a config mistake, with the line it is on */
static void __attribute__((noreturn, format(printf, 2, 3)))
config_error(const struct ini_kv *kv, const char *fmt, ...)
{
  char msg[900];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  refuse(EXIT_CONFIG, TELL_ADMIN, "%s:%d: %s", CONFIG, kv->line, msg);
}

/* n strings joined by spaces, for a log line: control bytes written as
 * \ooo (a user must not forge log lines), cut at SHOWN_MAX with "..." */
static const char *shown(char *buf, char *const *v, int n)
{
  size_t len = 0, k;
  int i, cut = 0;
  char esc[8];

  for (i = 0; i < n && !cut; i++) {
    const unsigned char *s = (const unsigned char *)v[i];

    if (i && len < SHOWN_MAX) buf[len++] = ' ';
    for (; *s && !cut; s++) {
      if (*s < 0x20 || *s == 0x7f) k = snprintf(esc, sizeof(esc), "\\%03o", *s);
      else esc[0] = *s, k = 1;
      cut = len + k > SHOWN_MAX;
      if (!cut) memcpy(buf + len, esc, k), len += k;
    }
  }
  if (cut) memcpy(buf + len, "...", 3), len += 3;
  buf[len] = 0;
  return buf;
}

static const char *shown1(char *buf, const char *s)
{
  char *v[1] = { (char *)s };

  return shown(buf, v, 1);
}

/* ---- who is calling ---- */

/* By the real uid; $USER, if set, must name an account with that uid
 * (several names may share one), and then picks the name, as in 2.23. */
static void find_user(void)
{
  const char *name = getenv("USER");
  char s[SHOWN_MAX + 4];
  uid_t uid = getuid();
  int r;

  if (name && *name) {
    r = pw_byname("/etc/passwd", name, &pw, pw_buf, sizeof(pw_buf));
    if (r == 1 && pw.uid == uid) return;
    if (r == 1)
      refuse(EXIT_USER, TELL_ADMIN, "$USER is %s, whose uid %d is not the "
             "real uid %d", pw.name, (int)pw.uid, (int)uid);
    refuse(EXIT_USER, TELL_ADMIN, "cannot find user %s ($USER) in "
           "/etc/passwd%s%s", shown1(s, name), r < 0 ? ": " : "",
           r < 0 ? strerror(errno) : "");
  }
  r = pw_byuid("/etc/passwd", uid, &pw, pw_buf, sizeof(pw_buf));
  if (r != 1)
    refuse(EXIT_USER, TELL_ADMIN, "cannot find user name for uid %d in "
           "/etc/passwd%s%s", (int)uid, r < 0 ? ": " : "",
           r < 0 ? strerror(errno) : "");
}

static void find_group(void)
{
  gid_t gid = getgid();
  int r = gr_bygid("/etc/group", gid, &gr, gr_buf, sizeof(gr_buf));

  if (r != 1)
    refuse(EXIT_SECTION, TELL_ADMIN, "cannot find group name for gid %d in "
           "/etc/group%s%s", (int)gid, r < 0 ? ": " : "",
           r < 0 ? strerror(errno) : "");
}

/* ---- the command line ---- */

/* [-l|--login] -c COMMAND: the command, or 0 for anything else (an
 * interactive shell, refused once we know who asked). */
static const char *parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "login", no_argument, 0, 'l' },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
  };
  const char *cmd = 0;
  int opt, bad = 0;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:c:lh", longopts, 0)) != -1) {
    switch (opt) {
    case 'c': bad |= !!cmd; cmd = optarg; break;
    case 'l': break;
    case 'h': applet_help(); exit(0);
    case ':': if (optopt == 'c') bad = 1; else usage_option_exit(opt, argv);
              break;
    default: usage_option_exit(opt, argv);
    }
  }
  return bad || optind < argc ? 0 : cmd;
}

static void __attribute__((noreturn)) interactive(int argc, char **argv)
{
  char s[SHOWN_MAX + 4];

  refuse(EXIT_INTERACTIVE, "interactive shells are not allowed, only "
         "-c COMMAND", "user %s (%d) tried to get an interactive shell "
         "session (%s), which is never allowed by jk_lsh", pw.name,
         (int)pw.uid, shown(s, argv, argc));
}

/* ---- the config ---- */

/* read through the fd the safe walk checked: no second lookup by name */
static void load_config(void)
{
  static struct ini buf;       /* untouched pages cost nothing */
  char why[PATH_MAX + 64];
  struct stat st;
  int fd, r, err;

  ini = &buf;
  fd = safepath_open_stat(CONFIG, SAFEPATH_READ, &st, why, sizeof(why));
  if (fd < 0 && errno == ENOENT)
    refuse(EXIT_CONFIG, TELL_ADMIN, "configfile %s is not available", CONFIG);
  if (fd < 0 && errno == EACCES)
    refuse(EXIT_CONFIG, TELL_ADMIN, "configfile %s is not available: %s",
           CONFIG, strerror(errno));
  if (fd < 0)
    refuse(EXIT_CONFIG, TELL_ADMIN, "configfile %s is not safe: %s", CONFIG,
           why);
  if (!S_ISREG(st.st_mode))
    refuse(EXIT_CONFIG, TELL_ADMIN, "configfile %s is not safe: not a "
           "regular file", CONFIG);
  r = ini_load_fd(ini, fd);
  err = errno;
  sys_close(fd);
  errno = err;
  if (!r) return;
  if (ini->err_line)
    refuse(EXIT_CONFIG, TELL_ADMIN, "%s:%d: %s", CONFIG, ini->err_line,
           ini->err_msg);
  refuse(EXIT_CONFIG, TELL_ADMIN, "configfile %s is not available: %s",
         CONFIG, ini->err_msg ? ini->err_msg : strerror(errno));
}

static void choose_section(void)
{
  char group[PW_LINE_MAX + 8];

  if ((sec = ini_section(ini, pw.name))) return;
  xsnprintf(group, sizeof(group), "group %s", gr.name);
  if ((sec = ini_section(ini, group)) || (sec = ini_section(ini, "DEFAULT")))
    return;
  refuse(EXIT_SECTION, TELL_ADMIN, "did neither find a section '%s', nor "
         "'group %s' nor 'DEFAULT' in configfile %s", pw.name, gr.name,
         CONFIG);
}

/* the next element of a comma list; one too long is a config error */
static int next_elem(const struct ini_kv *kv, const char **cur, char *out,
                     size_t len)
{
  int r = ini_list_next(cur, out, len);

  if (r < 0)
    config_error(kv, "an element of %s is longer than %zu bytes", kv->key,
                 len - 1);
  return r;
}

/* in as a clean absolute path (no ".." allowed) in out, or -1 */
static int abs_path(const char *in, char *out, size_t len)
{
  return *in == '/' && !path_clean(out, len, in) ? 0 : -1;
}

/* Relative (or "..") entries of a path list are reported and ignored:
 * only absolute paths are ever compared or exec'd. */
static void check_path_list(const struct ini_kv *kv)
{
  char e[PATH_MAX], clean[PATH_MAX], s[SHOWN_MAX + 4];
  const char *cur;

  for (cur = kv ? kv->val : 0; kv && next_elem(kv, &cur, e, sizeof(e)); ) {
    if (!abs_path(e, clean, sizeof(clean))) continue;
    log_msg(LOG_WARNING, "%s:%d: %s entry '%s' is not an absolute path "
            "without '..', ignored", CONFIG, kv->line, kv->key,
            shown1(s, e));
  }
}

/* s without blanks at either end, in place */
static char *trim(char *s)
{
  char *e = s + strlen(s);

  while (isspace((unsigned char)*s)) s++;
  while (e > s && isspace((unsigned char)e[-1])) e--;
  *e = 0;
  return s;
}

static int valid_name(const char *s)
{
  if (!*s || isdigit((unsigned char)*s)) return 0;
  for (; *s; s++)
    if (*s != '_' && !isalnum((unsigned char)*s)) return 0;
  return 1;
}

/* umask = OCTAL (0..0777); absent: the umask is left as it is */
static void set_umask(void)
{
  const struct ini_kv *kv = ini_find(ini, sec, "umask");
  const char *p;
  long v = 0;

  if (!kv) return;
  for (p = kv->val; *p >= '0' && *p <= '7' && v <= 0777; p++)
    v = v * 8 + (*p - '0');
  if (p == kv->val || *p || v > 0777)
    config_error(kv, "umask '%s' is not an octal number from 0 to 0777",
                 kv->val);
  umask(v);
}

/* A caller must not bring its own loader settings (LD_PRELOAD...) to the
 * programs we run; `environment` may set them again. */
static void drop_ld_vars(void)
{
  char **from, **to;

  /* removed from the array in place: nothing set them but the caller */
  for (from = to = environ; from && *from; from++)
    if (strncmp(*from, "LD_", 3)) *to++ = *from;
  if (to) *to = 0;
}

/* environment = NAME=VALUE, ...: split at the first '=' (the value may
 * hold more), blanks around it dropped, NAME a valid name, VALUE possibly
 * empty. A bad entry is fatal, like every config mistake that would
 * otherwise change what runs. */
static void set_environment(void)
{
  const struct ini_kv *kv = ini_find(ini, sec, "environment");
  char e[ENV_ENTRY_MAX], s[SHOWN_MAX + 4], *eq, *name;
  const char *cur;

  for (cur = kv ? kv->val : 0; kv && next_elem(kv, &cur, e, sizeof(e)); ) {
    shown1(s, e);
    eq = strchr(e, '=');
    if (eq) *eq = 0;
    name = trim(e);
    if (!eq || !valid_name(name))
      config_error(kv, "environment entry '%s' is not NAME=VALUE with a "
                   "valid NAME", s);
    if (setenv(name, trim(eq + 1), 1)) perror_exit("setenv %s", name);
  }
}

/* deny_args = PROGRAM:ARG, ...: split at the first ':', blanks around
 * it dropped. prog gets the clean absolute PROGRAM, the return value is
 * ARG (in e). A bad entry is fatal: ignoring it would allow what it
 * denies. */
static const char *deny_entry(const struct ini_kv *kv, char *e, char *prog,
                              size_t len)
{
  char *colon = strchr(e, ':'), *arg = "", s[SHOWN_MAX + 4];

  shown1(s, e);
  if (colon) {
    *colon = 0;
    arg = trim(colon + 1);
  }
  if (!*arg || abs_path(trim(e), prog, len))
    config_error(kv, "deny_args entry '%s' is not PROGRAM:ARG with an "
                 "absolute PROGRAM", s);
  return arg;
}

static void check_deny_args(void)
{
  const struct ini_kv *kv = ini_find(ini, sec, "deny_args");
  char e[PATH_MAX], prog[PATH_MAX];
  const char *cur;

  for (cur = kv ? kv->val : 0; kv && next_elem(kv, &cur, e, sizeof(e)); )
    deny_entry(kv, e, prog, sizeof(prog));
}

static void check_keys(void)
{
  static const char *known[] = { "executables", "paths", "umask",
    "environment", "allow_word_expansion", "deny_args", 0 };
  int i, k;

  for (i = sec->first; i < sec->first + sec->count; i++) {
    for (k = 0; known[k] && strcasecmp(known[k], ini->kv[i].key); k++);
    if (!known[k])
      log_msg(LOG_WARNING, "%s:%d: unknown key '%s' in [%s], ignored",
              CONFIG, ini->kv[i].line, ini->kv[i].key, sec->name);
  }
}

/* Read and check the whole section before anything is run; then set the
 * umask and the environment, as the reference does before expansion. */
static void apply_settings(void)
{
  const struct ini_kv *exe = ini_find(ini, sec, "executables");
  const struct ini_kv *kv = ini_find(ini, sec, "allow_word_expansion");

  check_keys();
  if (!exe || !*exe->val)
    refuse(EXIT_NO_EXECUTABLES, TELL_ADMIN, "section %s does not have a key "
           "executables", sec->name);
  check_path_list(exe);
  check_path_list(ini_find(ini, sec, "paths"));
  if (ini_get_bool(ini, sec, "allow_word_expansion", &expand) == INI_BAD)
    config_error(kv, "allow_word_expansion '%s' is not 0 or 1", kv->val);
  check_deny_args();
  set_umask();
  drop_ld_vars();
  set_environment();
}

/* ---- the command ---- */

static void split(const char *cmd)
{
  char s[SHOWN_MAX + 4];
  int r = words_split(words, cmd, expand ? WORDS_EXPAND | WORDS_GLOB : 0,
                      pw.dir, environ);

  if (!r) return;
  refuse(EXIT_EXPANSION, words->msg, "word expansion for user %s (%d) "
         "refused: %s, at byte %zu of '%s'", pw.name, (int)pw.uid,
         words->msg, words->pos, shown1(s, cmd));
}

/* The first word as a clean absolute path: itself if absolute, else the
 * first `paths` entry under which it is a regular file. 0, or -1. */
static int resolve(const char *word, char *out, size_t len)
{
  const struct ini_kv *kv = ini_find(ini, sec, "paths");
  char dir[PATH_MAX], cand[PATH_MAX];
  const char *cur;
  struct stat st;

  if (*word == '/') return abs_path(word, out, len);
  for (cur = kv ? kv->val : 0; kv && next_elem(kv, &cur, dir, sizeof(dir)); ) {
    if (*dir != '/' || (size_t)snprintf(cand, sizeof(cand), "%s/%s", dir,
                                        word) >= sizeof(cand))
      continue;
    if (!abs_path(cand, out, len) && !stat(out, &st) && S_ISREG(st.st_mode))
      return 0;
  }
  return -1;
}

static int listed(const char *path)
{
  const struct ini_kv *kv = ini_find(ini, sec, "executables");
  char e[PATH_MAX], clean[PATH_MAX];
  const char *cur = kv->val;

  while (next_elem(kv, &cur, e, sizeof(e)))
    if (!abs_path(e, clean, sizeof(clean)) && !strcmp(clean, path)) return 1;
  return 0;
}

static void __attribute__((noreturn)) not_allowed(const char *why)
{
  char s[SHOWN_MAX + 4], tell[SHOWN_MAX + 64];

  snprintf(tell, sizeof(tell), "'%s' is not allowed", shown1(s, words->argc ?
           words->argv[0] : ""));
  refuse(EXIT_DENIED, tell, "user %s (%d) tried to run '%s'%s, which is not "
         "allowed according to %s", pw.name, (int)pw.uid,
         shown(s, words->argv, words->argc), why, CONFIG);
}

/* argv[0] becomes its resolved path, which must be whitelisted */
static void check_program(char *path, size_t len)
{
  if (!words->argc) not_allowed(" (an empty command)");
  if (resolve(words->argv[0], path, len)) {
    char s[SHOWN_MAX + 4];

    log_msg(LOG_DEBUG, "the requested executable %s is not found",
            shown1(s, words->argv[0]));
    not_allowed(" (not found as an absolute path)");
  }
  words->argv[0] = path;
  if (!listed(path)) not_allowed("");
}

/* Does argument a trip the deny_args ARG d?
 *   --long: a is --long, --long=..., or an abbreviation of it (getopt_long
 *           takes unambiguous prefixes);
 *   -x:     a is a cluster of short options holding x (-avxe, -xVALUE);
 *   other:  a is d, or d=... */
static int arg_denied(const char *a, const char *d)
{
  size_t n = strlen(d), k;

  if (d[0] == '-' && d[1] == '-' && d[2]) {
    if (a[0] != '-' || a[1] != '-' || !a[2]) return 0;
    k = strcspn(a, "=");
    return k <= n && !strncmp(a, d, k);
  }
  if (d[0] == '-' && d[1] && d[1] != '-' && !d[2])
    return a[0] == '-' && a[1] && a[1] != '-' && strchr(a + 1, d[1]);
  return !strncmp(a, d, n) && (!a[n] || a[n] == '=');
}

/* A deny rule's PROGRAM is the program run when it is the same path, or
 * the same file by another path (/bin/rsync and /usr/bin/rsync on a
 * merged /usr): denying more is the safe side. */
static int same_program(const char *prog, const char *path)
{
  struct stat a, b;

  if (!strcmp(prog, path)) return 1;
  return !stat(prog, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* Every argument is checked, those after "--" too: not every program
 * stops at "--", and GNU getopt takes options after operands. */
static void check_args(const char *path)
{
  const struct ini_kv *kv = ini_find(ini, sec, "deny_args");
  char e[PATH_MAX], prog[PATH_MAX], s[SHOWN_MAX + 4], a[SHOWN_MAX + 4];
  char tell[PATH_MAX + SHOWN_MAX + 64];
  const char *cur, *d;
  int i;

  for (cur = kv ? kv->val : 0; kv && next_elem(kv, &cur, e, sizeof(e)); ) {
    d = deny_entry(kv, e, prog, sizeof(prog));
    if (!same_program(prog, path)) continue;
    for (i = 1; i < words->argc; i++) {
      if (!arg_denied(words->argv[i], d)) continue;
      snprintf(tell, sizeof(tell), "argument '%s' of %s is not allowed",
               shown1(a, words->argv[i]), path);
      refuse(EXIT_DENIED, tell, "user %s (%d) tried to run '%s': argument "
             "'%s' is denied by deny_args %s:%s (%s:%d)", pw.name,
             (int)pw.uid, shown(s, words->argv, words->argc), a, prog, d,
             CONFIG, kv->line);
    }
  }
}

static int run(const char *path)
{
  char s[SHOWN_MAX + 4];
  int err;

  log_msg(LOG_INFO, "executing command '%s' for user %s (%d)",
          shown(s, words->argv, words->argc), pw.name, (int)pw.uid);
  execve(path, words->argv, environ);
  err = errno;
  log_msg(LOG_ERR, "running %s failed for user %s (%d): %s", path, pw.name,
          (int)pw.uid, strerror(err));
  log_msg(LOG_ERR, "check the permissions and libraries for %s", path);
  fprintf(stderr, "%s: %s: %s\n", applet_name, path, strerror(err));
  return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

int jk_lsh_main(int argc, char **argv)
{
  static char path[PATH_MAX];
  static struct words w;
  const char *cmd;

  close_from(3);        /* nothing inherited reaches the program */
  log_open("jk_lsh", LOG_AUTH, LOG_TO_SYSLOG);
  cmd = parse_args(argc, argv);
  log_msg(LOG_INFO, "jk_lsh version %s, started", JK_VERSION);
  find_user();
  find_group();
  if (!cmd) interactive(argc, argv);
  load_config();
  choose_section();
  apply_settings();
  words = &w;
  split(cmd);
  check_program(path, sizeof(path));
  check_args(path);
  return run(path);
}
