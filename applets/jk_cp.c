/* jk_cp: copy files, and what programs need, into a jail.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_cp.8. Differences: docs/differences.md.
 *
 * Each FILE (a name without '/' is looked up in $PATH) goes to the same
 * path inside the jail through lib/copy, with the libraries and loader
 * an ELF program or #! script needs (lib/elf, never ldd). The jail must
 * be safe: every component of its path root-owned, not writable by group
 * or others, no symlink (lib/jail jail_open). When libraries land in
 * directories the loader does not search by default, they are listed in
 * the jail's etc/ld.so.conf and the host's /sbin/ldconfig -r JAIL is run
 * (when it exists). Statuses, 2.23's kept: 5 not root; 1 usage; 2 no
 * jail or no files; 3 jail not a directory; 4 a file does not exist; 6
 * jail not safe; new: 7 something could not be copied or a needed
 * library was not found (2.23 said 0).
 */
//applet: jk_cp AF_ROOT|AF_STATUS_FIVE|AF_SBIN
//usage: jk_cp [-vfkosnu] -j JAIL FILE...
//usage: jk_cp [-vfkosnu] JAIL FILE...
//usage:
//usage: Copy each FILE to the same path inside JAIL, with its directories,
//usage: symlink targets and, for programs, the loader and libraries they
//usage: need. A name without '/' is looked up in $PATH.
//usage:
//usage:  -j, --jail=JAIL   the jail (else the first argument)
//usage:  -v, --verbose     say what is done, and why
//usage:  -f, --force       replace what exists in the jail
//usage:  -u, --update      replace only what differs from the host
//usage:  -k, --hardlink    hardlink instead of copying (never setuid files)
//usage:  -o, --owner       keep owners (else root's)
//usage:  -s, --setuid      keep setuid/setgid bits (else cleared)
//usage:  -n, --dry-run     say what would be done, change nothing
//usage:  -h, --help        show this help
#include "jk.h"
#include "copy.h"

#define EXIT_NOTHING 2     /* 2.23's statuses */
#define EXIT_NOT_DIR 3
#define EXIT_MISSING 4
#define EXIT_UNSAFE 6
#define EXIT_FAILED 7      /* new: a copy failed */

static const char *jail;
static unsigned flags = COPY_LIBS;
static int verbose;

