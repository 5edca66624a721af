/* jk_addjailuser: add an account that is jailed from the start.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_addjailuser.8. Differences: docs/differences.md.
 *
 * useradd(8), run with an argument vector (no shell), makes the account
 * with home JAIL/./HOME and shell jk_chrootsh; then the jail's etc/passwd
 * and etc/group get it as jk_jailuser would put it there (lib/jailuser).
 * What can be checked before useradd is: the jail (safe, with etc/passwd
 * and the jail shell), the user absent on the host and in the jail. If
 * the jail part fails after useradd succeeded (a group of the new account
 * in conflict with the jail's, a write), the account is removed again
 * with userdel (-r when -m made the home): never a half-jailed user.
 * Exit status: 0 done; 1 usage, useradd failed, or the jail part failed
 * (account removed again); 2 the user exists (host or jail); 3 not
 * exactly a JAIL and a USER (2.23's code); 33 the jail refused.
 */
//applet: jk_addjailuser AF_ROOT|AF_SBIN
//usage: jk_addjailuser [OPTIONS] JAIL USER
//usage:
//usage: Add USER with useradd(8), jailed in JAIL: home JAIL/./HOME and
//usage: shell /usr/sbin/jk_chrootsh on the host, the user and its groups
//usage: in the jail's etc/passwd and etc/group. JAIL and USER may come in
//usage: either order (the jail is the one with a '/').
//usage:
//usage:  -d HOME       home inside the jail (default /home/USER)
//usage:  -s SHELL      shell in the jail (default /usr/sbin/jk_lsh)
//usage:  -m, -M        make (do not make) the home, from the skeleton -k SKEL
//usage:  -c COMMENT, -e EXPIRE, -f INACTIVE, -g GROUP, -G GROUPS,
//usage:  -p PASSWORD, -u UID, -o, -r   passed to useradd
//usage:  -n            no group of the user's name (useradd -N)
//usage:  -v            say what is done
//usage:  -h, --help    show this help
#include "jk.h"

#define HOST_PASSWD "/etc/passwd"
#define USERADD "/usr/sbin/useradd"
#define USERDEL "/usr/sbin/userdel"
#define MAX_ARGS 40
#define EXIT_EXISTS 2
#define EXIT_ARGS 3
#define EXIT_JAIL 33

static char *useradd[MAX_ARGS] = { USERADD };
static int nargs = 1, make_home, verbose;
static const char *home_arg, *shell = JAILUSER_SHELL, *user;
static char jail[PATH_MAX], injail[PATH_MAX], newhome[PATH_MAX];

static void add(const char *arg)
{
  if (nargs >= MAX_ARGS - 1) error_exit("too many options");
  useradd[nargs++] = (char *)arg;
}

/* JAIL and USER in either order: a user name never holds a '/' */
static void positionals(char **pos)
{
  int j = !!strchr(pos[1], '/');

  if (strchr(pos[0], '/') == strchr(pos[1], '/') ||
      (strchr(pos[0], '/') && j))
    error_exit_code(EXIT_ARGS, "cannot tell the jail from the user in '%s' "
                    "'%s' (the jail is the path)", pos[0], pos[1]);
  user = pos[!j];
  if (jailuser_path(pos[j], jail, sizeof(jail)))
    error_exit_code(EXIT_JAIL, "jail '%s': %s", pos[j], strerror(errno));
}

/* the useradd option that -OPT is passed on as, or 0 */
static const char *forwarded(int opt)
{
  static const char *const fwd[] = { "-c", "-e", "-f", "-g", "-G", "-k",
                                     "-p", "-u", "-m", "-M", "-o", "-r" };
  size_t i;

  for (i = 0; i < sizeof(fwd) / sizeof(*fwd); i++)
    if (fwd[i][1] == opt) return fwd[i];
  return 0;
}

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "help", no_argument, 0, 'h' },
    { "verbose", no_argument, 0, 'v' },
    { 0, 0, 0, 0 }
  };
  const char *f;
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:c:d:e:f:g:G:mk:Mnop:rs:u:vh",
                            longopts, 0)) != -1) {
    if ((f = forwarded(opt))) {
      add(f);
      if (strchr("cefgGkpu", opt)) add(optarg);
      if (opt == 'm') make_home = 1;
      continue;
    }
    switch (opt) {
    case 'd': home_arg = optarg; break;
    case 's': shell = optarg; break;
    case 'n': add("-N"); break;
    case 'v': verbose = 1; break;
    case 'h': applet_help(); exit(0);
    case '?': if (optopt == '?') { applet_help(); exit(0); }
    /* fall through */
    default: usage_option_exit(opt, argv);
    }
  }
  if (argc - optind != 2)
    error_exit_code(EXIT_ARGS, "could not understand all arguments: give "
                    "a JAIL and a USER");
  positionals(argv + optind);
}

