/* passwd.c: passwd and group files read from an explicit path.
 *
 * Never NSS: a static binary has none, and inside a jail the jail's own
 * etc/passwd is the truth. Format, stricter than glibc on purpose:
 *   name:passwd:uid:gid:gecos:dir:shell    (exactly 7 fields)
 *   name:passwd:gid:member,member          (exactly 4 fields)
 * The name is non-empty. Ids are plain decimal (leading zeros allowed, as
 * glibc reads them): no sign, no blanks, at most (uid_t)-2, because -1
 * means "unchanged" to setresuid() and must never come from a file.
 * The parsers take a line with or without one trailing "\n" or "\r\n" and
 * remove it. They never print, exit, allocate or touch errno, and they
 * leave a malformed line as it was (apart from that line end).
 *
 * The lookups read whole lines into the caller's buffer. A line with its
 * terminator must fit in min(len, PW_LINE_MAX) bytes, else the lookup
 * fails with ERANGE: a truncated line could turn into someone else's.
 * They search the text for the key and parse only the lines holding it:
 * about half an instruction a byte (16 bytes a step, below; musl's memmem
 * takes ~9 a byte for a 4-byte key, an id's digits), where a line-by-line
 * scan costs ~200 a line.
 * Blank lines, '#' comments and NIS '+'/'-' lines are skipped. A
 * malformed line is skipped too, unless its key field matches what is
 * looked up: then the answer is an error (EINVAL), never a guess or a
 * later entry. The first matching entry wins, as in glibc. */
#include "jk.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- 16 bytes a step ----
 * The search and the splitting of a line look at 16 bytes a step with the
 * compiler's vector extension (SSE2 on x86-64, NEON on arm64, plain code
 * elsewhere): a step costs about what a byte did. Loads are memcpy()s (any
 * alignment) and never go past the text: the last step of a text is moved
 * back to end at its end, its bits shifted down past the bytes already
 * seen, and a text shorter than a step is looked at a byte at a time.
 * Vectors are passed by pointer: by value they change the ABI where there
 * is no vector unit (-Wpsabi). The small helpers a step calls are always
 * inlined: -Os would call them, and pass the lanes through memory. */
#define VEC 16
typedef unsigned char vec __attribute__((vector_size(VEC)));

/* The lanes of *m (each 0 or 0xff) as bits, lane i as bit i. SSE2 has
 * an instruction for it. Elsewhere each lane keeps its own bit, and one
 * multiplication adds the 8 lanes of a half into its top byte (no two
 * share a bit: nothing carries), in either byte order. */
__attribute__((always_inline))
static inline unsigned vec_bits(const vec *m)
{
#ifdef __SSE2__
  return _mm_movemask_epi8((__m128i)*m);
#else
  static const vec bit = {1, 2, 4, 8, 16, 32, 64, 128,
                          1, 2, 4, 8, 16, 32, 64, 128};
  const uint64_t sum = 0x0101010101010101;
  vec b = *m & bit;
  uint64_t h[2];

  memcpy(h, &b, VEC);
  return (h[0] * sum) >> 56 | (h[1] * sum) >> 56 << 8;
#endif
}

/* Is any lane of *m set? (SSE2: the bits, in one instruction) */
__attribute__((always_inline))
static inline int vec_any(const vec *m)
{
#ifdef __SSE2__
  return vec_bits(m) != 0;
#else
  uint64_t h[2];

  memcpy(h, m, VEC);
  return (h[0] | h[1]) != 0;
#endif
}

/* The search for one key. Its candidates are the places where the key's
 * first and last bytes are both right: a step finds the candidates among
 * 16 places, and only those are compared whole. */
struct find {
  const char *key;
  size_t n;                  /* >= 1 */
  vec first, last;           /* the key's first and last byte, every lane */
};

