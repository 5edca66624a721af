/* elf: read what a program needs from its ELF headers, without running
 * it (ldd may execute the target). elf_parse is pure and fuzzed: every
 * offset and size from the file is checked against len, with the sums
 * done so they cannot wrap. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* ---- elf_deps: the loader's search, done by reading files ---- */

struct dep_obj {
  size_t path, origin;      /* pool offsets: root-relative paths */
  long rpath, runpath;      /* pool offsets, or -1 */
  int parent, done;
  dev_t dev;
  ino_t ino;
};

struct deps {
  const char *root;
  size_t rootlen;
  elf_dep_cb cb;
  void *ctx;
  char *why;
  size_t whylen;
  int bits, big, musl, missing, nseen, nobj, ndirs;
  unsigned machine;
  size_t used, seen[ELF_DEPS_MAX_SEEN], dirs[ELF_DEPS_MAX_DIRS];
  struct dep_obj obj[ELF_DEPS_MAX_OBJS];
  char pool[ELF_DEPS_POOL];
  char h[PATH_MAX], h2[PATH_MAX], t[PATH_MAX], cur[PATH_MAX], nx[PATH_MAX];
};

static int dfail(struct deps *d, int code, const char *fmt, ...)
{
  va_list va;

  if (d->whylen) {
    va_start(va, fmt);
    vsnprintf(d->why, d->whylen, fmt, va);
    va_end(va);
  }
  return code;
}

/* keep s (n bytes) in the pool; its offset in *off */
static int keep(struct deps *d, const char *s, size_t n, size_t *off)
{
  if (n >= sizeof(d->pool) - d->used)
    return dfail(d, ELF_ERR_LIMIT, "too many files (pool of "
                 ELF_STR(ELF_DEPS_POOL) " bytes)");
  memcpy(d->pool + d->used, s, n);
  d->pool[d->used + n] = 0;
  *off = d->used;
  d->used += n + 1;
  return 0;
}

/* the visited set, keyed by a one-letter kind and a string: 1 if it was
 * there, 0 if it is added now, or an error */
static int seen(struct deps *d, char kind, const char *s)
{
  size_t off, n = strlen(s);
  int i, r;

  for (i = 0; i < d->nseen; i++)
    if (d->pool[d->seen[i]] == kind && !strcmp(d->pool + d->seen[i] + 1, s))
      return 1;
  if (d->nseen >= ELF_DEPS_MAX_SEEN)
    return dfail(d, ELF_ERR_LIMIT, "too many files (max "
                 ELF_STR(ELF_DEPS_MAX_SEEN) ")");
  if ((r = keep(d, &kind, 1, &off))) return r;
  d->used--;    /* the string goes on after the kind letter */
  if ((r = keep(d, s, n, &n))) return r;
  d->seen[d->nseen++] = off;
  return 0;
}

/* ROOT + rel into out (PATH_MAX) */
static int host(struct deps *d, const char *rel, char *out)
{
  size_t n = strlen(rel);

  if (d->rootlen + n >= PATH_MAX)
    return dfail(d, ELF_ERR_LIMIT, "path too long: %s", rel);
  memcpy(out, d->root, d->rootlen);
  memcpy(out + d->rootlen, rel, n + 1);
  return 0;
}

/* clean an absolute path in place: no "//", ".", or "..", which stops at
 * "/" so a path never leaves ROOT */
static void norm(char *p)
{
  char *w = p, *s = p;

  while (*s) {
    while (*s == '/') s++;
    if (!*s) break;
    if (s[0] == '.' && (!s[1] || s[1] == '/')) { s++; continue; }
    if (s[0] == '.' && s[1] == '.' && (!s[2] || s[2] == '/')) {
      while (w > p && *--w != '/') ;
      s += 2;
      continue;
    }
    *w++ = '/';
    while (*s && *s != '/') *w++ = *s++;
  }
  if (w == p) *w++ = '/';
  *w = 0;
}

/* dir (absolute) + "/" + name, cleaned, into out (PATH_MAX) */
static int joinp(struct deps *d, const char *dir, size_t dlen,
                 const char *name, char *out)
{
  size_t n = strlen(name);

  if (dlen + n + 2 > PATH_MAX)
    return dfail(d, ELF_ERR_LIMIT, "path too long: %s", name);
  memmove(out, dir, dlen);
  out[dlen] = '/';
  memcpy(out + dlen + 1, name, n + 1);
  norm(out);
  return 0;
}

