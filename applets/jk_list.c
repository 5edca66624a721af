/* jk_list: list the processes that run in a chroot jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_list.8. Differences: docs/differences.md.
 *
 * A process is jailed when its root directory (/proc/PID/root) is not
 * "/". Each is shown with its pid, owner, jail and command, sorted by jail
 * and pid. A process that exits during the scan, or whose root cannot be
 * read (another user's, unless we are root), is skipped; the count of
 * unreadable ones is noted on stderr. Names come from /etc/passwd (never
 * NSS); an unknown uid is shown as a number.
 */
//applet: jk_list AF_SBIN
//usage: jk_list [-w] [-j JAIL] [--json]
//usage:
//usage: List the processes whose root directory is not / (chroot jails),
//usage: sorted by jail: pid, user, jail and command (the executable and
//usage: its arguments). Only root can see other users' processes.
//usage:
//usage:  -w, --wide         do not cut the command to fit 80 columns
//usage:  -j, --jail=JAIL    only processes in JAIL or a jail inside it
//usage:      --json         one JSON object per line and process: pid,
//usage:                     uid, user, jail, exe, argv
//usage:  -h, --help         show this help
#include "jk.h"

#define PROC "/proc"
#define PASSWD_FILE "/etc/passwd"
#define CMDLINE_MAX 4096     /* bytes of /proc/PID/cmdline read (as 2.23) */
#define WIDTH 80             /* of the table without -w */
#define CMD_MIN 20           /* the command column is never cut below */
#define USER_MAX 64          /* a user name, or a uid in decimal */

struct proc {
  long pid;
  uid_t uid;
  char user[USER_MAX];
  char *jail, *exe;
  char *args;                /* cmdline: NUL-separated, nargs bytes */
  size_t nargs;
};

static int wide, json;
static char filter[PATH_MAX];      /* -j, cleaned; empty: all */
static struct proc *procs;
static size_t nprocs, cap;
static int unreadable;

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "wide", no_argument, 0, 'w' },
    { "jail", required_argument, 0, 'j' },
    { "json", no_argument, 0, 'J' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, 'V' },
    { 0, 0, 0, 0 }
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:wj:h", longopts, 0)) != -1) {
    switch (opt) {
    case 'w': wide = 1; break;
    case 'J': json = 1; break;
    case 'j':
      if (optarg[0] != '/' || path_clean(filter, sizeof(filter), optarg))
        usage_exit("-j: '%s' is not an absolute path", optarg);
      break;
    case 'h': applet_help(); exit(0);
    case 'V': puts("jailkit " JK_VERSION); exit(0);
    default: usage_option_exit(opt, argv);
    }
  }
  if (optind < argc) usage_exit("unexpected argument '%s'", argv[optind]);
}

/* the link's text, xmalloc'd, or 0 with errno */
static char *link_at(int dirfd, const char *name)
{
  char buf[PATH_MAX];
  ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf) - 1);

  if (n < 0) return 0;
  buf[n] = 0;
  return xstrdup(buf);
}

/* JAIL itself or a jail inside it (a nested chroot) */
static int wanted(const char *jail)
{
  size_t n = strlen(filter);

  if (!*filter) return 1;
  if (!strcmp(filter, "/")) return 1;
  return !strncmp(jail, filter, n) && (!jail[n] || jail[n] == '/');
}

static void user_name(struct proc *p)
{
  static uid_t last = (uid_t)-1;
  static char last_name[USER_MAX];
  char buf[PW_LINE_MAX];
  struct pw_ent e;

  if (p->uid != last) {
    last = p->uid;
    if (pw_byuid(PASSWD_FILE, p->uid, &e, buf, sizeof(buf)) == 1 &&
        strlen(e.name) < sizeof(last_name))
      xstrlcpy(last_name, e.name, sizeof(last_name));
    else
      xsnprintf(last_name, sizeof(last_name), "%u", (unsigned)p->uid);
  }
  xstrlcpy(p->user, last_name, sizeof(p->user));
}

static void proc_free(struct proc *p)
{
  free(p->jail);
  free(p->exe);
  free(p->args);
}

