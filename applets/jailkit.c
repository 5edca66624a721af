/* jailkit.c: main() of the multicall binary: dispatch and privilege policy.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 *
 * The caller chooses argv[0]: any user can run a setuid copy of this binary
 * under any applet's name. So the name only picks the table entry; what
 * privilege the applet keeps is decided by the entry's flags, before any
 * option (--help included) is looked at. See docs/design.md. */
#include "jk.h"

#define APPLET(name, flags, usage) int name##_main(int, char **);
#define APPLET_NOSUID APPLET
#include "applets.h"
#undef APPLET
#undef APPLET_NOSUID

struct applet {
  const char *name;
  int (*main)(int, char **);
  int flags;
  const char *usage;
};

#define APPLET(name, flags, usage) { #name, name##_main, flags, usage },
#ifdef JK_SUID_ONLY
#define APPLET_NOSUID(name, flags, usage)
#else
#define APPLET_NOSUID APPLET
#endif
static const struct applet applets[] = {
#include "applets.h"
  { 0, 0, 0, 0 }
};

static const struct applet *find(const char *name)
{
  const struct applet *a;

  for (a = applets; a->name; a++)
    if (!strcmp(a->name, name)) return a;
  /* jailkit 2.23's jk_chrootsh also answers to su (and -su, as a login
   * shell): the name still only picks the table entry */
  if (!strcmp(name, "su")) return find("jk_chrootsh");
  return 0;
}

static void list(void)
{
  const struct applet *a;

  for (a = applets; a->name; a++) puts(a->name);
}

/* jailkit --install DIR: a jk_* symlink to this binary for every applet */
static int install(const char *dir)
{
  const struct applet *a;
  char self[PATH_MAX], link[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

  if (n < 0) perror_exit("/proc/self/exe");
  self[n] = 0;
  for (a = applets; a->name; a++) {
    xsnprintf(link, sizeof(link), "%s/%s", dir, a->name);
    if (unlink(link) && errno != ENOENT) perror_msg("unlink %s", link);
    else if (symlink(self, link)) perror_msg("symlink %s", link);
  }
  return log_status;
}

static const struct applet *current;

static void help(const struct applet *a)
{
  printf("usage: %s", a->usage);
}

/* for applets whose own option (-h) asks for the help text */
void applet_help(void)
{
  if (current) help(current);
}

static int jailkit_main(int argc, char **argv)
{
  if (argc < 2 || !strcmp(argv[1], "--list")) {
    list();
    return 0;
  }
  if (!strcmp(argv[1], "--install")) {
    if (argc != 3) usage_exit("--install needs one directory");
    return install(argv[2]);
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    printf("usage: jailkit APPLET [ARGS...] | --list | --install DIR\n"
           "jailkit " JK_VERSION ": chroot jails for users and daemons."
           " Applets:\n");
    list();
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    puts("jailkit " JK_VERSION);
    return 0;
  }
  error_exit_code(127, "unknown applet '%s'", argv[1]);
}

int main(int argc, char **argv)
{
  const struct applet *a;
  const char *name;
  int rc;

  stdio_guard();
  if (argc < 1 || !argv[0]) return 127;
  name = strrchr(argv[0], '/');
  name = name ? name + 1 : argv[0];
  if (*name == '-') name++;      /* login shells are started as -NAME */
  if (!strcmp(name, "jailkit") || !strcmp(name, "jailkit-suid")) {
    if (argc > 1 && find(argv[1])) {
      argv++;
      argc--;
      name = argv[0];
    } else {
      if (drop_setuid()) perror_exit("cannot drop privileges");
      rc = jailkit_main(argc, argv);
      return fflush(stdout) || ferror(stdout) ? 1 : rc;
    }
  }
  current = a = find(name);
  if (!a) {
    if (drop_setuid()) perror_exit("cannot drop privileges");
    error_exit_code(127, "unknown applet '%s'", name);
  }
  applet_name = a->name;
  if (!(a->flags & AF_SUID) && ids_elevated() && drop_setuid())
    perror_exit("cannot drop privileges");
  if (argc > 1 && !strcmp(argv[1], "--help")) {
    help(a);
    return 0;
  }
  if (argc > 1 && !strcmp(argv[1], "--version")) {
    puts("jailkit " JK_VERSION);
    return 0;
  }
  if ((a->flags & AF_ROOT) && getuid())
    error_exit_code(a->flags & AF_STATUS_FIVE ? 5 : 1, "must be run as root");
  rc = a->main(argc, argv);
  if (fflush(stdout) || ferror(stdout)) return 1;
  return rc;
}
