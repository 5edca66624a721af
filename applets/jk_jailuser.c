/* jk_jailuser: move existing accounts into a jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_jailuser.8. Differences: docs/differences.md.
 *
 * For each USER: the jail's etc/group gets the user's groups (the user a
 * member of the supplementary ones) and its etc/passwd the user, with the
 * home inside the jail and the jail shell (-s); with -m the home moves
 * into the jail (rename(2), or a copy that keeps symlinks, modes, owners
 * and special files when the jail is on another file system); last, the
 * host's passwd line gets home JAIL/./HOME and shell jk_chrootsh. Every
 * check comes first: bad input changes nothing. Edits are lib/pwfile's
 * (atomic, under useradd's locks). Exit status: 0 done; 1 usage, or a
 * failure while changing (lock busy, a write, the move: the host's passwd
 * is written last and the move undone if it fails); 2 no user given, or
 * a user unknown; 3 a user that cannot be jailed as asked (root, already
 * jailed, another account of that name in the jail, -m without a home or
 * onto an existing directory); 33 the jail refused (2.23's code).
 */
//applet: jk_jailuser AF_ROOT|AF_SBIN
//usage: jk_jailuser [-m|--nomove] [-n] [-v] [-s SHELL] -j JAIL USER...
//usage:
//usage: Put existing accounts in the chroot jail JAIL: add them and their
//usage: groups to the jail's etc/passwd and etc/group, set their home on
//usage: the host to JAIL/./HOME and their shell to /usr/sbin/jk_chrootsh.
//usage:
//usage:  -j, --jail=JAIL       the jail (safe: root's all the way up)
//usage:  -s, --shell=SHELL     shell in the jail (default /usr/sbin/jk_lsh)
//usage:  -m, --move            move the home directory into the jail
//usage:      --nomove          do not move it, do not ask
//usage:  -n, --noninteractive  never ask (also when stdin is no terminal)
//usage:  -v, --verbose         say what is done
//usage:  -h, --help            show this help
#include "jk.h"
#include <dirent.h>

#define HOST_PASSWD "/etc/passwd"
#define EXIT_NOUSER 2
#define EXIT_USER 3
#define EXIT_JAIL 33
#define COPY_DEPTH 128          /* directory levels a copied home may have */

struct user {
  char buf[PW_LINE_MAX];
  struct pw_ent pw;
  char injail[PATH_MAX];       /* the home inside the jail */
  char newhome[PATH_MAX];      /* JAIL/./INJAIL */
  int move;
};

static const char *shell = JAILUSER_SHELL;
static char jail[PATH_MAX];
static int jailfd = -1, move = -1, interactive, verbose;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
  va_list ap;

  if (!verbose) return;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

static void set_jail(const char *arg)
{
  if (jailuser_path(arg, jail, sizeof(jail)))
    error_exit_code(EXIT_JAIL, "jail '%s': %s", arg, strerror(errno));
}

static int parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jail", required_argument, 0, 'j' },
    { "shell", required_argument, 0, 's' },
    { "move", no_argument, 0, 'm' },
    { "nomove", no_argument, 0, 'N' },
    { "noninteractive", no_argument, 0, 'n' },
    { "verbose", no_argument, 0, 'v' },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
  };
  int opt, nonint = 0;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:s:mnvh", longopts, 0)) != -1) {
    switch (opt) {
    case 'j': set_jail(optarg); break;
    case 's': shell = optarg; break;
    case 'm': move = 1; break;
    case 'N': move = 0; break;
    case 'n': nonint = 1; break;
    case 'v': verbose = 1; break;
    case 'h': applet_help(); exit(0);
    case '?': if (optopt == '?') { applet_help(); exit(0); }
    /* fall through */
    default: usage_option_exit(opt, argv);
    }
  }
  interactive = !nonint && isatty(0);
  if (optind == argc)
    error_exit_code(EXIT_NOUSER, "no user name given: aborted");
  if (!*jail) error_exit_code(EXIT_JAIL, "no jail given (-j JAIL)");
  return optind;
}

static void open_jail(void)
{
  char why[JAIL_WHY_MAX];

  jailfd = jailuser_open(jail, shell, why, sizeof(why));
  if (jailfd < 0) error_exit_code(EXIT_JAIL, "jail refused: %s", why);
  say("jail %s: safe, with etc/passwd and the shell %s", jail, shell);
}