static void find_init(struct find *f, const char *key, size_t n)
{
  f->key = key;
  f->n = n;
  memset(&f->first, key[0], VEC);
  memset(&f->last, key[n - 1], VEC);
}

/* the candidates among the 16 places from p, as lanes */
__attribute__((always_inline))
static inline void find_lanes(const struct find *f, const char *p, vec *m)
{
  vec a, b;

  memcpy(&a, p, VEC);
  memcpy(&b, p + f->n - 1, VEC);
  *m = (a == f->first) & (b == f->last);
}

/* the candidates among the 16 places from p, as bits */
static unsigned find_step(const struct find *f, const char *p)
{
  vec m;

  find_lanes(f, p, &m);
  return vec_bits(&m);
}

/* The candidates among the 64 places from p, as bits. Most of the text
 * has none: one test of the four steps' lanes, before any bits are made,
 * costs about half an instruction a byte. */
static uint64_t find_block(const struct find *f, const char *p)
{
  vec a, b, c, d, m;

  find_lanes(f, p, &a);
  find_lanes(f, p + VEC, &b);
  find_lanes(f, p + 2 * VEC, &c);
  find_lanes(f, p + 3 * VEC, &d);
  m = a | b | c | d;
  if (!vec_any(&m)) return 0;
  return vec_bits(&a) | vec_bits(&b) << 16 | (uint64_t)vec_bits(&c) << 32 |
         (uint64_t)vec_bits(&d) << 48;
}

/* Is the key at p (its first and last bytes are)? A candidate that is
 * not the key mostly differs in its first 8 bytes ("bin/bash" for
 * "benchcsh"), or 4 (an id's digits): one word compare, where memcmp()
 * takes a call and a loop. */
static int find_at(const struct find *f, const char *p)
{
  uint64_t a, b;
  uint32_t c, d;

  if (f->n >= 8) {
    memcpy(&a, p, 8);
    memcpy(&b, f->key, 8);
    return a == b && (f->n == 8 || !memcmp(p + 8, f->key + 8, f->n - 8));
  }
  if (f->n >= 4) {
    memcpy(&c, p, 4);
    memcpy(&d, f->key, 4);
    return c == d && (f->n == 4 || !memcmp(p + 4, f->key + 4, f->n - 4));
  }
  return !memcmp(p, f->key, f->n);
}

/* the first candidate of bits (bit i: place p + i) that is the key, or 0 */
__attribute__((always_inline))
static inline char *find_bits(const struct find *f, char *p, uint64_t bits)
{
  char *at;

  for (; bits; bits &= bits - 1)
    if (find_at(f, at = p + __builtin_ctzll(bits))) return at;
  return 0;
}

/* The first copy of the key in [p, end), or 0: a block at a time, then a
 * step at a time; the last step is moved back to end with the text (its
 * bits shifted down: bit i stays place p + i). */
static char *find(const struct find *f, char *p, const char *end)
{
  char *lim, *at;            /* the key can start in [p, lim) */

  if ((size_t)(end - p) < f->n) return 0;
  lim = p + (end - p) - (f->n - 1);
  if (lim - p < VEC) {
    for (; p < lim; p++)
      if (*p == *f->key && p[f->n - 1] == f->key[f->n - 1] && find_at(f, p))
        return p;
    return 0;
  }
  for (; lim - p >= 4 * VEC; p += 4 * VEC)
    if ((at = find_bits(f, p, find_block(f, p)))) return at;
  for (; lim - p >= VEC; p += VEC)
    if ((at = find_bits(f, p, find_step(f, p)))) return at;
  if (p == lim) return 0;
  return find_bits(f, p, find_step(f, lim - VEC) >> (VEC - (lim - p)));
}

/* A line of text, scanned once: its length and where its ':'s are. The
 * line ends at a NUL too (where a C string of it would), so the parsers
 * look at what they were given as a string. */
