/* jkelf.h: lib/elf.c, what a program needs, read from its ELF headers.
 * (Not "elf.h": with -Ilib that name would hide the system <elf.h>.)
 * The parser is pure: it never allocates, prints or exits, and every
 * string it returns points into the caller's buffer, NUL-terminated
 * inside it. */
#ifndef JKELF_H
#define JKELF_H
#include <stddef.h>

#define ELF_MAX_NEEDED 128    /* DT_NEEDED entries; more is an error */

/* elf_parse results */
#define ELF_OK 0
#define ELF_ERR_NOTELF (-1)   /* no ELF magic: a script or data */
#define ELF_ERR_BAD (-2)      /* malformed or truncated */
#define ELF_ERR_LIMIT (-3)    /* over one of the ELF_MAX_* limits */
#define ELF_ERR_UNSUP (-4)    /* valid, but not an executable or library */

struct elf_info {
  int bits;                 /* 32 or 64 */
  int big_endian;
  unsigned machine;         /* e_machine (EM_X86_64 = 62, ...) */
  unsigned type;            /* e_type: ET_EXEC (2) or ET_DYN (3) */
  int is_static;            /* no PT_INTERP and no PT_DYNAMIC */
  const char *interp;       /* PT_INTERP, or NULL */
  const char *soname;       /* DT_SONAME, or NULL */
  const char *rpath;        /* DT_RPATH, or NULL */
  const char *runpath;      /* DT_RUNPATH, or NULL */
  int nneeded;
  const char *needed[ELF_MAX_NEEDED];   /* DT_NEEDED, in file order */
  const char *err;          /* why elf_parse failed */
};

/* 0, or one of the ELF_ERR_* codes with info->err set */
int elf_parse(const void *buf, size_t len, struct elf_info *info);

/* Substitute $ORIGIN, $LIB and $PLATFORM (also ${...}) in one RPATH or
 * RUNPATH entry into out. 0; -1 if it does not fit outlen (out is then
 * "", never a truncated path); -2 if the entry uses a token whose value
 * is NULL. Other '$' sequences are copied as they are, as ld.so does. */
int elf_expand_origin(const char *rpath_entry, const char *origin_dir,
                      const char *lib, const char *platform, char *out,
                      size_t outlen);
/* elf_deps: what the dynamic loader would load for a program, found the
 * way ld.so finds it, never running anything. */
#define ELF_DEPS_MAX_FILE (256L << 20) /* bytes of one ELF read; more: error */
#define ELF_DEPS_MAX_SEEN 1024   /* visited set: files and names */
#define ELF_DEPS_MAX_OBJS 512    /* objects whose DT_NEEDED are read */
#define ELF_DEPS_MAX_DIRS 64     /* system search directories */
#define ELF_DEPS_MAX_HOPS 16     /* symlinks in one chain */
#define ELF_DEPS_MAX_SCRIPT 4    /* #! interpreters in a row */
#define ELF_DEPS_MAX_CONF 8      /* ld.so.conf include depth */
#define ELF_DEPS_POOL (256 * 1024)  /* bytes for the strings kept */

#define ELF_ERR_IO (-5)          /* the program could not be read */
#define ELF_DEPS_MISSING 1       /* elf_deps: some library was not found */

enum elf_dep_kind {
  ELF_DEP_INTERP,   /* PT_INTERP, or a script's #! interpreter */
  ELF_DEP_LIB,      /* a DT_NEEDED library, as found */
  ELF_DEP_TARGET,   /* a file reached by following a symlink */
  ELF_DEP_MISSING   /* a DT_NEEDED (or interpreter) not found: path NULL */
};

struct elf_dep {
  enum elf_dep_kind kind;
  const char *name;   /* as asked: the DT_NEEDED or interpreter string */
  const char *path;   /* host path (ROOT prefix included), or NULL */
  int is_link;        /* path is a symlink ... */
  const char *target; /* ... to this host path (reported next) */
};

/* The strings in dep are valid only during the call. Non-zero stops the
 * walk; elf_deps then returns that value. */
typedef int (*elf_dep_cb)(void *ctx, const struct elf_dep *dep);

/* Report through cb every file the loader needs for the program at path
 * (looked up under root: "" or "/" for the host): the interpreter, every
 * DT_NEEDED recursively (DT_RPATH of the requester and its loaders when
 * it has no DT_RUNPATH, DT_RUNPATH, then ld.so.conf and the default
 * directories for glibc, /etc/ld-musl-ARCH.path or the defaults for
 * musl; LD_LIBRARY_PATH ignored), and each symlink in a chain and its
 * target. Only ELF files of the program's class and machine are taken.
 * Each file is reported once. All paths given to cb are host paths, as
 * found (ROOT/lib/..., not resolved further). The program itself is not
 * reported; a #! script's interpreter is, with its deps (only an
 * executable regular file counts: else it is missing). Symlinks are
 * resolved inside ROOT for the last component of a path only: a
 * directory symlink with an absolute target is followed by the kernel.
 * A DT_NEEDED with a '/' is taken as a path under ROOT.
 * 0; ELF_DEPS_MISSING if something was not found (the walk goes on);
 * a negative ELF_ERR_* with why set on a failure. */
int elf_deps(const char *path, const char *root, elf_dep_cb cb, void *ctx,
             char *why, size_t whylen);
#endif