/* y/n on the terminal; an empty answer is yes, as in 2.23 */
static int ask(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int ask(const char *fmt, ...)
{
  char line[64];
  va_list ap;

  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf(" [Y/n] ");
  fflush(stdout);
  if (!fgets(line, sizeof(line), stdin)) return 0;
  return *line == '\n' || *line == 'y' || *line == 'Y';
}

/* -m: the old home a directory (not a symlink), the new one free, and
 * neither inside the other. 0 when there is nothing to move. */
static int check_move(struct user *u)
{
  char target[PATH_MAX];
  struct stat st;

  xsnprintf(target, sizeof(target), "%s%s", jail, u->injail);
  if (!strcmp(u->pw.dir, target) || path_inside(target, u->pw.dir)) {
    say("%s: home %s is in the jail already", u->pw.name, u->pw.dir);
    return 0;
  }
  if (lstat(u->pw.dir, &st))
    error_exit_code(EXIT_USER, "%s: home %s: %s: nothing to move (use "
                    "--nomove)", u->pw.name, u->pw.dir, strerror(errno));
  if (!S_ISDIR(st.st_mode))
    error_exit_code(EXIT_USER, "%s: home %s is not a directory%s: nothing "
                    "to move (use --nomove)", u->pw.name, u->pw.dir,
                    S_ISLNK(st.st_mode) ? " (a symlink)" : "");
  if (path_inside(u->pw.dir, jail) || !strcmp(u->pw.dir, "/"))
    error_exit_code(EXIT_USER, "%s: the jail %s is inside the home %s",
                    u->pw.name, jail, u->pw.dir);
  if (!lstat(target, &st))
    error_exit_code(EXIT_USER, "%s: %s exists: not moving the home onto "
                    "it", u->pw.name, target);
  return 1;
}

/* Everything about one user that can be known before a change. */
static void check_user(struct user *u, const char *name, int again)
{
  char why[JAIL_WHY_MAX];
  int r = pw_byname(HOST_PASSWD, name, &u->pw, u->buf, sizeof(u->buf));

  if (r < 0) error_exit(HOST_PASSWD ": user %s: %s", name, strerror(errno));
  if (!r) error_exit_code(EXIT_NOUSER, "no user %s in " HOST_PASSWD, name);
  if (!u->pw.uid) error_exit_code(EXIT_USER, "%s: root is never jailed",
                                  name);
  if (strstr(u->pw.dir, JAIL_SEP) || !strcmp(u->pw.shell, JAILUSER_CHROOTSH))
    error_exit_code(EXIT_USER, "%s is jailed already (home %s, shell %s)",
                    name, u->pw.dir, u->pw.shell);
  if (jailuser_homes(jail, u->pw.dir, u->injail, sizeof(u->injail),
                     u->newhome, sizeof(u->newhome)))
    error_exit_code(EXIT_USER, "%s: home %s: path too long", name, u->pw.dir);
  if (jailuser_check(jailfd, jail, &u->pw, why, sizeof(why)))
    error_exit_code(EXIT_USER, "%s: %s", name, why);
  if (!again) {
    u->move = move;
    if (u->move < 0)
      u->move = interactive && strcmp(u->pw.dir, u->newhome) &&
        ask("move the home of %s from %s to %s%s?", name, u->pw.dir, jail,
            u->injail);
  }
  if (u->move) u->move = check_move(u);
}

/* ---- the move ---- */

static int copy_tree(int sdir, const char *name, int ddir, int depth);

static int copy_fail(const char *what, const char *name)
{
  perror_msg("%s %s", what, name);
  return -1;
}

/* owner, mode and times of a copy, as the source's; setuid/setgid bits
 * of root's files are dropped (a home carries no root programs) */
static int copy_meta(int ddir, const char *name, const struct stat *st)
{
  struct timespec t[2] = { st->st_atim, st->st_mtim };
  mode_t mode = st->st_mode & 07777;

  if (!st->st_uid && !S_ISDIR(st->st_mode)) mode &= ~(S_ISUID | S_ISGID);
  if (fchownat(ddir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW))
    return copy_fail("chown", name);
  if (!S_ISLNK(st->st_mode) && fchmodat(ddir, name, mode, 0))
    return copy_fail("chmod", name);
  if (utimensat(ddir, name, t, AT_SYMLINK_NOFOLLOW))
    return copy_fail("set times of", name);
  return 0;
}

static int copy_file(int sdir, const char *name, int ddir,
                     const struct stat *st)
{
  char buf[65536];
  ssize_t n;
  int in = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  int out = -1, r = -1;
  struct stat now;

  if (in < 0 || fstat(in, &now) || now.st_ino != st->st_ino)
    goto done;                               /* replaced meanwhile */
  out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
               O_CLOEXEC, 0600);
  if (out < 0) goto done;
  while ((n = read(in, buf, sizeof(buf))) > 0)
    if (write_all(out, buf, n) < 0) goto done;
  r = n < 0 ? -1 : 0;
done:
  if (r) perror_msg("copy %s", name);
  if (in >= 0) close(in);
  if (out >= 0 && close(out)) r = copy_fail("close", name);
  return r;
}