#define LINE_COLONS 7        /* a passwd line has 6: a 7th is too many */
struct line {
  char *s;
  size_t len;                /* up to its end: nl, a NUL, the text's end */
  size_t colon[LINE_COLONS]; /* the offsets of its first ':'s */
  int n;                     /* how many of them, at most LINE_COLONS */
};

/* the ':'s, nl and NULs among the 16 bytes from p, as bits */
static unsigned line_step(const char *p, unsigned char nl)
{
  vec v, m;

  memcpy(&v, p, VEC);
  m = (v == ':') | (v == nl) | (v == 0);
  return vec_bits(&m);
}

/* The stops of bits (bit i: byte p + i) into the line: 1 at its end. */
__attribute__((always_inline))
static inline int line_bits(struct line *l, char *p, unsigned bits)
{
  char *c;

  for (; bits; bits &= bits - 1) {
    c = p + __builtin_ctz(bits);
    if (*c != ':') {
      l->len = c - l->s;
      return 1;
    }
    if (l->n < LINE_COLONS) l->colon[l->n++] = c - l->s;
  }
  return 0;
}

/* Scan the line at l->s, in the text [base, end). nl is the byte that
 * ends a line besides NUL: '\n' in a file, NUL in a line given as a
 * string (where '\n' is a byte like any other). */
static void line_scan(struct line *l, const char *base, const char *end,
                      unsigned char nl)
{
  char *p = l->s;

  l->n = 0;
  if (end - base < VEC) {
    for (; p < end && *p != nl && *p; p++)
      if (*p == ':' && l->n < LINE_COLONS) l->colon[l->n++] = p - l->s;
    l->len = p - l->s;
    return;
  }
  for (; end - p >= VEC; p += VEC)
    if (line_bits(l, p, line_step(p, nl))) return;
  /* the last step, moved back (it may start before the line) */
  if (p < end &&
      line_bits(l, p, line_step(end - VEC, nl) >> (VEC - (end - p))))
    return;
  l->len = end - l->s;
}

/* where the line scanned in [.., end) ends: its '\n' (past a NUL inside
 * it), or end */
static char *line_end(const struct line *l, char *end)
{
  char *p = l->s + l->len;

  if (p < end && !*p) p = memchr(p, '\n', end - p);
  return p ? p : end;
}

/* What one lookup wants: a name or an id in field `field`. */
struct query {
  const char *name;      /* 0 for a lookup by id */
  uintmax_t id;
  int field;             /* 0 for the name, 2 for the uid or gid */
  int group;             /* parse as group (else passwd) */
  void *ent;
  struct find *f;        /* the search for its key (query_init) */
};

/* n, the length of line, without one trailing "\n" or "\r\n" (removed) */
static size_t strip_eol(char *line, size_t n)
{
  if (n && line[n - 1] == '\n') line[--n] = 0;
  if (n && line[n - 1] == '\r') line[--n] = 0;
  return n;
}

/* Strict decimal in [0, max] for field [s, end). Without its leading
 * zeros an id in range has at most 19 digits (max < 10^19), which a
 * uint64_t holds: no overflow test per digit, one comparison at the
 * end. Inlined: a call costs as much as the digits of a short id. */
_Static_assert((uid_t)-1 < 10000000000000000000u &&
               (gid_t)-1 < 10000000000000000000u, "ids have 19 digits");
__attribute__((always_inline))
static inline int parse_id(const char *s, const char *end, uintmax_t max,
                           uintmax_t *out)
{
  uint64_t v = 0;

  if (s == end) return -1;
  while (end - s > 1 && *s == '0') s++;
  if (end - s > 19) return -1;
  for (; s < end; s++) {
    uint64_t d = (unsigned char)*s - '0';

    if (d > 9) return -1;
    v = v * 10 + d;
  }
  if (v > max) return -1;
  *out = v;
  return 0;
}

#define UID_OK ((uintmax_t)(uid_t)-2)
#define GID_OK ((uintmax_t)(gid_t)-2)

