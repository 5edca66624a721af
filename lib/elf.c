/* elf: read what a program needs from its ELF headers, without running
 * it (ldd may execute the target). elf_parse is pure and fuzzed: every
 * offset and size from the file is checked against len, with the sums
 * done so they cannot wrap. */
#include <elf.h>
#include <stdint.h>
#include <string.h>
#include "jkelf.h"

#define ELF_STR2(x) #x
#define ELF_STR(x) ELF_STR2(x)

struct elf_ctx {
  const unsigned char *p;
  size_t len;
  int is64, big;
  struct elf_info *info;
  uint64_t phoff;
  unsigned phnum, phentsize;
};

static uint64_t rd(const struct elf_ctx *c, uint64_t off, int n)
{
  uint64_t v = 0;
  int i;

  for (i = 0; i < n; i++)
    v |= (uint64_t)c->p[off + (c->big ? n - 1 - i : i)] << (8 * i);
  return v;
}

/* a field that is 4 bytes in ELF32 and 8 in ELF64 */
static uint64_t rdw(const struct elf_ctx *c, uint64_t off)
{
  return rd(c, off, c->is64 ? 8 : 4);
}

static int fail(struct elf_ctx *c, int code, const char *why)
{
  c->info->err = why;
  return code;
}

/* [off, off + size) lies inside the file */
static int inside(const struct elf_ctx *c, uint64_t off, uint64_t size)
{
  return off <= c->len && size <= c->len - off;
}

/* a NUL-terminated string starting at off and ending before lim */
static const char *str_at(const struct elf_ctx *c, uint64_t off,
                          uint64_t lim)
{
  if (off >= lim || lim > c->len) return 0;
  if (!memchr(c->p + off, 0, lim - off)) return 0;
  return (const char *)c->p + off;
}

struct elf_phdr {
  uint32_t type;
  uint64_t offset, vaddr, filesz;
};

static void phdr(const struct elf_ctx *c, unsigned i, struct elf_phdr *ph)
{
  uint64_t o = c->phoff + (uint64_t)i * c->phentsize;

  ph->type = rd(c, o, 4);
  ph->offset = rdw(c, o + (c->is64 ? 8 : 4));
  ph->vaddr = rdw(c, o + (c->is64 ? 16 : 8));
  ph->filesz = rdw(c, o + (c->is64 ? 32 : 16));
}

/* The file offset of the DT_STRTAB address through the PT_LOAD segments,
 * and the end of that segment's bytes in the file (*end). */
static int map_addr(const struct elf_ctx *c, uint64_t addr, uint64_t *off,
                    uint64_t *end)
{
  struct elf_phdr ph;
  unsigned i;

  for (i = 0; i < c->phnum; i++) {
    phdr(c, i, &ph);
    if (ph.type != PT_LOAD || addr < ph.vaddr
        || addr - ph.vaddr >= ph.filesz)
      continue;
    if (!inside(c, ph.offset, ph.filesz)) return -1;
    *off = ph.offset + (addr - ph.vaddr);
    *end = ph.offset + ph.filesz;
    return 0;
  }
  return -1;
}

struct elf_dyn {
  uint64_t strtab, strsz, soname, rpath, runpath;
  int has_strtab, has_strsz, has_soname, has_rpath, has_runpath;
  uint64_t needed[ELF_MAX_NEEDED];
};

static int read_dynamic(struct elf_ctx *c, const struct elf_phdr *dp,
                        struct elf_dyn *d)
{
  uint64_t esz = c->is64 ? 16 : 8, i, o, tag, val;
  struct elf_info *info = c->info;

  if (!inside(c, dp->offset, dp->filesz))
    return fail(c, ELF_ERR_BAD, "PT_DYNAMIC out of bounds");
  for (i = 0; i < dp->filesz / esz; i++) {
    o = dp->offset + i * esz;
    tag = rdw(c, o);
    val = rdw(c, o + esz / 2);
    if (tag == DT_NULL) break;
    switch (tag) {
    case DT_NEEDED:
      if (info->nneeded >= ELF_MAX_NEEDED)
        return fail(c, ELF_ERR_LIMIT, "too many DT_NEEDED entries (max "
                    ELF_STR(ELF_MAX_NEEDED) ")");
      d->needed[info->nneeded++] = val;
      break;
    case DT_STRTAB: d->strtab = val; d->has_strtab = 1; break;
    case DT_STRSZ: d->strsz = val; d->has_strsz = 1; break;
    case DT_SONAME: d->soname = val; d->has_soname = 1; break;
    case DT_RPATH: d->rpath = val; d->has_rpath = 1; break;
    case DT_RUNPATH: d->runpath = val; d->has_runpath = 1; break;
    }
  }
  return 0;
}