static void parse_args(int argc, char **argv)
{
  static const struct option longopts[] = {
    {"jail", required_argument, 0, 'j'}, {"verbose", no_argument, 0, 'v'},
    {"force", no_argument, 0, 'f'}, {"update", no_argument, 0, 'u'},
    {"hardlink", no_argument, 0, 'k'}, {"owner", no_argument, 0, 'o'},
    {"setuid", no_argument, 0, 's'}, {"dry-run", no_argument, 0, 'n'},
    {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
  };
  int opt;

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:j:vfukosnh", longopts, 0)) != -1)
    switch (opt) {
    case 'j': jail = optarg; break;
    case 'v': verbose = 1; break;
    case 'f': flags |= COPY_FORCE; break;
    case 'u': flags |= COPY_UPDATE; break;
    case 'k': flags |= COPY_HARDLINK; break;
    case 'o': flags |= COPY_OWNER; break;
    case 's': flags |= COPY_SETUID; break;
    case 'n': flags |= COPY_DRYRUN; break;
    case 'h': applet_help(); exit(0);
    default: usage_option_exit(opt, argv);
    }
}

/* name as an absolute path: looked up in $PATH if it has no '/', else
 * from the current directory. 0, or -1 (not found in $PATH) */
static int find_file(const char *name, char *out, size_t len)
{
  const char *p = getenv("PATH"), *e;
  char cwd[PATH_MAX];
  struct stat st;

  if (*name == '/') return xsnprintf(out, len, "%s", name), 0;
  if (strchr(name, '/')) {
    if (!getcwd(cwd, sizeof(cwd))) perror_exit("getcwd");
    xsnprintf(out, len, "%s/%s", cwd, name);
    return 0;
  }
  for (; p && *p; p = *e ? e + 1 : e) {
    e = p + strcspn(p, ":");
    if (*p != '/') continue;    /* an empty or relative entry: not here */
    xsnprintf(out, len, "%.*s/%s", (int)(e - p), p, name);
    if (!lstat(out, &st)) return 0;
  }
  return -1;
}

static void report(struct copy_ctx *c, enum copy_event ev, const char *path,
                   const char *why, const char *detail)
{
  static const char *const done[] = { "copied", "replaced", "unchanged",
                                      "stripped", "missing", "error" };
  static const char *const would[] = { "would copy", "would replace",
                                       "unchanged", "would strip" };
  int dry = c->flags & COPY_DRYRUN;

  if (ev == COPY_EV_ERROR || ev == COPY_EV_MISSING) {
    error_msg("%s: %s%s%s%s", path, detail, *why ? " (" : "", why,
              *why ? ")" : "");
    return;
  }
  if (ev == COPY_EV_STRIP || verbose || (dry && ev != COPY_EV_SAME))
    printf("%s %s: %s%s%s%s\n", dry ? would[ev] : done[ev], path, detail,
           *why ? " (" : "", why, *why ? ")" : "");
}

/* the jail made absolute and opened (status 3 or 6 on failure) */
static int open_jail(char *abs, size_t len)
{
  char cwd[PATH_MAX], tmp[PATH_MAX], why[JAIL_WHY_MAX];
  struct stat st;
  int fd;

  if (stat(jail, &st) || !S_ISDIR(st.st_mode))
    error_exit_code(EXIT_NOT_DIR, "%s: not a directory", jail);
  if (*jail != '/') {
    if (!getcwd(cwd, sizeof(cwd))) perror_exit("getcwd");
    xsnprintf(tmp, sizeof(tmp), "%s/%s", cwd, jail);
  } else xsnprintf(tmp, sizeof(tmp), "%s", jail);
  if (path_clean(abs, len, tmp))
    error_exit_code(EXIT_UNSAFE, "%s: not safe: '..' in the path", jail);
  if (!strcmp(abs, "/"))     /* -f would rewrite the host's own files */
    error_exit_code(EXIT_UNSAFE, "%s: not a jail: the host's root", jail);
  jail = abs;
  fd = jail_open(abs, why, sizeof(why));
  if (fd < 0) error_exit_code(EXIT_UNSAFE, "%s: not safe: %s", abs, why);
  return fd;
}

int jk_cp_main(int argc, char **argv)
{
  char abs[PATH_MAX], **files;
  struct copy_ctx c;
  int i, n, fd, missing = 0;

  parse_args(argc, argv);
  argv += optind;
  argc -= optind;
  if (!jail && argc) {
    jail = *argv++;
    argc--;
  }
  if (!jail || !*jail) error_exit_code(EXIT_NOTHING, "no jail given");
  if (!argc) error_exit_code(EXIT_NOTHING, "no files given");
  files = xzalloc(argc * sizeof(*files));
  for (i = n = 0; i < argc; i++) {
    char path[PATH_MAX];
    struct stat st;

    if (find_file(argv[i], path, sizeof(path))) {
      error_msg("%s: not found in $PATH", argv[i]);
      missing = 1;
    } else if (lstat(path, &st)) {
      perror_msg("%s", path);
      missing = 1;
    } else files[n++] = xstrdup(path);
  }
  if (missing) error_exit_code(EXIT_MISSING, "nothing copied");
  fd = open_jail(abs, sizeof(abs));
  copy_init(&c, fd, jail, flags);
  c.report = report;
  for (i = 0; i < n; i++) copy_path(&c, files[i], 0, "");
  i = copy_ldconfig(&c);     /* for what was copied, whatever failed */
  i = c.errors || c.missing || i;
  copy_free(&c);
  close(fd);
  return i ? EXIT_FAILED : 0;
}