/* The fields of a scanned line end at its ':'s: cut it there. */
static void cut(const struct line *l)
{
  for (int i = 0; i < l->n; i++) l->s[l->colon[i]] = 0;
  l->s[l->len] = 0;
}

/* The parsers, for a scanned line (its line end already removed): 0, or
 * -1 with the line left as it was. */
static int pw_parse(const struct line *l, struct pw_ent *e)
{
  char *s = l->s;
  const size_t *c = l->colon;
  uintmax_t uid, gid;

  if (l->n != 6 || !c[0] || parse_id(s + c[1] + 1, s + c[2], UID_OK, &uid)
      || parse_id(s + c[2] + 1, s + c[3], GID_OK, &gid))
    return -1;
  cut(l);
  e->name = s;
  e->passwd = s + c[0] + 1;
  e->uid = uid;
  e->gid = gid;
  e->gecos = s + c[3] + 1;
  e->dir = s + c[4] + 1;
  e->shell = s + c[5] + 1;
  return 0;
}

static int gr_parse(const struct line *l, struct gr_ent *e)
{
  char *s = l->s;
  const size_t *c = l->colon;
  uintmax_t gid;

  if (l->n != 3 || !c[0] || parse_id(s + c[1] + 1, s + c[2], GID_OK, &gid))
    return -1;
  cut(l);
  e->name = s;
  e->passwd = s + c[0] + 1;
  e->gid = gid;
  e->members = s + c[2] + 1;
  return 0;
}

int pw_parse_line(char *line, struct pw_ent *e)
{
  struct line l = {.s = line};

  line_scan(&l, line, line + strip_eol(line, strlen(line)), 0);
  return pw_parse(&l, e);
}

int gr_parse_line(char *line, struct gr_ent *e)
{
  struct line l = {.s = line};

  line_scan(&l, line, line + strip_eol(line, strlen(line)), 0);
  return gr_parse(&l, e);
}

/* id in decimal, no leading zero, ending at end: its first digit */
static char *id_digits(uintmax_t id, char *end)
{
  do *--end = '0' + id % 10; while (id /= 10);
  return end;
}

/* Does field q->field of a scanned line hold the key? A name is where
 * find() found it, at the line's start: the field must end right after
 * it. An id is compared as text: a field is the id if, without its
 * leading zeros, it is the id's digits (what parse_id would read as the
 * id). */
static int key_matches(const struct line *l, const struct query *q)
{
  const char *s = l->s, *end;
  size_t n = q->f->n;

  if (q->field) {
    if (l->n < q->field) return 0;
    s += l->colon[q->field - 1] + 1;
  }
  end = l->s + (l->n > q->field ? l->colon[q->field] : l->len);
  if (q->name) return (size_t)(end - s) == n;
  while (end - s > 1 && *s == '0') s++;
  return (size_t)(end - s) == n && find_at(q->f, s);
}

/* '#' comments and NIS lines (a blank line holds no key) */
static int skipped(const struct line *l)
{
  char c = l->s[0];

  return c == '#' || c == '+' || c == '-' || (c == '\r' && l->len == 1);
}

/* The line scanned in [.., end): 1 found (q->ent filled), 0 not found,
 * -1 error. */
static int try_line(struct line *l, const char *end, const struct query *q)
{
  if (!key_matches(l, q) || skipped(l)) return 0;
  if (l->s + l->len < end && !l->s[l->len])       /* a NUL inside */
    return errno = EINVAL, -1;
  if (l->len && l->s[l->len - 1] == '\r') l->len--;
  if (q->group ? gr_parse(l, q->ent) : pw_parse(l, q->ent))
    return errno = EINVAL, -1;
  return 1;
}

