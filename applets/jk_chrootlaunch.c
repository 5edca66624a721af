/* jk_chrootlaunch: start a daemon inside a chroot jail as a given user.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_chrootlaunch.8. Differences: docs/differences.md.
 *
 * Root runs this, typically from an init script. The steps and their exit
 * statuses are those of jailkit 2.23 (a script may test them):
 *   1 usage, unknown user or group, pidfile; 21 no -j; 23 no -x;
 *   27 jail not absolute; 25 jail not safe; 29 executable not safe;
 *   33 cannot enter the jail; 35 chroot; 37 groups; 39 uid;
 *   126/127 exec failed (2.23: 31).
 * What changed: every component of the jail path and of the executable's
 * path is checked (root-owned, not writable by group or others, no
 * symlink), through descriptors, and the jail is entered by its fd
 * (fchdir + chroot(".")), so nothing is looked up twice by name; the
 * supplementary groups are cleared; -u alone takes the user's own group
 * instead of keeping root's; inherited descriptors are closed first.
 * There is no fork: the pid written to the pidfile is the daemon's.
 */
//applet: jk_chrootlaunch AF_ROOT|AF_SBIN
//usage: jk_chrootlaunch -j JAIL [-u USER] [-g GROUP] [-p PIDFILE] -x EXEC
//usage:                 [-- ARGS...]
//usage:
//usage: Run EXEC (a path inside JAIL, or the full path starting with JAIL)
//usage: chrooted into JAIL with ARGS, as USER and GROUP, in this process.
//usage: Errors go to stderr and to syslog (daemon facility).
//usage:
//usage:  -j, --jail=DIR       the jail: every directory of its path owned
//usage:                       by root, not writable by group or others
//usage:  -x, --exec=PATH      the program to run
//usage:  -u, --user=USER      user name or uid (host's /etc/passwd); its
//usage:                       primary group unless -g is given
//usage:  -g, --group=GROUP    group name or gid (host's /etc/group)
//usage:  -p, --pidfile=FILE   write the process id (the daemon's) to FILE
//usage:  -v                   ignored (compatibility)
//usage:  -h, --help           show this help
#include "jk.h"

#define PASSWD_FILE "/etc/passwd"
#define GROUP_FILE "/etc/group"
#define WHY_MAX 512                 /* one reason, "PATH: what is wrong" */

/* exit statuses of jailkit 2.23, kept for scripts */
#define EXIT_NO_JAIL 21
#define EXIT_NO_EXEC 23
#define EXIT_UNSAFE_JAIL 25
#define EXIT_RELATIVE_JAIL 27
#define EXIT_UNSAFE_EXEC 29
#define EXIT_CHDIR 33
#define EXIT_CHROOT 35
#define EXIT_SETGID 37
#define EXIT_SETUID 39
/* exec failures, as shells report them */
#define EXIT_NOEXEC 126
#define EXIT_NOTFOUND 127

/* check_node() requirements */
#define NODE_DIR 1       /* a directory */
#define NODE_FILE 2      /* a regular file */
#define NODE_STRICT 4    /* group root too, no setuid or setgid bit */

/* checked like the jail itself, when present (as in 2.23) */
static const char *const top_dirs[] = {
  "dev", "etc", "lib", "usr", "bin", "sbin"
};

