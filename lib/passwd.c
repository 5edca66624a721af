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
 * ~2 instructions a byte (Horspool's search: musl's memmem takes ~9 for a
 * 4-byte key, an id's digits), where a line-by-line scan costs ~200 a
 * line.
 * Blank lines, '#' comments and NIS '+'/'-' lines are skipped. A
 * malformed line is skipped too, unless its key field matches what is
 * looked up: then the answer is an error (EINVAL), never a guess or a
 * later entry. The first matching entry wins, as in glibc. */
#include "jk.h"

/* Horspool's search for one key: the table says how far the key can move
 * on, given the byte under its last one. Bytes share the table by their
 * low 5 bits (letters apart, digits with p-y): a shared entry holds the
 * shortest shift of its bytes, which is safe (only slower), as is the cap
 * at 255 for longer keys. 32 entries cost 4 stores to fill; 256 cost
 * more than the search of a small file. */
#define FIND_CLASS(c) ((unsigned char)(c) & 31)
struct find {
  const char *key;
  size_t n;                  /* >= 1 */
  union {
    unsigned char skip[32];
    uint64_t words[4];
  };
};

static void find_init(struct find *f, const char *key, size_t n)
{
  uint64_t fill = 0x0101010101010101ULL * (n < 255 ? n : 255);
  size_t i;

  f->key = key;
  f->n = n;
  for (i = 0; i < 4; i++) f->words[i] = fill;
  /* later bytes give shorter shifts: a class keeps the shortest */
  for (i = 0; i + 1 < n; i++)
    f->skip[FIND_CLASS(key[i])] = n - 1 - i < 255 ? n - 1 - i : 255;
}

/* the first copy of the key in [p, end), or 0 */
static char *find(const struct find *f, char *p, const char *end)
{
  size_t last = f->n - 1;
  unsigned char c, k = f->key[last];

  if ((size_t)(end - p) <= last) return 0;
  for (end -= last; p < end; p += f->skip[FIND_CLASS(c)]) {
    c = p[last];
    if (c == k && !memcmp(p, f->key, last)) return p;
  }
  return 0;
}

/* What one lookup wants: a name or an id in field `field`. */
struct query {
  const char *name;      /* 0 for a lookup by id */
  size_t len;            /* strlen(name), or of digits */
  char digits[24];       /* the id in decimal, without leading zeros */
  uintmax_t id;
  int field;             /* 0 for the name, 2 for the uid or gid */
  int group;             /* parse as group (else passwd) */
  void *ent;
  struct find f;         /* the search for the name or the digits */
};

/* n, the length of line, without one trailing "\n" or "\r\n" (removed) */
static size_t strip_eol(char *line, size_t n)
{
  if (n && line[n - 1] == '\n') line[--n] = 0;
  if (n && line[n - 1] == '\r') line[--n] = 0;
  return n;
}

/* Split the len bytes of line at ':' into exactly n fields, or return -1
 * without changing the line. */
static int split(char *line, size_t len, char **f, int n)
{
  char *p = line, *end = line + len;
  int i = 1;

  f[0] = line;
  for (; p < end; p++) {     /* memchr() costs more on fields this short */
    if (*p != ':') continue;
    if (i == n) return -1;
    f[i++] = p + 1;
  }
  if (i != n) return -1;
  for (i = 1; i < n; i++) f[i][-1] = 0;
  return 0;
}

/* Strict decimal in [0, max] for field [s, end). */
static int parse_id(const char *s, const char *end, uintmax_t max,
                    uintmax_t *out)
{
  uintmax_t v = 0;

  if (s == end) return -1;
  for (; s < end; s++) {
    unsigned d = (unsigned char)*s - '0';

    if (d > 9 || v > (max - d) / 10) return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

#define UID_OK ((uintmax_t)(uid_t)-2)
#define GID_OK ((uintmax_t)(gid_t)-2)

/* the parsers, for a line whose length is known */
static int pw_parse(char *line, size_t n, struct pw_ent *e)
{
  char *f[7];
  uintmax_t uid, gid;

  if (split(line, strip_eol(line, n), f, 7)) return -1;
  if (!*f[0] || parse_id(f[2], f[3] - 1, UID_OK, &uid)
      || parse_id(f[3], f[4] - 1, GID_OK, &gid)) {
    for (int i = 1; i < 7; i++) f[i][-1] = ':';   /* undo the split */
    return -1;
  }
  e->name = f[0];
  e->passwd = f[1];
  e->uid = uid;
  e->gid = gid;
  e->gecos = f[4];
  e->dir = f[5];
  e->shell = f[6];
  return 0;
}

static int gr_parse(char *line, size_t n, struct gr_ent *e)
{
  char *f[4];
  uintmax_t gid;

  if (split(line, strip_eol(line, n), f, 4)) return -1;
  if (!*f[0] || parse_id(f[2], f[3] - 1, GID_OK, &gid)) {
    for (int i = 1; i < 4; i++) f[i][-1] = ':';
    return -1;
  }
  e->name = f[0];
  e->passwd = f[1];
  e->gid = gid;
  e->members = f[3];
  return 0;
}

int pw_parse_line(char *line, struct pw_ent *e)
{
  return pw_parse(line, strlen(line), e);
}

int gr_parse_line(char *line, struct gr_ent *e)
{
  return gr_parse(line, strlen(line), e);
}

/* id in decimal into buf (24 bytes), no leading zero: its length */
static size_t id_digits(uintmax_t id, char *buf)
{
  char tmp[24];
  size_t n = 0, i;

  do tmp[n++] = '0' + id % 10; while (id /= 10);
  for (i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  return n;
}

/* the end of the field at s: its ':' or the line's end (a NUL) */
static const char *field_end(const char *s)
{
  while (*s && *s != ':') s++;
  return s;
}

/* Does field q->field of a line not yet parsed (n bytes) hold the key?
 * An id is compared as text: a field is the id if, without its leading
 * zeros, it is the id's digits (what parse_id would read as the id). */
static int key_matches(const char *line, size_t n, const struct query *q)
{
  const char *s = line, *end;
  int i;

  if (q->name)
    return q->len <= n && !memcmp(line, q->name, q->len) &&
           (line[q->len] == ':' || !line[q->len]);
  for (i = 0; i < q->field; i++) {
    s = field_end(s);
    if (!*s++) return 0;
  }
  end = field_end(s);
  while (end - s > 1 && *s == '0') s++;
  return (size_t)(end - s) == q->len && !memcmp(s, q->digits, q->len);
}

static int skipped(const char *line)
{
  return !*line || *line == '#' || *line == '+' || *line == '-' ||
         (*line == '\r' && !line[1]);
}

/* 1 found (q->ent filled), 0 not found, -1 error. */
static int try_line(char *line, size_t n, const struct query *q)
{
  int bad;

  if (!key_matches(line, n, q) || skipped(line)) return 0;
  if (strlen(line) != n) return errno = EINVAL, -1;   /* a NUL inside */
  bad = q->group ? gr_parse(line, n, q->ent) : pw_parse(line, n, q->ent);
  if (bad) return errno = EINVAL, -1;
  return 1;
}

static int open_db(const char *path)
{
  /* O_NONBLOCK: a FIFO put in place of the file must not hang us;
   * openat: musl's open() adds an fcntl() for O_CLOEXEC, for old kernels */
  int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
                  O_NONBLOCK), err;
  struct stat st;

  if (fd < 0) return -1;
  if (fstat(fd, &st)) err = errno;
  else if (!S_ISREG(st.st_mode)) err = EINVAL;
  else return fd;
  close(fd);
  return errno = err, -1;
}

/* The first entry in the lines [p, end) (end is a newline or the end of
 * the file): only the lines where the key's text appears are looked at
 * (a name is at the start of its line, an id's digits are in it). 1 found,
 * 0 not there, -1 error. */
static int search(char *p, char *end, const struct query *q)
{
  char *hit, *line, *eol;
  int ret;

  while (p < end && (hit = find(&q->f, p, end))) {
    line = memrchr(p, '\n', hit - p);
    line = line ? line + 1 : p;
    eol = memchr(hit, '\n', end - hit);
    if (!eol) eol = end;
    *eol = 0;
    if ((ret = try_line(line, eol - line, q))) return ret;
    p = eol + 1;
  }
  return 0;
}

/* a name that no line can hold as its key */
static int name_bad(const char *s)
{
  for (; *s; s++)
    if (*s == ':' || *s == '\n') return 1;
  return 0;
}

/* The file is read into the caller's buffer as whole lines: bytes
 * [start, fill) are read but not yet searched. */
static int lookup(const char *path, struct query *q, char *buf,
                  size_t len)
{
  size_t cap = len < PW_LINE_MAX ? len : PW_LINE_MAX, start = 0, fill = 0;
  int fd, eof = 0, ret = 0, err;
  ssize_t got;
  char *end;

  if (q->name && (!*q->name || name_bad(q->name))) return 0;
  if (q->name) q->len = strlen(q->name);
  else q->len = id_digits(q->id, q->digits);
  find_init(&q->f, q->name ? q->name : q->digits, q->len);
  fd = open_db(path);
  if (fd < 0) return -1;
  for (;;) {
    /* the whole lines read (at the end of the file, all: fill < cap, so
     * the last one has room for its NUL) */
    end = eof ? buf + fill : memrchr(buf + start, '\n', fill - start);
    if (end && (ret = search(buf + start, end, q))) break;
    if (eof) break;
    if (end) start = end + 1 - buf;
    /* keep the partial line at the front and read more */
    memmove(buf, buf + start, fill - start);
    fill -= start;
    start = 0;
    if (fill == cap) {
      ret = -1;
      errno = ERANGE;
      break;
    }
    got = read(fd, buf + fill, cap - fill);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ret = -1;
      break;
    }
    if (!got) eof = 1;
    fill += got;
  }
  err = errno;
  close(fd);
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

/* one line of a group file; malformed lines are skipped. Most lines do
 * not name the user: the last field is looked at first, before the line
 * is parsed. */
static int group_line(char *line, size_t n, const char *user, gid_t *list,
                      int *count, int max)
{
  char *colon = memrchr(line, ':', n);
  struct gr_ent gr;

  if (!colon || !colon[1]) return 0;        /* no members */
  gr.members = colon + 1;
  if (!gr_has_member(&gr, user) || strchr("#+-", *line) ||
      strlen(line) != n)
    return 0;
  if (gr_parse_line(line, &gr) || !gr_has_member(&gr, user)) return 0;
  return add_group(list, count, max, gr.gid);
}

/* The lines in [p, end) that hold the user's name somewhere (a line that
 * lists the user as a member must): each parsed once, the others never
 * looked at. end is a newline or the end of the file; *end becomes 0. */
static int member_lines(const struct find *f, char *p, char *end,
                        const char *user, gid_t *list, int *count, int max)
{
  char *hit, *line, *eol;
  size_t n;

  while (p < end && (hit = find(f, p, end))) {
    line = memrchr(p, '\n', hit - p);
    line = line ? line + 1 : p;
    eol = memchr(hit, '\n', end - hit);
    if (!eol) eol = end;
    *eol = 0;
    n = eol - line;
    if (n && line[n - 1] == '\r') line[--n] = 0;
    if (group_line(line, n, user, list, count, max)) return -1;
    p = eol + 1;
  }
  return 0;
}

/* search() for gr_login: the lines [p, end) are not written to (the
 * members are searched in them next); a line holding the key is copied
 * into buf, which it fits: it is shorter than PW_LINE_MAX, as every line
 * read before the buffer grows. */
static int search_copy(const char *p, const char *end, const struct query *q,
                       char *buf)
{
  const char *hit, *line, *eol;
  int ret;

  while (p < end && (hit = find(&q->f, (char *)p, end))) {
    line = memrchr(p, '\n', hit - p);
    line = line ? line + 1 : p;
    eol = memchr(hit, '\n', end - hit);
    if (!eol) eol = end;
    memcpy(buf, line, eol - line);
    buf[eol - line] = 0;
    if ((ret = try_line(buf, eol - line, q))) return ret;
    p = eol + 1;
  }
  return 0;
}

/* The group file read once for the user's groups and, with q, q's entry
 * (its line copied into qbuf): lookup()'s and the groups' answers come
 * from the same reads, lookup()'s limit included (a line that fills the
 * first buffer). Bytes [start, fill) are read but not yet searched. The
 * entry's answer is returned, the groups' count (or -errno) put in *n. */
static int scan_groups(const char *path, struct query *q, char *qbuf,
                       const char *user, gid_t gid, gid_t *list, int max,
                       int *n)
{
  char local[PW_LINE_MAX + 1], *buf = local, *more, *end;
  size_t cap = PW_LINE_MAX, fill = 0, start = 0;
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
    /* the whole lines read (at the end of the file, all) */
    end = eof ? buf + fill : memrchr(buf + start, '\n', fill - start);
    if (end && qopen && (ret = search_copy(buf + start, end, q, qbuf))) {
      qopen = 0;
      qerr = errno;
    }
    if (end && gopen &&
        member_lines(&f, buf + start, end, user, list, &count, max)) {
      gopen = 0;
      gerr = errno;
    }
    if (eof) break;
    if (end) start = end + 1 - buf;
    /* keep the partial line at the front and read more */
    memmove(buf, buf + start, fill - start);
    fill -= start;
    start = 0;
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
    r = read(fd, buf + fill, cap - fill);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      if (qopen) ret = -1, qerr = errno;
      if (gopen) gerr = errno;
      break;
    }
    if (!r) eof = 1;
    else fill += r;
  }
  if (buf != local) free(buf);
  close(fd);
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

  /* a smaller buffer has lookup()'s smaller limit: ask apart */
  if (len < PW_LINE_MAX) {
    *n = gr_groups(path, user, gid, list, max);
    if (*n < 0) *n = -errno;
    return gr_bygid(path, gid, e, buf, len);
  }
  q.len = id_digits(gid, q.digits);
  find_init(&q.f, q.digits, q.len);
  return scan_groups(path, &q, buf, user, gid, list, max, n);
}