static int open_db(const char *path)
{
  /* O_NONBLOCK: a FIFO put in place of the file must not hang us;
   * lib/sys.h: musl's open() adds an fcntl() for O_CLOEXEC, for old
   * kernels, and its fstat() copies the stat field by field */
  int fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
                      O_NONBLOCK), err;
  struct stat st;

  if (fd < 0) return -1;
  if (sys_fstat(fd, &st)) err = errno;
  else if (!S_ISREG(st.st_mode)) err = EINVAL;
  else return fd;
  sys_close(fd);
  return errno = err, -1;
}

/* the start of the line holding hit, p being a line's start (an id is
 * near it: a byte loop, where memrchr() costs a call more) */
static char *line_start(char *p, char *hit)
{
  while (hit > p && hit[-1] != '\n') hit--;
  return hit;
}

/* The first entry in the lines [p, end) (end is a newline or the end of
 * the file): only the lines where the key's text appears are looked at
 * (a name is at the start of its line, an id's digits are in it). 1 found,
 * 0 not there, -1 error. */
static int search(char *p, char *end, const struct query *q)
{
  char *base = p, *hit;
  struct line l;
  int ret;

  while (p < end && (hit = find(q->f, p, end))) {
    if (q->name && hit != base && hit[-1] != '\n') {
      p = hit + 1;           /* inside a line: not its name */
      continue;
    }
    l.s = q->name ? hit : line_start(p, hit);
    line_scan(&l, base, end, '\n');
    if ((ret = try_line(&l, end, q))) return ret;
    p = line_end(&l, end) + 1;
  }
  return 0;
}

/* the length of a name that a line can hold as its key, else 0 */
static size_t name_len(const char *s)
{
  const char *p = s;

  for (; *p; p++)
    if (*p == ':' || *p == '\n') return 0;
  return p - s;
}

/* The search for q's key into *f, q->f: the name, or the id's digits
 * (written into digits[24]). 0 when no line can hold it. */
static int query_init(struct query *q, struct find *f, char *digits)
{
  const char *key = q->name;
  size_t n;

  if (key) {
    n = name_len(key);
  } else {
    key = id_digits(q->id, digits + 24);
    n = digits + 24 - key;
  }
  if (!n) return 0;
  find_init(f, key, n);
  q->f = f;
  return 1;
}

/* The file is read into the caller's buffer as whole lines: bytes
 * [0, fill) are read, a partial line at most, when a read starts. */
static int lookup(const char *path, struct query *q, char *buf,
                  size_t len)
{
  size_t cap = len < PW_LINE_MAX ? len : PW_LINE_MAX, fill = 0;
  int fd, eof = 0, ret = 0, err;
  ssize_t got;
  char *end, digits[24];
  struct find f;

  if (!query_init(q, &f, digits)) return 0;
  fd = open_db(path);
  if (fd < 0) return -1;
  for (;;) {
    if (fill == cap) {
      ret = -1;
      errno = ERANGE;
      break;
    }
    got = sys_read(fd, buf + fill, cap - fill);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ret = -1;
      break;
    }
    if (!got) eof = 1;
    fill += got;
    /* the whole lines read (at the end of the file, all: fill < cap, so
     * the last one has room for its NUL) */
    end = eof ? buf + fill : memrchr(buf, '\n', fill);
    if (end && (ret = search(buf, end, q))) break;
    if (eof) break;
    if (end) {               /* keep the partial line at the front */
      fill -= end + 1 - buf;
      memmove(buf, end + 1, fill);
    }
  }
  err = errno;
  sys_close(fd);
  errno = err;
  return ret;
}

int pw_byname(const char *path, const char *name, struct pw_ent *e,
              char *buf, size_t len)
{
  struct query q = {.name = name, .field = 0, .ent = e};

  return lookup(path, &q, buf, len);
}

int pw_byuid(const char *path, uid_t uid, struct pw_ent *e,
             char *buf, size_t len)
{
  struct query q = {.id = uid, .field = 2, .ent = e};

  return lookup(path, &q, buf, len);
}

