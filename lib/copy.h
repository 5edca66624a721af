/* copy: the jail-building copy engine shared by jk_cp, jk_init and
 * jk_update (lib/copy.c).
 *
 * Every host path is copied to the same path inside the jail. All writes
 * go through the jail's directory fd: no symlink inside the jail is ever
 * followed (a jail may hold user-writable directories), missing parent
 * directories are made like the host's (mode, and owner with COPY_OWNER;
 * a host symlink among them is mirrored as the same symlink), regular
 * files are written to a temporary name in the target directory and
 * renamed into place, so a failure leaves no half-copied file. Symlinks
 * are copied as symlinks (same text) and their targets copied too;
 * devices with mknod(2) and the right major/minor; FIFOs and sockets are
 * reported and skipped. setuid/setgid bits are cleared unless
 * COPY_SETUID; a setuid/setgid file or one with file capabilities is never
 * hardlinked.
 * With COPY_LIBS, what an ELF file or #! script needs (lib/elf elf_deps)
 * is copied too, with "needed by PATH" as its reason.
 *
 * The engine never prints or exits: it tells the caller every action and
 * every failure through report(), and counts failures in errors. */
#ifndef COPY_H
#define COPY_H
#include <sys/types.h>

#define COPY_FORCE    0x01  /* replace what exists (jk_cp -f, jk_init -f) */
#define COPY_HARDLINK 0x02  /* try link(2) first (-k) */
#define COPY_OWNER    0x04  /* keep the source's uid/gid (-o) */
#define COPY_SETUID   0x08  /* keep setuid/setgid bits (-s) */
#define COPY_LIBS     0x10  /* also copy what ELF files and scripts need */
#define COPY_UPDATE   0x20  /* replace files whose content, mode, owner or
                               link text differ from the host's */
#define COPY_DRYRUN   0x40  /* decide and report, change nothing */
#define COPY_GLOB     0x80  /* a path with no such file is a glob(3) pattern */

#define COPY_MAX_HANDLED (1 << 20) /* host paths one context remembers;
                                      more is an error */
#define COPY_MAX_DEPTH 128   /* nested directories and symlink hops (a level
                                costs up to ~40 KiB of stack) */
#define COPY_DIR_CACHE 16    /* jail directory fds kept open */
#define COPY_MAX_LIBDIRS 64  /* library directories copy_ldconfig lists */
#define COPY_LDSO_CONF_MAX 65536   /* bytes of a jail's etc/ld.so.conf */
#define COPY_LDCONFIG "/sbin/ldconfig"

/* what report() is told */
enum copy_event {
  COPY_EV_COPY,      /* a file, link, directory or device was created */
  COPY_EV_UPDATE,    /* an existing one was replaced (FORCE or UPDATE) */
  COPY_EV_SAME,      /* it exists and is left alone */
  COPY_EV_STRIP,     /* setuid/setgid bits were cleared */
  COPY_EV_MISSING,   /* the host path (or a needed library) does not exist */
  COPY_EV_ERROR      /* something failed; detail says what (errors++) */
};

struct copy_ctx;
typedef void (*copy_report_fn)(struct copy_ctx *c, enum copy_event ev,
                               const char *path, const char *why,
                               const char *detail);

struct copy_ctx {
  int jailfd;            /* O_DIRECTORY fd of the jail root (caller checked it) */
  const char *jail;      /* the jail's path, for messages only */
  unsigned flags;        /* COPY_* */
  copy_report_fn report; /* may be NULL */
  void *user;            /* for report() */
  int errors;            /* failures so far */
  int missing;           /* host paths or libraries not found */
  void *priv;            /* lib/copy.c's own state: the handled set */
};

/* Set up (jailfd is borrowed, not closed) and tear down the context. */
void copy_init(struct copy_ctx *c, int jailfd, const char *jail,
               unsigned flags);
void copy_free(struct copy_ctx *c);

/* Copy the absolute host path (a directory recursively) and, with
 * COPY_LIBS, what it needs. why is the reason shown by verbose output,
 * --dry-run and --explain ("section basicshell", "needed by /bin/ls").
 * flags are added to the context's for this call. Each host path is
 * handled once per context (a host path reached through a symlinked
 * directory counts as its real path too). A host symlink in the parent
 * chain is made as the same symlink and the host's target directory is
 * used; a real directory the jail has in its place is used as it is; a
 * jail symlink where the host has a directory is an error. 0 if
 * everything went well, -1 if anything failed or was missing (see errors
 * and missing). */
int copy_path(struct copy_ctx *c, const char *path, unsigned flags,
              const char *why);

/* Make directory path in the jail (and missing parents, mirroring the
 * host's where they exist) with mode; for jk_init emptydirs. 0 or -1. */
int copy_mkdir(struct copy_ctx *c, const char *path, mode_t mode,
               const char *why);

/* After the copies: the directories of libraries found for programs
 * outside glibc's default ones (ld.so.conf, multiarch) are added to the
 * jail's etc/ld.so.conf (replaced whole, never through a symlink), then
 * the host's ldconfig -r JAIL makes the jail's ld.so.cache, if ldconfig
 * exists. Reported as changes of /etc/ld.so.conf and /etc/ld.so.cache;
 * nothing to do when every library is in a default directory. 0 or -1. */
int copy_ldconfig(struct copy_ctx *c);
#endif