static size_t dirlen(const char *p)
{
  const char *s = strrchr(p, '/');

  return s && s != p ? (size_t)(s - p) : 1 - !s;
}

/* Follow the symlink chain of rel (root-relative) to its end, in d->cur.
 * 1 if the end exists, 0 if not. With report, cb gets each link and the
 * end (first as kind, then ELF_DEP_TARGET); a file already reported ends
 * the reporting (2). */
static int chain(struct deps *d, const char *rel, int report,
                 enum elf_dep_kind kind, const char *name)
{
  struct stat st;
  struct elf_dep e;
  ssize_t n;
  int hops, r;

  if (strlen(rel) >= PATH_MAX)
    return dfail(d, ELF_ERR_LIMIT, "path too long: %s", rel);
  strcpy(d->cur, rel);
  norm(d->cur);
  for (hops = 0;; hops++) {
    if ((r = host(d, d->cur, d->h))) return r;
    if (lstat(d->h, &st)) return 0;
    if (S_ISLNK(st.st_mode)) {
      /* a loop: to ld.so's open() it is not there (ELOOP) */
      if (hops >= ELF_DEPS_MAX_HOPS && !report) return 0;
      if (hops >= ELF_DEPS_MAX_HOPS)
        return dfail(d, ELF_ERR_LIMIT, "%s: too many symlinks (max "
                     ELF_STR(ELF_DEPS_MAX_HOPS) ")", d->h);
      n = readlink(d->h, d->t, sizeof(d->t));
      if (n <= 0 || n >= (ssize_t)sizeof(d->t)) return 0;
      d->t[n] = 0;
      if (d->t[0] == '/') {
        strcpy(d->nx, d->t);
        norm(d->nx);
      } else if ((r = joinp(d, d->cur, dirlen(d->cur), d->t, d->nx)))
        return r;
    }
    if (report) {
      if ((r = seen(d, 'f', d->cur)) < 0) return r;
      if (r) return 2;
      e.kind = kind;
      e.name = name;
      e.path = d->h;
      e.is_link = S_ISLNK(st.st_mode);
      e.target = 0;
      if (e.is_link) {
        if ((r = host(d, d->nx, d->h2))) return r;
        e.target = d->h2;
      }
      if ((r = d->cb(d->ctx, &e))) return dfail(d, r, "stopped");
      kind = ELF_DEP_TARGET;
    }
    if (!S_ISLNK(st.st_mode)) return 1;
    strcpy(d->cur, d->nx);
  }
}

/* ROOT+rel opened, a regular file not over the size cap: the fd, or an
 * error (negative ELF_ERR_*: see dfail) with nothing left open */
static int open_reg(struct deps *d, const char *rel, struct stat *st)
{
  int fd, r;

  if ((r = host(d, rel, d->h))) return r;
  fd = open(d->h, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return dfail(d, ELF_ERR_IO, "%s: %s", d->h, strerror(errno));
  if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
    close(fd);
    return dfail(d, ELF_ERR_IO, "%s: not a regular file", d->h);
  }
  if (st->st_size > ELF_DEPS_MAX_FILE) {
    close(fd);
    return dfail(d, ELF_ERR_LIMIT, "%s: too big (max %ld bytes)", d->h,
                 (long)ELF_DEPS_MAX_FILE);
  }
  return fd;
}

/* the rest of fd (size bytes, or fewer if it shrank), closed here, in a
 * new buffer */