int gr_byname(const char *path, const char *name, struct gr_ent *e,
              char *buf, size_t len)
{
  struct query q = {.name = name, .field = 0, .group = 1, .ent = e};

  return lookup(path, &q, buf, len);
}

int gr_bygid(const char *path, gid_t gid, struct gr_ent *e,
             char *buf, size_t len)
{
  struct query q = {.id = gid, .field = 2, .group = 1, .ent = e};

  return lookup(path, &q, buf, len);
}

/* Exact match in the comma list: "al" is not a member of "alice,bob". */
int gr_has_member(const struct gr_ent *e, const char *user)
{
  size_t n = strlen(user);
  const char *p = e->members;

  if (!n || !p) return 0;
  while (*p) {
    size_t m = strcspn(p, ",");

    if (m == n && !memcmp(p, user, n)) return 1;
    p += m;
    if (*p) p++;
  }
  return 0;
}

int pw_next(char **cur, struct pw_ent *e)
{
  char *line, *nl;

  while (**cur) {
    line = *cur;
    nl = strchr(line, '\n');
    if (nl) {
      *nl = 0;
      *cur = nl + 1;
    } else {
      *cur = line + strlen(line);
    }
    if (*line && *line != '#' && !pw_parse_line(line, e)) return 1;
  }
  return 0;
}

/* ---- a user's groups ---- */

static int add_group(gid_t *list, int *n, int max, gid_t gid)
{
  int i;

  for (i = 0; i < *n; i++)
    if (list[i] == gid) return 0;
  if (*n == max) return errno = E2BIG, -1;
  list[(*n)++] = gid;
  return 0;
}

/* One line of a group file, scanned; malformed lines are skipped. Most
 * lines do not name the user: the members are looked at before the line
 * is parsed. A "\r" is taken off twice, once as the line's end and once
 * by the parse, as gr_parse_line() on the line would. */
static int group_line(struct line *l, const char *eol, const char *user,
                      gid_t *list, int *count, int max)
{
  char *s = l->s;
  struct gr_ent gr;

  /* a NUL inside, or not 4 fields: the parse would fail */
  if (s + l->len != eol || l->n != 3) return 0;
  if (l->len && s[l->len - 1] == '\r') l->len--;
  s[l->len] = 0;
  gr.members = s + l->colon[2] + 1;
  if (!gr_has_member(&gr, user) || *s == '#' || *s == '+' || *s == '-')
    return 0;
  if (l->len && s[l->len - 1] == '\r') l->len--;
  if (gr_parse(l, &gr) || !gr_has_member(&gr, user)) return 0;
  return add_group(list, count, max, gr.gid);
}

/* The lines in [p, end) that hold the user's name somewhere (a line that
 * lists the user as a member must): each parsed once, the others never
 * looked at. end is a newline or the end of the file, which may be
 * written to. */
static int member_lines(const struct find *f, char *p, char *end,
                        const char *user, gid_t *list, int *count, int max)
{
  char *base = p, *hit, *eol;
  struct line l;

  while (p < end && (hit = find(f, p, end))) {
    l.s = line_start(p, hit);
    line_scan(&l, base, end, '\n');
    eol = line_end(&l, end);
    if (group_line(&l, eol, user, list, count, max)) return -1;
    p = eol + 1;
  }
  return 0;
}

/* search() for gr_login: the lines [p, end) are not written to (the
 * members are searched in them next); a line holding the key is copied
 * into buf, which it fits: it is shorter than PW_LINE_MAX, as every line
 * read before the buffer grows. */
static int search_copy(char *p, char *end, const struct query *q, char *buf)
{
  char *base = p, *hit, *eol;
  struct line l;
  size_t n;
  int ret;

  while (p < end && (hit = find(q->f, p, end))) {
    l.s = line_start(p, hit);
    line_scan(&l, base, end, '\n');
    eol = line_end(&l, end);
    n = eol - l.s;
    memcpy(buf, l.s, n);
    l.s = buf;
    if ((ret = try_line(&l, buf + n, q))) return ret;
    p = eol + 1;
  }
  return 0;
}

