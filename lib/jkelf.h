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
#endif