static int copy_dir(int sdir, const char *name, int ddir, int depth)
{
  int s = -1, d = -1, r = -1;
  struct dirent *e;
  DIR *dp = 0;

  if (depth > COPY_DEPTH) {
    error_msg("%s: more than %d directory levels", name, COPY_DEPTH);
    return -1;
  }
  if (mkdirat(ddir, name, 0700)) return copy_fail("mkdir", name);
  s = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  d = openat(ddir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (s < 0 || d < 0 || !(dp = fdopendir(s))) {
    copy_fail("open", name);
    goto out;
  }
  s = -1;
  r = 0;
  while ((e = readdir(dp)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      r |= copy_tree(dirfd(dp), e->d_name, d, depth + 1);
out:
  if (dp) closedir(dp);
  if (s >= 0) close(s);
  if (d >= 0) close(d);
  return r;
}

/* one entry of the source, whatever it is; its owner, mode and times
 * after its contents (a directory stays root's 0700 until then, so
 * nobody can meddle with the copy) */
static int copy_tree(int sdir, const char *name, int ddir, int depth)
{
  struct stat st;
  char target[PATH_MAX];
  ssize_t n;
  int r;

  if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW))
    return copy_fail("stat", name);
  if (S_ISDIR(st.st_mode)) r = copy_dir(sdir, name, ddir, depth);
  else if (S_ISREG(st.st_mode)) r = copy_file(sdir, name, ddir, &st);
  else if (S_ISLNK(st.st_mode)) {
    n = readlinkat(sdir, name, target, sizeof(target) - 1);
    if (n < 0 || n == sizeof(target) - 1) return copy_fail("readlink", name);
    target[n] = 0;
    r = symlinkat(target, ddir, name) ? copy_fail("symlink", name) : 0;
  } else if (mknodat(ddir, name, (st.st_mode & S_IFMT) | 0600, st.st_rdev))
    r = copy_fail("mknod", name);
  else r = 0;
  return r ? r : copy_meta(ddir, name, &st);
}

/* remove what copy_tree made, or the source after it */
static int remove_tree(int dir, const char *name, int depth)
{
  struct stat st;
  struct dirent *e;
  int fd, r = 0;
  DIR *dp;

  if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW))
    return errno == ENOENT ? 0 : copy_fail("stat", name);
  if (!S_ISDIR(st.st_mode))
    return unlinkat(dir, name, 0) ? copy_fail("remove", name) : 0;
  if (depth > COPY_DEPTH) return copy_fail("remove (too deep)", name);
  fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || !(dp = fdopendir(fd))) {
    if (fd >= 0) close(fd);
    return copy_fail("open", name);
  }
  while ((e = readdir(dp)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      r |= remove_tree(dirfd(dp), e->d_name, depth + 1);
  closedir(dp);
  if (!r && unlinkat(dir, name, AT_REMOVEDIR)) r = copy_fail("remove", name);
  return r;
}

/* Where a move happens: the old home's directory and name, the new one's. */
struct move {
  int sdir, ddir, copied;
  char sname[NAME_MAX + 1], dname[NAME_MAX + 1];
};

static void open_move(struct user *u, struct move *m)
{
  char parent[PATH_MAX], why[JAIL_WHY_MAX], *slash;

  xstrlcpy(parent, u->pw.dir, sizeof(parent));
  slash = strrchr(parent, '/');
  xstrlcpy(m->sname, slash + 1, sizeof(m->sname));
  if (slash == parent) slash[1] = 0;
  else *slash = 0;
  m->sdir = open(parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (m->sdir < 0) perror_exit("%s", parent);
  m->ddir = jailuser_mkparents(jailfd, jail, u->injail, m->dname,
                               sizeof(m->dname), 0, why, sizeof(why));
  if (m->ddir < 0) error_exit("%s", why);
}

/* rename, or copy when the jail is on another file system; the new home
 * is the user's (jk_chrootsh insists) */
static void move_home(struct user *u, struct move *m)
{
  struct stat st;

  open_move(u, m);
  m->copied = 0;
  if (renameat(m->sdir, m->sname, m->ddir, m->dname)) {
    if (errno != EXDEV)
      perror_exit("move %s to %s%s", u->pw.dir, jail, u->injail);
    say("%s: %s is on another file system: copying", u->pw.name, jail);
    m->copied = 1;
    if (copy_tree(m->sdir, m->sname, m->ddir, 0)) {
      remove_tree(m->ddir, m->dname, 0);
      error_exit("%s: copying the home %s failed: nothing changed on the "
                 "host", u->pw.name, u->pw.dir);
    }
  }
  if (fstatat(m->ddir, m->dname, &st, AT_SYMLINK_NOFOLLOW))
    perror_exit("%s%s", jail, u->injail);
  if ((st.st_uid != u->pw.uid || st.st_gid != u->pw.gid) &&
      fchownat(m->ddir, m->dname, u->pw.uid, u->pw.gid, AT_SYMLINK_NOFOLLOW))
    perror_exit("chown %s%s", jail, u->injail);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    error_msg("warning: %s%s is writable by group or others: jk_chrootsh "
              "refuses such a home", jail, u->injail);
  say("%s: home %s %s to %s%s", u->pw.name, u->pw.dir,
      m->copied ? "copied" : "moved", jail, u->injail);
}

static void undo_move(struct user *u, struct move *m)
{
  if (m->copied ? remove_tree(m->ddir, m->dname, 0)
      : renameat(m->ddir, m->dname, m->sdir, m->sname))
    perror_msg("undoing the move of %s: it is now at %s%s", u->pw.dir, jail,
               u->injail);
}

/* ---- the host ---- */

static int set_host(struct user *u, char *why, size_t len)
{
  char line[PW_LINE_MAX];
  const struct pw_ent *p = &u->pw;

  if (snprintf(line, sizeof(line), "%s:%s:%lu:%lu:%s:%s:%s", p->name,
               p->passwd, (unsigned long)p->uid, (unsigned long)p->gid,
               p->gecos, u->newhome, JAILUSER_CHROOTSH) >= (int)sizeof(line))
    return snprintf(why, len, HOST_PASSWD ": line too long"), -1;
  return pwfile_set(AT_FDCWD, HOST_PASSWD, p->name, line, why, len);
}

static void jail_user(struct user *u)
{
  char why[JAIL_WHY_MAX];
  struct move m = { -1, -1, 0, "", "" };
  char home[PATH_MAX];
  struct stat st;

  if (jailuser_write(jailfd, jail, &u->pw, u->injail, shell, why,
                     sizeof(why)))
    error_exit("%s: %s", u->pw.name, why);
  say("%s: added to %s/etc/passwd and etc/group", u->pw.name, jail);
  if (u->move) move_home(u, &m);
  if (set_host(u, why, sizeof(why))) {
    if (u->move) undo_move(u, &m);
    error_exit("%s: %s", u->pw.name, why);
  }
  say("%s: home %s, shell " JAILUSER_CHROOTSH, u->pw.name, u->newhome);
  if (m.copied && remove_tree(m.sdir, m.sname, 0))
    error_msg("%s: the old home %s could not be removed entirely",
              u->pw.name, u->pw.dir);
  xsnprintf(home, sizeof(home), "%s%s", jail, u->injail);
  if (!u->move && lstat(home, &st))
    error_msg("warning: %s has no home %s%s yet: no login until it exists "
              "(-m moves the old one)", u->pw.name, jail, u->injail);
  if (m.sdir >= 0) close(m.sdir);
  if (m.ddir >= 0) close(m.ddir);
}

int jk_jailuser_main(int argc, char **argv)
{
  char why[JAIL_WHY_MAX];
  struct user *users;
  int first = parse_args(argc, argv), n = argc - first, i;

  open_jail();
  users = xzalloc(n * sizeof(*users));
  for (i = 0; i < n; i++) check_user(&users[i], argv[first + i], 0);
  if (pw_lock(why, sizeof(why))) error_exit("%s", why);
  atexit(pw_unlock);                /* error_exit too leaves no lock */
  for (i = 0; i < n; i++) {
    check_user(&users[i], argv[first + i], 1);   /* under the lock */
    jail_user(&users[i]);
  }
  pw_unlock();
  return 0;
}