/* The group file read once for the user's groups and, with q, q's entry
 * (its line copied into qbuf): lookup()'s and the groups' answers come
 * from the same reads, lookup()'s limit included (a line that fills the
 * first buffer). Bytes [0, fill) are read, a partial line at most, when
 * a read starts. The
 * entry's answer is returned, the groups' count (or -errno) put in *n. */
static int scan_groups(const char *path, struct query *q, char *qbuf,
                       const char *user, gid_t gid, gid_t *list, int max,
                       int *n)
{
  char local[PW_LINE_MAX + 1], *buf = local, *more, *end;
  size_t cap = PW_LINE_MAX, fill = 0;
  struct find f;
  int fd, count = 0, eof = 0, ret = 0, qerr = 0, gerr = 0, qopen = !!q;
  int gopen;
  ssize_t r;

  if (max < 1) gerr = E2BIG;
  else list[count++] = gid;
  gopen = !gerr && *user;     /* no name is nobody's member */
  if (gopen) find_init(&f, user, strlen(user));
  fd = open_db(path);
  if (fd < 0) {
    *n = -(gerr ? gerr : errno);
    return q ? -1 : 0;
  }
  while (qopen || gopen) {
    if (fill == cap && qopen) {            /* lookup()'s limit */
      qopen = 0;
      ret = -1;
      qerr = ERANGE;
    }
    if (fill == cap && gopen && cap >= PW_GROUP_LINE_MAX) {
      gopen = 0;
      gerr = ERANGE;
    }
    if (!gopen && !qopen) break;
    /* a big group's line is long: grow (only the groups are left) */
    if (fill == cap) {
      if (!(more = malloc(2 * cap + 1))) {
        gerr = ENOMEM;
        break;
      }
      memcpy(more, buf, fill);
      if (buf != local) free(buf);
      buf = more;
      cap *= 2;
    }
    r = sys_read(fd, buf + fill, cap - fill);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      if (qopen) ret = -1, qerr = errno;
      if (gopen) gerr = errno;
      break;
    }
    if (!r) eof = 1;
    else fill += r;
    /* the whole lines read (at the end of the file, all) */
    end = eof ? buf + fill : memrchr(buf, '\n', fill);
    if (end && qopen && (ret = search_copy(buf, end, q, qbuf))) {
      qopen = 0;
      qerr = errno;
    }
    if (end && gopen && member_lines(&f, buf, end, user, list, &count, max)) {
      gopen = 0;
      gerr = errno;
    }
    if (eof) break;
    if (end) {               /* keep the partial line at the front */
      fill -= end + 1 - buf;
      memmove(buf, end + 1, fill);
    }
  }
  if (buf != local) free(buf);
  sys_close(fd);
  *n = gerr ? -gerr : count;
  errno = qerr;
  return ret;
}

int gr_groups(const char *path, const char *user, gid_t gid, gid_t *list,
              int max)
{
  int n;

  scan_groups(path, 0, 0, user, gid, list, max, &n);
  if (n < 0) return errno = -n, -1;
  return n;
}

int gr_login(const char *path, gid_t gid, struct gr_ent *e, char *buf,
             size_t len, const char *user, gid_t *list, int max, int *n)
{
  struct query q = {.id = gid, .field = 2, .group = 1, .ent = e};
  struct find f;
  char digits[24];

  /* a smaller buffer has lookup()'s smaller limit: ask apart */
  if (len < PW_LINE_MAX) {
    *n = gr_groups(path, user, gid, list, max);
    if (*n < 0) *n = -errno;
    return gr_bygid(path, gid, e, buf, len);
  }
  query_init(&q, &f, digits);
  return scan_groups(path, &q, buf, user, gid, list, max, n);
}