/* the dynamic section's strings, as pointers into the file */
static int dyn_strings(struct elf_ctx *c, const struct elf_phdr *dp)
{
  struct elf_dyn d;
  struct elf_info *info = c->info;
  uint64_t off, end;
  int i, r;

  memset(&d, 0, sizeof(d));
  if ((r = read_dynamic(c, dp, &d))) return r;
  if (!info->nneeded && !d.has_soname && !d.has_rpath && !d.has_runpath)
    return 0;
  if (!d.has_strtab) return fail(c, ELF_ERR_BAD, "no DT_STRTAB");
  if (map_addr(c, d.strtab, &off, &end))
    return fail(c, ELF_ERR_BAD, "DT_STRTAB not in a PT_LOAD segment");
  if (d.has_strsz) {
    if (d.strsz > end - off)
      return fail(c, ELF_ERR_BAD, "DT_STRSZ past its segment");
    end = off + d.strsz;
  }
#define DSTR(dst, v, what) do { \
    if (!(dst = str_at(c, v > end - off ? end : off + v, end))) \
      return fail(c, ELF_ERR_BAD, what " string out of bounds"); \
  } while (0)
  for (i = 0; i < info->nneeded; i++) {
    DSTR(info->needed[i], d.needed[i], "DT_NEEDED");
    if (!*info->needed[i]) return fail(c, ELF_ERR_BAD, "empty DT_NEEDED");
  }
  if (d.has_soname) DSTR(info->soname, d.soname, "DT_SONAME");
  if (d.has_rpath) DSTR(info->rpath, d.rpath, "DT_RPATH");
  if (d.has_runpath) DSTR(info->runpath, d.runpath, "DT_RUNPATH");
#undef DSTR
  return 0;
}

static int read_header(struct elf_ctx *c)
{
  const unsigned char *p = c->p;
  struct elf_info *info = c->info;

  if (c->len < EI_NIDENT || memcmp(p, ELFMAG, SELFMAG))
    return fail(c, ELF_ERR_NOTELF, "not an ELF file");
  if (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64)
    return fail(c, ELF_ERR_BAD, "bad ELF class");
  if (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB)
    return fail(c, ELF_ERR_BAD, "bad ELF byte order");
  if (p[EI_VERSION] != EV_CURRENT)
    return fail(c, ELF_ERR_BAD, "bad ELF version");
  c->is64 = p[EI_CLASS] == ELFCLASS64;
  c->big = p[EI_DATA] == ELFDATA2MSB;
  info->bits = c->is64 ? 64 : 32;
  info->big_endian = c->big;
  if (c->len < (c->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
    return fail(c, ELF_ERR_BAD, "truncated ELF header");
  info->type = rd(c, 16, 2);
  info->machine = rd(c, 18, 2);
  if (info->type != ET_EXEC && info->type != ET_DYN)
    return fail(c, ELF_ERR_UNSUP, "not an executable or shared object");
  c->phoff = rdw(c, c->is64 ? 32 : 28);
  c->phentsize = rd(c, c->is64 ? 54 : 42, 2);
  c->phnum = rd(c, c->is64 ? 56 : 44, 2);
  if (c->phnum == PN_XNUM)
    return fail(c, ELF_ERR_UNSUP, "extended program header numbering");
  if (c->phnum && c->phentsize
      != (c->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)))
    return fail(c, ELF_ERR_BAD, "bad program header size");
  if (!inside(c, c->phoff, (uint64_t)c->phnum * c->phentsize))
    return fail(c, ELF_ERR_BAD, "program headers out of bounds");
  return 0;
}

int elf_parse(const void *buf, size_t len, struct elf_info *info)
{
  struct elf_ctx c = { buf, len, 0, 0, info, 0, 0, 0 };
  struct elf_phdr ph, dyn = { 0, 0, 0, 0 };
  int r, has_dyn = 0;
  unsigned i;

  memset(info, 0, sizeof(*info));
  if ((r = read_header(&c))) return r;
  for (i = 0; i < c.phnum; i++) {
    phdr(&c, i, &ph);
    if (ph.type == PT_INTERP) {
      if (info->interp) return fail(&c, ELF_ERR_BAD, "two PT_INTERP");
      if (!inside(&c, ph.offset, ph.filesz))
        return fail(&c, ELF_ERR_BAD, "PT_INTERP out of bounds");
      info->interp = str_at(&c, ph.offset, ph.offset + ph.filesz);
      if (!info->interp || !*info->interp)
        return fail(&c, ELF_ERR_BAD, "PT_INTERP not a string");
    } else if (ph.type == PT_DYNAMIC) {
      if (has_dyn) return fail(&c, ELF_ERR_BAD, "two PT_DYNAMIC");
      dyn = ph;
      has_dyn = 1;
    }
  }
  info->is_static = !info->interp && !has_dyn;
  if (has_dyn && (r = dyn_strings(&c, &dyn))) return r;
  return 0;
}

/* the token at s (after the '$'): its length including braces, or 0 */
static size_t dst_len(const char *s, const char *name)
{
  size_t n = strlen(name);

  if (*s == '{')
    return !strncmp(s + 1, name, n) && s[n + 1] == '}' ? n + 2 : 0;
  if (strncmp(s, name, n)) return 0;
  /* $ORIGINX is not $ORIGIN: the name must end there */
  s += n;
  return *s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
         || (*s >= '0' && *s <= '9') ? 0 : n;
}

int elf_expand_origin(const char *rpath_entry, const char *origin_dir,
                      const char *lib, const char *platform, char *out,
                      size_t outlen)
{
  static const char *const names[] = { "ORIGIN", "LIB", "PLATFORM" };
  const char *vals[3] = { origin_dir, lib, platform }, *s = rpath_entry;
  const char *add;
  size_t used = 0, n, t;
  int i;

  if (!outlen) return -1;
  while (*s) {
    add = s;
    n = 1;
    t = 1;
    if (*s == '$') {
      for (i = 0; i < 3; i++)
        if ((t = dst_len(s + 1, names[i]))) break;
      if (i < 3) {
        if (!vals[i]) return *out = 0, -2;
        add = vals[i];
        n = strlen(add);
        t++;
      } else t = 1;
    }
    if (n >= outlen - used) return *out = 0, -1;
    memcpy(out + used, add, n);
    used += n;
    s += t;
  }
  out[used] = 0;
  return 0;
}