/* one /proc/PID: 1 jailed (stored), 0 not jailed or gone, -1 unreadable */
static int read_proc(int procfd, const char *name, long pid)
{
  struct proc p = { .pid = pid };
  struct stat st;
  int fd, dfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ssize_t n;

  if (dfd < 0) return 0;
  p.jail = link_at(dfd, "root");
  if (!p.jail) {
    close(dfd);
    return errno == EACCES || errno == EPERM ? -1 : 0;
  }
  if (!strcmp(p.jail, "/") || !wanted(p.jail) || fstat(dfd, &st)) goto skip;
  p.uid = st.st_uid;
  p.exe = link_at(dfd, "exe");
  if (!p.exe) p.exe = xstrdup("");      /* a zombie has none */
  p.args = xmalloc(CMDLINE_MAX + 1);
  fd = openat(dfd, "cmdline", O_RDONLY | O_CLOEXEC);
  n = fd < 0 ? -1 : read_all(fd, p.args, CMDLINE_MAX);
  if (fd >= 0) close(fd);
  if (n < 0) goto skip;
  p.nargs = n;
  p.args[n] = 0;                        /* a cut last argument ends too */
  close(dfd);
  user_name(&p);
  if (nprocs == cap) {
    cap = cap ? cap * 2 : 64;
    procs = realloc(procs, cap * sizeof(*procs));
    if (!procs) error_exit("out of memory");
  }
  procs[nprocs++] = p;
  return 1;
skip:
  close(dfd);
  proc_free(&p);
  return 0;
}

static void scan(void)
{
  DIR *d = opendir(PROC);
  struct dirent *e;
  long pid;

  if (!d) perror_exit("%s", PROC);
  while ((errno = 0, e = readdir(d))) {
    if (parse_long(e->d_name, 1, LONG_MAX, &pid)) continue;
    if (read_proc(dirfd(d), e->d_name, pid) < 0) unreadable++;
  }
  if (errno) perror_exit("%s", PROC);
  closedir(d);
}

static int by_jail(const void *a, const void *b)
{
  const struct proc *x = a, *y = b;
  int r = strcmp(x->jail, y->jail);

  if (r) return r;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

/* the arguments after argv[0], blank-separated, as 2.23 showed them */
static void args_text(const struct proc *p, char *out, size_t len)
{
  size_t i = 0, o = 0;

  while (i < p->nargs && p->args[i]) i++;       /* argv[0] */
  for (i++; i < p->nargs && o + 1 < len; i++)
    out[o++] = p->args[i] ? p->args[i] : ' ';
  while (o && out[o - 1] == ' ') o--;
  out[o] = 0;
}

/* the table must not let a file name write on the terminal */
static void printable(char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < ' ' || *s == 0x7f) *s = '?';
}

static void print_table(void)
{
  char cmd[CMDLINE_MAX + PATH_MAX + 2], args[CMDLINE_MAX];
  int uw = 4, jw = 4, cw = 0, n;
  size_t i;

  for (i = 0; i < nprocs; i++) {
    n = strlen(procs[i].user);
    if (n > uw) uw = n;
    n = strlen(procs[i].jail);
    if (n > jw) jw = n;
  }
  cw = WIDTH - 5 - uw - jw - 4;
  if (cw < CMD_MIN) cw = CMD_MIN;
  printf("%-6s %-*s %-*s %s\n", "Pid", uw, "User", jw, "Jail", "Command");
  for (i = 0; i < nprocs; i++) {
    args_text(&procs[i], args, sizeof(args));
    xsnprintf(cmd, sizeof(cmd), "%s%s%s", procs[i].exe, *args ? " " : "",
              args);
    printable(cmd);
    printable(procs[i].jail);
    printf("%-6ld %-*s %-*s %.*s\n", procs[i].pid, uw, procs[i].user, jw,
           procs[i].jail, wide ? (int)sizeof(cmd) : cw, cmd);
  }
}

static void print_json(void)
{
  const struct proc *p;
  size_t i, a;

  for (i = 0; i < nprocs; i++) {
    p = &procs[i];
    printf("{\"pid\":%ld,\"uid\":%u,", p->pid, (unsigned)p->uid);
    json_kv(stdout, 1, "user", p->user);
    json_kv(stdout, 0, "jail", p->jail);
    json_kv(stdout, 0, "exe", p->exe);
    fputs(",\"argv\":[", stdout);
    for (a = 0; a < p->nargs; a += strlen(p->args + a) + 1) {
      if (a) putchar(',');
      json_str(stdout, p->args + a);
    }
    puts("]}");
  }
}

int jk_list_main(int argc, char **argv)
{
  size_t i;

  parse_args(argc, argv);
  scan();
  if (nprocs) qsort(procs, nprocs, sizeof(*procs), by_jail);
  if (json) print_json();
  else if (!nprocs) puts("No jailed processes found");
  else print_table();
  fflush(stdout);
  if (unreadable)
    fprintf(stderr, "jk_list: %d process%s not readable%s\n", unreadable,
            unreadable == 1 ? " is" : "es are",
            getuid() ? " (only root sees other users' processes)" : "");
  for (i = 0; i < nprocs; i++) proc_free(&procs[i]);
  free(procs);
  return 0;
}