static int read_whole(struct deps *d, int fd, size_t size, char **buf,
                      size_t *len)
{
  size_t got = 0;
  ssize_t n;

  *buf = malloc(size + 1);
  if (!*buf) {
    close(fd);
    return dfail(d, ELF_ERR_IO, "%s: out of memory", d->h);
  }
  while (got < size) {
    n = read(fd, *buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += n;
  }
  close(fd);
  (*buf)[got] = 0;
  *len = got;
  return 0;
}

/* the whole regular file ROOT+rel, size-capped, in a new buffer */
static int slurp(struct deps *d, const char *rel, char **buf, size_t *len,
                 struct stat *st)
{
  int fd;

  *buf = 0;
  if ((fd = open_reg(d, rel, st)) < 0) return fd;
  return read_whole(d, fd, st->st_size, buf, len);
}

/* An ELF object ROOT+rel mapped read-only: only the pages the parser
 * touches are read (a program's closure parses libc and the like again
 * for every program; reading them whole cost ~1 ms each). Only a file
 * that root alone can write is mapped (host files are replaced by
 * rename, not truncated, when packages are upgraded: a mapping stays
 * valid); any other is read into a buffer (*mapped 0): a mapped file
 * that its owner truncates faults (SIGBUS), and its bytes could change
 * under the parser. unmap_obj() after. */
static int map_obj(struct deps *d, const char *rel, char **buf, size_t *len,
                   int *mapped)
{
  static char empty[1];
  struct stat st;
  void *m;
  int fd;

  *buf = empty;
  *len = 0;
  *mapped = 1;
  if ((fd = open_reg(d, rel, &st)) < 0) return fd;
  if (!st.st_size) return close(fd), 0;
  if (st.st_uid || (st.st_mode & 022)) {
    *mapped = 0;
    return read_whole(d, fd, st.st_size, buf, len);
  }
  m = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED)
    return dfail(d, ELF_ERR_IO, "%s: %s", d->h, strerror(errno));
  *buf = m;
  *len = st.st_size;
  return 0;
}

static void unmap_obj(char *buf, size_t len, int mapped)
{
  if (!mapped) free(buf);
  else if (len) munmap(buf, len);
}