static const char *jail_arg, *exec_arg, *user_arg, *group_arg, *pidfile;
static char jail[PATH_MAX];         /* cleaned: no trailing or double '/' */
static char inside[PATH_MAX];       /* the executable, as seen in the jail */
static int jail_fd = -1;            /* O_PATH, checked */
static int set_uid, set_gid;
static uid_t uid;
static gid_t gid;

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jail", required_argument, 0, 'j' },
    { "exec", required_argument, 0, 'x' },
    { "user", required_argument, 0, 'u' },
    { "group", required_argument, 0, 'g' },
    { "pidfile", required_argument, 0, 'p' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:x:u:g:p:hv", longopts, 0))
         != -1) {
    switch (opt) {
    case 'j': jail_arg = optarg; break;
    case 'x': exec_arg = optarg; break;
    case 'u': user_arg = optarg; break;
    case 'g': group_arg = optarg; break;
    case 'p': pidfile = optarg; break;
    case 'v': break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
}

/* As in 2.23, an argument starting with a digit is an id; here the whole
 * of it must be one. 1 with *id, 0 for a name; dies on a bad number. */
static int is_id(const char *what, const char *arg, long *id)
{
  if (!isdigit((unsigned char)*arg)) return 0;
  if (arg[strspn(arg, "0123456789")] || parse_long(arg, 0, (long)(uid_t)-2, id))
    error_exit("%s '%s' is not a valid id", what, arg);
  return 1;
}

/* -u, in the host's passwd file (as 2.23 did, but read directly: no NSS) */
static void resolve_user(const char *arg)
{
  char buf[PW_LINE_MAX];
  struct pw_ent pw;
  long id;
  int r;

  if (is_id("user", arg, &id))
    r = pw_byuid(PASSWD_FILE, id, &pw, buf, sizeof(buf));
  else r = pw_byname(PASSWD_FILE, arg, &pw, buf, sizeof(buf));
  if (r < 0) perror_exit("%s: looking up user '%s'", PASSWD_FILE, arg);
  if (!r) error_exit("user '%s' not found in %s", arg, PASSWD_FILE);
  uid = pw.uid;
  gid = pw.gid;
  set_uid = set_gid = 1;
}

/* -g, in the host's group file; it wins over the user's primary group */
static void resolve_group(const char *arg)
{
  char buf[PW_LINE_MAX];
  struct gr_ent gr;
  long id;
  int r;

  if (is_id("group", arg, &id))
    r = gr_bygid(GROUP_FILE, id, &gr, buf, sizeof(buf));
  else r = gr_byname(GROUP_FILE, arg, &gr, buf, sizeof(buf));
  if (r < 0) perror_exit("%s: looking up group '%s'", GROUP_FILE, arg);
  if (!r) error_exit("group '%s' not found in %s", arg, GROUP_FILE);
  gid = gr.gid;
  set_gid = 1;
}

/* A reason for a refusal; a long one is cut (the message is, anyway). */
static void __attribute__((format(printf, 3, 4)))
explain(char *why, size_t len, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(why, len, fmt, ap);
  va_end(ap);
}

/* The checks 2.23 made on the jail, its top directories and the
 * executable (NODE_STRICT), or only ownership and mode (the directories on
 * the way to the executable). 0, or -1 with the reason in why. */
static int check_node(int fd, const char *name, int how, char *why,
                      size_t len)
{
  struct stat st;
  const char *bad = 0;

  if (fstat(fd, &st)) bad = strerror(errno);
  else if (S_ISLNK(st.st_mode)) bad = "is a symlink";
  else if ((how & NODE_DIR) && !S_ISDIR(st.st_mode)) bad = "not a directory";
  else if ((how & NODE_FILE) && !S_ISREG(st.st_mode))
    bad = "not a regular file";
  else if (st.st_uid) bad = "not owned by root";
  else if ((how & NODE_STRICT) && st.st_gid) bad = "group is not root";
  else if (st.st_mode & S_IWGRP) bad = "writable by group";
  else if (st.st_mode & S_IWOTH) bad = "writable by others";
  else if ((how & NODE_STRICT) && (st.st_mode & (S_ISUID | S_ISGID)))
    bad = "setuid or setgid";
  if (!bad) return 0;
  explain(why, len, "%s: %s", name, bad);
  return errno = EPERM, -1;
}

/* The host path of the first n bytes of in, a path inside the jail (for
 * messages only: a cut name does no harm there). */
static void host_path(char *buf, size_t len, const char *in, size_t n)
{
  int jlen = strcmp(jail, "/") ? (int)strlen(jail) : 0;

  snprintf(buf, len, "%.*s%.*s", jlen, jail, (int)n, in);
}

/* Open path (absolute inside the jail, cleaned) from the jail's fd one
 * component at a time, never following a symlink; each directory on the
 * way must pass check_node(). The last component is returned unchecked
 * (O_PATH), or -1 with errno (ENOENT: something is missing) and why.
 * Messages name host paths: "/srv/jail/usr: writable by others". */
static int open_in_jail(const char *path, char *why, size_t len)
{
  char name[PATH_MAX], comp[NAME_MAX + 1];
  size_t off = 0, start, n;
  int fd = fcntl(jail_fd, F_DUPFD_CLOEXEC, 3), nfd, err;

  if (fd < 0) return explain(why, len, "%s: %s", jail, strerror(errno)), -1;
  for (;;) {
    start = off + strspn(path + off, "/");
    n = strcspn(path + start, "/");
    if (!n) return fd;
    off = start + n;
    host_path(name, sizeof(name), path, off);
    if (n > NAME_MAX) {
      close(fd);
      explain(why, len, "%s: name too long", name);
      return errno = ENAMETOOLONG, -1;
    }
    memcpy(comp, path + start, n);
    comp[n] = 0;
    nfd = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    err = errno;
    close(fd);
    if (nfd < 0) {
      explain(why, len, "%s: %s", name,
               err == ENOENT ? "does not exist" : strerror(err));
      return errno = err, -1;
    }
    fd = nfd;
    if (path[off + strspn(path + off, "/")] &&
        check_node(fd, name, NODE_DIR, why, len)) {
      close(fd);
      return errno = EPERM, -1;
    }
  }
}

/* One of top_dirs: absent is fine. A symlink (lib -> usr/lib in a
 * merged-/usr jail) is followed inside the jail, once: its target must
 * pass the same checks, and every directory on the way to it. */
static int check_top(const char *dir, char *why, size_t len)
{
  char name[PATH_MAX], target[PATH_MAX], in[PATH_MAX];
  struct stat st;
  ssize_t n;
  int fd = openat(jail_fd, dir, O_PATH | O_NOFOLLOW | O_CLOEXEC), r;

  if (fd < 0 && errno == ENOENT) return 0;
  r = fd < 0 || fstat(fd, &st) ? errno : 0;
  snprintf(in, sizeof(in), "/%s", dir);
  host_path(name, sizeof(name), in, strlen(in));
  if (r) {
    if (fd >= 0) close(fd);
    return explain(why, len, "%s: %s", name, strerror(r)), -1;
  }
  if (S_ISLNK(st.st_mode)) {
    n = readlinkat(fd, "", target, sizeof(target) - 1);
    close(fd);
    if (n < 0) return explain(why, len, "%s: %s", name, strerror(errno)), -1;
    target[n] = 0;
    /* from the jail's root either way: the link is in it */
    if (snprintf(in, sizeof(in), "/%s", target) >= (int)sizeof(in) ||
        path_clean(in, sizeof(in), in)) {
      explain(why, len, "%s: symlink to '%s' refused", name, target);
      return -1;
    }
    fd = open_in_jail(in, why, len);
    if (fd < 0) return errno == ENOENT ? 0 : -1;
    host_path(name, sizeof(name), in, strlen(in));
  }
  r = check_node(fd, name, NODE_STRICT, why, len);
  close(fd);
  return r;
}

/* 2.23's checks and exit statuses, in its order; every component of the
 * jail's path is checked too, and jail_fd is what was checked. */
static void check_jail(void)
{
  char why[WHY_MAX];
  size_t i;

  if (!jail_arg) error_exit_code(EXIT_NO_JAIL, "no jail given (-j)");
  if (!exec_arg) error_exit_code(EXIT_NO_EXEC, "no executable given (-x)");
  if (*jail_arg != '/')
    error_exit_code(EXIT_RELATIVE_JAIL, "jail '%s' is not an absolute path",
                    jail_arg);
  jail_fd = safepath_open(jail_arg, 0, why, sizeof(why));
  if (jail_fd < 0 || path_clean(jail, sizeof(jail), jail_arg) ||
      check_node(jail_fd, jail, NODE_DIR | NODE_STRICT, why, sizeof(why)))
    error_exit_code(EXIT_UNSAFE_JAIL, "jail %s is not safe: %s", jail_arg,
                    why);
  for (i = 0; i < sizeof(top_dirs) / sizeof(*top_dirs); i++)
    if (check_top(top_dirs[i], why, sizeof(why)))
      error_exit_code(EXIT_UNSAFE_JAIL, "jail %s is not safe: %s", jail,
                      why);
}

/* -x names a path inside the jail ("/usr/sbin/d"; a relative one is taken
 * from the jail's root) or the full path starting with the jail. */
static void check_exec(void)
{
  char clean[PATH_MAX], host[PATH_MAX], why[WHY_MAX];
  size_t jlen = strlen(jail);
  int fd, r;

  r = snprintf(clean, sizeof(clean), "%s%s", *exec_arg == '/' ? "" : "/",
               exec_arg);
  if (r >= (int)sizeof(clean)) r = (errno = ERANGE, -1);
  else r = path_clean(clean, sizeof(clean), clean);
  if (r)
    error_exit_code(EXIT_UNSAFE_EXEC, "executable '%s': %s", exec_arg,
                    errno == EINVAL ? "'..' refused" : "path too long");
  if (*exec_arg == '/' && jlen > 1 && path_inside(jail, clean))
    xstrlcpy(inside, clean[jlen] ? clean + jlen : "/", sizeof(inside));
  else xstrlcpy(inside, clean, sizeof(inside));
  fd = open_in_jail(inside, why, sizeof(why));
  host_path(host, sizeof(host), inside, strlen(inside));
  if (fd < 0 || check_node(fd, host, NODE_FILE | NODE_STRICT, why,
                           sizeof(why)))
    error_exit_code(EXIT_UNSAFE_EXEC, "executable %s is not safe: %s", host,
                    why);
  /* Executed by its path inside the jail (see launch()), so a #! script
   * works too; nobody but root can change what was checked. */
  close(fd);
}

/* The pid, with a newline, through a temporary file renamed into place:
 * never half written, never written through a symlink. */
static void write_pidfile(const char *path)
{
  char tmp[PATH_MAX], line[32];
  int fd, n, err;

  xsnprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) perror_exit("pidfile %s", path);
  n = snprintf(line, sizeof(line), "%d\n", (int)getpid());
  if (write_all(fd, line, n) < 0 || close(fd) || rename(tmp, path)) {
    err = errno;
    unlink(tmp);
    errno = err;
    perror_exit("pidfile %s", path);
  }
}