/* run argv (no shell) and return its exit status */
static int run(char **argv)
{
  int status;
  pid_t pid;

  fflush(stdout);
  if (!(pid = xfork())) {
    execv(argv[0], argv);
    perror_msg("%s", argv[0]);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) < 0) perror_exit("waitpid");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* what can be known before useradd: the jail, the user absent, the home */
static int check(void)
{
  char why[JAIL_WHY_MAX], buf[PW_LINE_MAX], in[PATH_MAX];
  struct pw_ent pw;
  int fd = jailuser_open(jail, shell, why, sizeof(why)), r;

  if (fd < 0) error_exit_code(EXIT_JAIL, "jail refused: %s", why);
  r = pw_byname(HOST_PASSWD, user, &pw, buf, sizeof(buf));
  if (r) error_exit_code(r < 0 ? 1 : EXIT_EXISTS, "user %s %s", user,
                         r < 0 ? strerror(errno) : "exists on the host");
  r = pwfile_get(fd, "etc/passwd", user, buf, sizeof(buf));
  if (r) error_exit_code(r < 0 ? 1 : EXIT_EXISTS, "user %s %s %s/etc/passwd",
                         user, r < 0 ? strerror(errno) : "exists in", jail);
  xsnprintf(in, sizeof(in), "/home/%s", user);
  if (home_arg && *home_arg != '/')
    error_exit("home '%s': not an absolute path", home_arg);
  if (path_clean(injail, sizeof(injail), home_arg ? home_arg : in) ||
      !strcmp(injail, "/"))
    error_exit("home '%s': not a plain path", home_arg ? home_arg : in);
  xsnprintf(newhome, sizeof(newhome), "%s/.%s", jail, injail);
  return fd;
}

/* -m: the home's parents inside the jail made (root's, 0755); the home
 * itself must be new, so useradd makes it the user's. How many were made,
 * to remove them again if useradd fails. */
static int parents_made;

static void make_parents(int jailfd)
{
  char why[JAIL_WHY_MAX], base[NAME_MAX + 1];
  struct stat st;
  int fd = jailuser_mkparents(jailfd, jail, injail, base, sizeof(base),
                              &parents_made, why, sizeof(why));

  if (fd < 0) error_exit("%s", why);
  if (!fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW))
    error_exit("%s%s exists: useradd -m would not make it the user's", jail,
               injail);
  close(fd);
}

static void undo(void)
{
  char *with_home[] = { USERDEL, "-r", "--", (char *)user, 0 };
  char *account[] = { USERDEL, "--", (char *)user, 0 };

  if (run(make_home ? with_home : account))
    error_msg("could not remove %s again: remove the account by hand", user);
  else error_msg("account %s removed again", user);
}

/* the jail's files, under the account-file locks */
static int jail_part(int jailfd, char *why, size_t len)
{
  char buf[PW_LINE_MAX];
  struct pw_ent pw;
  int r = pw_byname(HOST_PASSWD, user, &pw, buf, sizeof(buf));

  if (r <= 0)
    return snprintf(why, len, HOST_PASSWD ": no %s after useradd", user), -1;
  if (pw_lock(why, len)) return -1;
  r = jailuser_check(jailfd, jail, &pw, why, len) ||
      jailuser_write(jailfd, jail, &pw, injail, shell, why, len);
  pw_unlock();
  return r ? -1 : 0;
}

int jk_addjailuser_main(int argc, char **argv)
{
  char why[JAIL_WHY_MAX];
  int jailfd, status;

  parse_args(argc, argv);
  jailfd = check();
  if (make_home) make_parents(jailfd);
  add("-d");
  add(newhome);
  add("-s");
  add(JAILUSER_CHROOTSH);
  add("--");
  add(user);
  if ((status = run(useradd))) {
    jailuser_rmparents(jailfd, injail, parents_made);
    error_exit("useradd failed (status %d): nothing added", status);
  }
  if (verbose) printf("%s: added with home %s, shell " JAILUSER_CHROOTSH "\n",
                      user, newhome);
  if (jail_part(jailfd, why, sizeof(why))) {
    error_msg("%s", why);
    undo();
    return 1;
  }
  if (verbose) printf("%s: added to %s/etc/passwd and etc/group\n", user,
                      jail);
  return 0;
}