/* the end of rel's chain is an ELF the loader would take: 1, 0, or error */
static int acceptable(struct deps *d, const char *rel)
{
  unsigned char e[EI_NIDENT + 4];
  int fd, r, big;
  unsigned m;

  if ((r = chain(d, rel, 0, ELF_DEP_LIB, 0)) <= 0) return r;
  if ((r = host(d, d->cur, d->h))) return r;
  fd = open(d->h, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return 0;
  r = read(fd, e, sizeof(e)) == (ssize_t)sizeof(e);
  close(fd);
  if (!r || memcmp(e, ELFMAG, SELFMAG)) return 0;
  big = e[EI_DATA] == ELFDATA2MSB;
  m = big ? e[18] << 8 | e[19] : e[19] << 8 | e[18];
  return e[EI_CLASS] == (d->bits == 64 ? ELFCLASS64 : ELFCLASS32)
         && big == d->big && m == d->machine;
}

/* look for name in each directory of a ':' list (DSTs expanded against
 * origin); the path found in d->nx: 1, 0, or an error */
static int search_list(struct deps *d, const char *list, const char *origin,
                       const char *name)
{
  char dir[PATH_MAX], ent[PATH_MAX];
  const char *e;
  size_t n;
  int r;

  for (; *list; list = *e ? e + 1 : e) {
    e = strchrnul(list, ':');
    n = e - list;
    if (!n || n >= sizeof(ent)) continue;
    memcpy(ent, list, n);
    ent[n] = 0;
    if (elf_expand_origin(ent, origin, d->bits == 64 ? "lib64" : "lib", 0,
                          dir, sizeof(dir)) || dir[0] != '/')
      continue;
    if ((r = joinp(d, dir, strlen(dir), name, ent))) return r;
    if ((r = acceptable(d, ent))) {
      if (r > 0) strcpy(d->nx, ent);
      return r;
    }
  }
  return 0;
}

static int add_dir(struct deps *d, const char *s, size_t n)
{
  size_t off;
  int i, r;

  while (n > 1 && s[n - 1] == '/') n--;
  if (!n || s[0] != '/') return 0;
  for (i = 0; i < d->ndirs; i++)
    if (strlen(d->pool + d->dirs[i]) == n && !memcmp(d->pool + d->dirs[i], s, n))
      return 0;
  if (d->ndirs >= ELF_DEPS_MAX_DIRS)
    return dfail(d, ELF_ERR_LIMIT, "too many library directories (max "
                 ELF_STR(ELF_DEPS_MAX_DIRS) ")");
  if ((r = keep(d, s, n, &off))) return r;
  d->dirs[d->ndirs++] = off;
  return 0;
}

/* one ld.so.conf file (root-relative), with its include globs */
static int conf_file(struct deps *d, const char *rel, int depth)
{
  struct stat st;
  char *buf, *line, *next, *s, *e;
  char pat[PATH_MAX];
  glob_t g;
  size_t len, i, n;
  int r = 0;

  if (depth > ELF_DEPS_MAX_CONF)
    return dfail(d, ELF_ERR_LIMIT, "%s: includes nested too deep (max "
                 ELF_STR(ELF_DEPS_MAX_CONF) ")", rel);
  if (slurp(d, rel, &buf, &len, &st)) return 0;   /* absent: no dirs */
  for (line = buf; line && !r; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    if ((s = strchr(line, '#'))) *s = 0;
    s = line + strspn(line, " \t\r");
    if (!strncmp(s, "include", 7) && (s[7] == ' ' || s[7] == '\t')) {
      for (s += 8; *s && !r; s = e) {
        s += strspn(s, " \t\r");
        e = s + strcspn(s, " \t\r");
        if (e == s) break;
        if (*e) *e++ = 0;
        /* a relative pattern is relative to this file's directory */
        if (*s == '/') r = host(d, s, pat);
        else {
          n = dirlen(rel);
          if (d->rootlen + n + strlen(s) + 2 > PATH_MAX)
            r = dfail(d, ELF_ERR_LIMIT, "path too long: %s", s);
          else snprintf(pat, sizeof(pat), "%.*s%.*s/%s", (int)d->rootlen,
                        d->root, (int)n, rel, s);
        }
        if (r) break;
        memset(&g, 0, sizeof(g));
        if (glob(pat, 0, 0, &g)) { globfree(&g); continue; }
        for (i = 0; i < g.gl_pathc && !r; i++)
          if (strlen(g.gl_pathv[i]) >= d->rootlen)
            r = conf_file(d, g.gl_pathv[i] + d->rootlen, depth + 1);
        globfree(&g);
      }
    } else if (!strncmp(s, "hwcap", 5) && (s[5] == ' ' || s[5] == '\t')) {
      continue;
    } else {
      for (; *s && !r; s = e) {
        s += strspn(s, " \t\r,:");
        e = s + strcspn(s, " \t\r,:");
        n = e - s;
        if (memchr(s, '=', n)) n = (char *)memchr(s, '=', n) - s;
        if (n) r = add_dir(d, s, n);
      }
    }
  }
  free(buf);
  return r;
}

/* the system directories, for the program's loader */
static int sys_dirs_read(struct deps *d, const char *interp)
{
  static const struct { unsigned m; int bits; const char *t; } ma[] = {
    { EM_X86_64, 64, "x86_64-linux-gnu" },
    { EM_AARCH64, 64, "aarch64-linux-gnu" },
    { EM_386, 32, "i386-linux-gnu" },
    { EM_ARM, 32, "arm-linux-gnueabihf" },
  };
  const char *b = strrchr(interp, '/'), *dot;
  char p[PATH_MAX], *buf, *s, *e;
  struct stat st;
  size_t len, i;
  int r;

  b = b ? b + 1 : interp;
  if (!strncmp(b, "ld-musl-", 8) && (dot = strchr(b + 8, '.'))) {
    d->musl = 1;
    snprintf(p, sizeof(p), "/etc/ld-musl-%.*s.path", (int)(dot - b - 8),
             b + 8);
    if (!slurp(d, p, &buf, &len, &st)) {
      for (s = buf, r = 0; *s && !r; s = e) {
        s += strspn(s, ":\n");
        e = s + strcspn(s, ":\n");
        r = add_dir(d, s, e - s);
      }
      free(buf);
      return r;
    }
    if ((r = add_dir(d, "/lib", 4)) || (r = add_dir(d, "/usr/local/lib", 14)))
      return r;
    return add_dir(d, "/usr/lib", 8);
  }
  if ((r = conf_file(d, "/etc/ld.so.conf", 0))) return r;
  for (i = 0; i < sizeof(ma) / sizeof(*ma); i++) {
    if (ma[i].m != d->machine || ma[i].bits != d->bits) continue;
    snprintf(p, sizeof(p), "/lib/%s", ma[i].t);
    if ((r = add_dir(d, p, strlen(p)))) return r;
    snprintf(p, sizeof(p), "/usr/lib/%s", ma[i].t);
    if ((r = add_dir(d, p, strlen(p)))) return r;
  }
  if (d->bits == 64) {
    if ((r = add_dir(d, "/lib64", 6))) return r;
    return add_dir(d, "/usr/lib64", 10);
  }
  if ((r = add_dir(d, "/lib", 4))) return r;
  return add_dir(d, "/usr/lib", 8);
}

/* sys_dirs_read's answer depends only on the root, the loader and the
 * class: kept for the next program of the same kind (jk_init and jk_cp
 * ask for hundreds of files in one run; the config does not change
 * meanwhile). Each entry: the key, musl, the dirs as NUL-separated text. */
#define DIR_CACHE 4
static struct dir_cache {
  char key[PATH_MAX + 64];
  int musl, ndirs;
  char *dirs;
} dir_cache[DIR_CACHE];
static int dir_cache_next;

static void dir_cache_put(struct deps *d, const char *key)
{
  struct dir_cache *e = &dir_cache[dir_cache_next];
  size_t len = 0, n;
  int i;

  for (i = 0; i < d->ndirs; i++) len += strlen(d->pool + d->dirs[i]) + 1;
  free(e->dirs);
  if (!(e->dirs = malloc(len + 1))) return;     /* just not kept */
  dir_cache_next = (dir_cache_next + 1) % DIR_CACHE;
  for (i = 0, len = 0; i < d->ndirs; i++, len += n) {
    n = strlen(d->pool + d->dirs[i]) + 1;
    memcpy(e->dirs + len, d->pool + d->dirs[i], n);
  }
  strcpy(e->key, key);
  e->musl = d->musl;
  e->ndirs = d->ndirs;
}

static int sys_dirs(struct deps *d, const char *interp)
{
  const char *b = strrchr(interp, '/'), *s;
  char key[sizeof(dir_cache[0].key)];
  int i, j, r;

  b = b ? b + 1 : interp;
  if (snprintf(key, sizeof(key), "%.*s\n%s\n%u\n%d", (int)d->rootlen,
               d->root, b, d->machine, d->bits) >= (int)sizeof(key) ||
      d->ndirs)
    return sys_dirs_read(d, interp);
  for (j = 0; j < DIR_CACHE; j++) {
    if (!dir_cache[j].dirs || strcmp(key, dir_cache[j].key)) continue;
    d->musl = dir_cache[j].musl;
    for (i = 0, s = dir_cache[j].dirs; i < dir_cache[j].ndirs; i++) {
      if ((r = add_dir(d, s, strlen(s)))) return r;
      s += strlen(s) + 1;
    }
    return 0;
  }
  if ((r = sys_dirs_read(d, interp))) return r;
  dir_cache_put(d, key);
  return 0;
}

/* where the loader finds name for object i: 1 with the path in d->nx */
static int find_lib(struct deps *d, int i, const char *name)
{
  const struct dep_obj *o = &d->obj[i];
  char p[PATH_MAX];
  int j, r;

  if (strchr(name, '/')) {
    if (strlen(name) >= PATH_MAX)
      return dfail(d, ELF_ERR_LIMIT, "path too long: %s", name);
    if ((r = acceptable(d, name)) > 0) strcpy(d->nx, name);
    return r;
  }
  if (o->runpath < 0)
    for (j = i; j >= 0; j = d->obj[j].parent)
      if (d->obj[j].rpath >= 0 && d->obj[j].runpath < 0
          && (r = search_list(d, d->pool + d->obj[j].rpath,
                              d->pool + d->obj[j].origin, name)))
        return r;
  if (o->runpath >= 0
      && (r = search_list(d, d->pool + o->runpath, d->pool + o->origin, name)))
    return r;
  for (j = 0; j < d->ndirs; j++) {
    if ((r = joinp(d, d->pool + d->dirs[j], strlen(d->pool + d->dirs[j]),
                   name, p)))
      return r;
    if ((r = acceptable(d, p))) {
      if (r > 0) strcpy(d->nx, p);
      return r;
    }
  }
  return 0;
}

static int report_missing(struct deps *d, const char *name)
{
  struct elf_dep e = { ELF_DEP_MISSING, name, 0, 0, 0 };
  int r;

  d->missing = 1;
  if ((r = d->cb(d->ctx, &e))) return dfail(d, r, "stopped");
  return 0;
}

/* found (root-relative): report its chain and queue its end as an object
 * needed by parent, in *idx (-1 if known: the same file under another
 * name is the same object to ld.so, but the name is still reported) */
static int add_obj(struct deps *d, int parent, enum elf_dep_kind kind,
                   const char *name, const char *found, int *idx)
{
  struct dep_obj *o;
  struct stat st;
  char path[PATH_MAX];
  int i, r;

  *idx = -1;
  strcpy(path, found);
  if ((r = chain(d, path, 1, kind, name)) < 0) return r;
  if (r == 0) return 0;
  if (r == 2 && (r = chain(d, path, 0, kind, name)) <= 0) return r;
  if ((r = host(d, d->cur, d->h))) return r;
  if (stat(d->h, &st)) return 0;
  for (i = 0; i < d->nobj; i++)
    if (d->obj[i].dev == st.st_dev && d->obj[i].ino == st.st_ino) return 0;
  if (d->nobj >= ELF_DEPS_MAX_OBJS)
    return dfail(d, ELF_ERR_LIMIT, "too many libraries (max "
                 ELF_STR(ELF_DEPS_MAX_OBJS) ")");
  o = &d->obj[d->nobj];
  memset(o, 0, sizeof(*o));
  o->parent = parent;
  o->rpath = o->runpath = -1;
  o->dev = st.st_dev;
  o->ino = st.st_ino;
  /* $ORIGIN: the directory the library was found in */
  if ((r = keep(d, d->cur, strlen(d->cur), &o->path))
      || (r = keep(d, path, dirlen(path), &o->origin)))
    return r;
  *idx = d->nobj++;
  return 0;
}

/* read object i: its interpreter (for the program) and its DT_NEEDED */
static int process(struct deps *d, int i)
{
  struct elf_info info;
  size_t len, off;
  char *buf, *path = d->pool + d->obj[i].path;
  int j, k, r, mapped;

  d->obj[i].done = 1;
  if ((r = map_obj(d, path, &buf, &len, &mapped))) return r;
  if ((r = elf_parse(buf, len, &info))) {
    r = dfail(d, r, "%.*s%s: %s", (int)d->rootlen, d->root, path,
              info.err);
    goto out;
  }
  if (!i) {
    d->bits = info.bits;
    d->big = info.big_endian;
    d->machine = info.machine;
  } else if (info.bits != d->bits || info.machine != d->machine) {
    r = dfail(d, ELF_ERR_BAD, "%.*s%s: wrong class or machine",
              (int)d->rootlen, d->root, path);
    goto out;
  }
  if (info.soname && (r = seen(d, 'n', info.soname)) < 0) goto out;
  if (info.rpath) {
    if ((r = keep(d, info.rpath, strlen(info.rpath), &off))) goto out;
    d->obj[i].rpath = off;
  }
  if (info.runpath) {
    if ((r = keep(d, info.runpath, strlen(info.runpath), &off))) goto out;
    d->obj[i].runpath = off;
  }
  if (!i && info.interp) {
    if ((r = sys_dirs(d, info.interp))) goto out;
    if ((r = seen(d, 'n', info.interp)) < 0) goto out;
    if ((r = acceptable(d, info.interp)) < 0) goto out;
    if (!r) r = report_missing(d, info.interp);
    else if (!(r = add_obj(d, i, ELF_DEP_INTERP, info.interp, info.interp,
                            &k)) && k >= 0)
      r = process(d, k);
    if (r) goto out;
  } else if (!i && !info.is_static && (r = sys_dirs(d, "")))
    goto out;
  for (j = 0; j < info.nneeded; j++) {
    if ((r = seen(d, 'n', info.needed[j])) < 0) goto out;
    if (r) continue;
    if ((r = find_lib(d, i, info.needed[j])) < 0) goto out;
    if (!r) {
      if ((r = report_missing(d, info.needed[j]))) goto out;
      continue;
    }
    if ((r = add_obj(d, i, ELF_DEP_LIB, info.needed[j], d->nx, &k)))
      goto out;
  }
  r = 0;
out:
  unmap_obj(buf, len, mapped);
  return r;
}

/* the #! interpreter of the script ROOT+rel in out: 1, 0 (not a script),
 * or an error */
static int shebang(struct deps *d, const char *rel, char *out)
{
  char head[256];
  ssize_t n;
  size_t k;
  int fd, r;

  if ((r = host(d, rel, d->h))) return r;
  fd = open(d->h, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return dfail(d, ELF_ERR_IO, "%s: %s", d->h, strerror(errno));
  n = read(fd, head, sizeof(head) - 1);
  close(fd);
  if (n < 2 || head[0] != '#' || head[1] != '!') return 0;
  head[n] = 0;
  k = 2 + strspn(head + 2, " \t");
  n = strcspn(head + k, " \t\n");
  if (!n || head[k] != '/')
    return dfail(d, ELF_ERR_BAD, "%s: bad #! line", d->h);
  memcpy(out, head + k, n);
  out[n] = 0;
  return 1;
}

int elf_deps(const char *path, const char *root, elf_dep_cb cb, void *ctx,
             char *why, size_t whylen)
{
  struct deps *d;
  char interp[PATH_MAX], prog[PATH_MAX];
  struct stat st;
  int i, r, k;

  if (whylen) *why = 0;
  if (!root) root = "";
  if (strlen(path) >= PATH_MAX || !(d = calloc(1, sizeof(*d)))) {
    if (whylen) snprintf(why, whylen, "%s: too long or out of memory", path);
    return ELF_ERR_LIMIT;
  }
  d->root = root;
  d->rootlen = strlen(root);
  while (d->rootlen && root[d->rootlen - 1] == '/') d->rootlen--;
  d->cb = cb;
  d->ctx = ctx;
  d->why = why;
  d->whylen = whylen;
  strcpy(prog, path);
  /* a script: its interpreter (and so on) is the program */
  for (k = 0;; k++) {
    if ((r = chain(d, prog, 0, ELF_DEP_INTERP, 0)) <= 0) {
      if (!r) r = dfail(d, ELF_ERR_IO, "%.*s%s: not found",
                           (int)d->rootlen, d->root, prog);
      goto out;
    }
    if ((r = shebang(d, d->cur, interp)) <= 0) break;
    if (k >= ELF_DEPS_MAX_SCRIPT) {
      r = dfail(d, ELF_ERR_LIMIT, "%s: too many #! levels (max "
                ELF_STR(ELF_DEPS_MAX_SCRIPT) ")", path);
      goto out;
    }
    /* the #! line is the script owner's: only an executable regular
     * file is an interpreter (the kernel's rule), else it is missing */
    if ((r = chain(d, interp, 0, ELF_DEP_INTERP, interp)) < 0) goto out;
    if (r && (stat(d->h, &st) || !S_ISREG(st.st_mode) ||
              !(st.st_mode & 0111)))
      r = 0;
    if (r && (r = chain(d, interp, 1, ELF_DEP_INTERP, interp)) < 0)
      goto out;
    if (!r) {
      if (!(r = report_missing(d, interp))) r = ELF_DEPS_MISSING;
      goto out;
    }
    strcpy(prog, interp);
  }
  if (r < 0) goto out;
  /* the program: $ORIGIN is the directory of its real path */
  if ((r = chain(d, prog, 0, ELF_DEP_LIB, 0)) <= 0) goto out;
  d->obj[0].parent = -1;
  d->obj[0].rpath = d->obj[0].runpath = -1;
  if ((r = keep(d, d->cur, strlen(d->cur), &d->obj[0].path))
      || (r = keep(d, d->cur, dirlen(d->cur), &d->obj[0].origin))
      || (r = seen(d, 'f', d->cur)) < 0)
    goto out;
  if ((r = host(d, d->cur, d->h))) goto out;
  if (stat(d->h, &st)) {
    r = dfail(d, ELF_ERR_IO, "%s: %s", d->h, strerror(errno));
    goto out;
  }
  d->obj[0].dev = st.st_dev;
  d->obj[0].ino = st.st_ino;
  d->nobj = 1;
  for (i = 0; i < d->nobj; i++)
    if (!d->obj[i].done && (r = process(d, i))) {
      if (r == ELF_ERR_NOTELF && !i)
        dfail(d, r, "%.*s%s: not an ELF file", (int)d->rootlen,
              d->root, prog);
      goto out;
    }
  r = d->missing ? ELF_DEPS_MISSING : 0;
out:
  free(d);
  return r;
}