/* Through the checked descriptor: no path is looked up again. */
static void enter_jail(void)
{
  if (fchdir(jail_fd))
    error_exit_code(EXIT_CHDIR, "cannot change directory to %s: %s", jail,
                    strerror(errno));
  if (chroot("."))
    error_exit_code(EXIT_CHROOT, "cannot chroot to %s: %s", jail,
                    strerror(errno));
  close(jail_fd);
}

/* The supplementary groups are always cleared (2.23 kept root's, even for
 * -u): the process's only group is gid, the user's primary group unless
 * -g is given, root's without either. -g alone leaves uid 0. */
static void drop_privileges(void)
{
  if (!set_gid) gid = getgid();
  if (setgroups(0, NULL) || setresgid(gid, gid, gid) || getgid() != gid ||
      getegid() != gid || getgroups(0, NULL) != 0)
    error_exit_code(EXIT_SETGID, "cannot change to group %u: %s",
                    (unsigned)gid, strerror(errno));
  if (set_uid && uid && drop_to(uid, gid, 0))
    error_exit_code(EXIT_SETUID, "cannot change to user %u: %s",
                    (unsigned)uid, strerror(errno));
}

/* argv[0] of the program is its path inside the jail */
static void launch(char **args)
{
  int err;

  log_msg(LOG_NOTICE, "executing %s in jail %s as uid %u gid %u", inside,
          jail, (unsigned)getuid(), (unsigned)getgid());
  args[0] = inside;
  execv(inside, args);
  err = errno;
  error_exit_code(err == ENOENT || err == ENOTDIR ? EXIT_NOTFOUND
                  : EXIT_NOEXEC, "cannot execute %s in jail %s: %s", inside,
                  jail, strerror(err));
}

int jk_chrootlaunch_main(int argc, char **argv)
{
  close_from(3);      /* nothing inherited reaches the daemon */
  log_open("jk_chrootlaunch", LOG_DAEMON, LOG_TO_SYSLOG);
  parse_args(argc, argv);
  if (user_arg) resolve_user(user_arg);
  if (group_arg) resolve_group(group_arg);
  check_jail();
  check_exec();
  if (pidfile) write_pidfile(pidfile);
  enter_jail();
  drop_privileges();
  launch(argv + optind - 1);
  return 1;
}
