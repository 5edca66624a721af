/* ini.c: the tiny ini parser.
 *
 * Format (what both of jailkit's old readers accept, without their quirks):
 *   # comment or ; comment     (first non-blank character of a line)
 *   [section name]             (name trimmed)
 *   key = value                (also "key: value"; key and value trimmed)
 *     continued value          (if ini->continuation: Python-style, a
 *                                line indented deeper than its key's)
 * CR before LF is ignored, the last line needs no newline. Keys match
 * case-insensitively, section names exactly. A key given twice in one
 * section is an error (the old C reader silently took the first, the
 * Python one refused the file). Sections may repeat; lookups find the
 * first. The parser never prints, exits or allocates. */
#include "jk.h"

static char *trim(char *s, char *end)
{
  while (s < end && isspace((unsigned char)*s)) s++;
  while (end > s && isspace((unsigned char)end[-1])) end--;
  *end = 0;
  return s;
}

static int fail(struct ini *ini, int line, const char *msg)
{
  ini->err_line = line;
  ini->err_msg = msg;
  return -1;
}

static int add_key(struct ini *ini, char *p, char *eol, int line)
{
  struct ini_sec *s = &ini->sec[ini->nsec - 1];
  char *eq = p, *key;
  int i;

  while (eq < eol && *eq != '=' && *eq != ':') eq++;
  if (eq == eol) return fail(ini, line, "expected 'key = value'");
  key = trim(p, eq);
  if (!*key) return fail(ini, line, "empty key");
  for (i = s->first; i < s->first + s->count; i++)
    if (!strcasecmp(ini->kv[i].key, key))
      return fail(ini, line, "key given twice in this section");
  if (ini->nkv == INI_MAX_KEYS) return fail(ini, line, "too many keys");
  ini->kv[ini->nkv].key = key;
  ini->kv[ini->nkv].val = trim(eq + 1, eol);
  ini->kv[ini->nkv++].line = line;
  s->count++;
  return 0;
}

static int add_section(struct ini *ini, char *p, char *eol, int line)
{
  char *close = eol;
  struct ini_sec *s;

  while (close > p && isspace((unsigned char)close[-1])) close--;
  if (close == p + 1 || close[-1] != ']')
    return fail(ini, line, "section header without ']'");
  if (ini->nsec == INI_MAX_SECTIONS)
    return fail(ini, line, "too many sections");
  s = &ini->sec[ini->nsec++];
  s->name = trim(p + 1, close - 1);
  if (!*s->name) return fail(ini, line, "empty section name");
  s->line = line;
  s->first = ini->nkv;
  s->count = 0;
  return 0;
}

/* an indented line after a key: glue it onto that value */
static void continue_value(struct ini *ini, char *p, char *eol)
{
  struct ini_kv *kv = &ini->kv[ini->nkv - 1];
  char *v = (char *)kv->val, *end = v + strlen(v);

  p = trim(p, eol);
  if (!*p) return;
  if (end != v) *end++ = '\n';
  memmove(end, p, strlen(p) + 1);
}

int ini_parse(struct ini *ini, const char *text, size_t len)
{
  char *p, *end;
  int line = 0, last_was_key = 0;
  ptrdiff_t key_indent = 0;

  ini->nsec = ini->nkv = 0;
  ini->err_line = 0;
  ini->err_msg = 0;
  if (len > INI_MAX_SIZE) return fail(ini, 0, "file too large");
  if (memchr(text, 0, len)) {
    const char *nul = memchr(text, 0, len), *q;

    for (line = 1, q = text; q < nul; q++) line += *q == '\n';
    return fail(ini, line, "NUL byte");
  }
  if (text != ini->text) memcpy(ini->text, text, len);
  ini->text[len] = 0;
  for (p = ini->text, end = p + len; p < end; p++) {
    char *eol = memchr(p, '\n', end - p), *q;

    if (!eol) eol = end;
    *eol = 0;
    line++;
    for (q = p; isspace((unsigned char)*q); q++);
    if (!*q || *q == '#' || *q == ';') {
      /* blank or comment: a blank line ends a continued value */
      if (!*q) last_was_key = 0;
    } else if (last_was_key && ini->continuation && q - p > key_indent) {
      /* as Python's configparser: keys indented alike are keys */
      continue_value(ini, q, eol);
    } else if (*q == '[') {
      if (add_section(ini, q, eol, line)) return -1;
      last_was_key = 0;
    } else if (!ini->nsec) {
      return fail(ini, line, "key outside of a [section]");
    } else {
      if (add_key(ini, q, eol, line)) return -1;
      last_was_key = 1;
      key_indent = q - p;
    }
    p = eol;
  }
  return 0;
}

/* Load a file (at most INI_MAX_SIZE bytes). On failure err_line is 0 for
 * an I/O problem (errno set) and the line number for a syntax error. */
int ini_load_fd(struct ini *ini, int fd)
{
  ssize_t n;

  ini->err_line = 0;
  ini->err_msg = 0;
  /* read one byte more than allowed to see that a file is too large */
  n = read_all(fd, ini->text, sizeof(ini->text));
  if (n < 0) return -1;
  if (n > INI_MAX_SIZE) return errno = EFBIG, fail(ini, 0, "file too large");
  return ini_parse(ini, ini->text, n);
}

int ini_load(struct ini *ini, const char *path)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r, err;

  ini->err_line = 0;
  ini->err_msg = 0;
  if (fd < 0) return -1;
  r = ini_load_fd(ini, fd);
  err = errno;
  close(fd);
  errno = err;
  return r;
}

const struct ini_sec *ini_section(const struct ini *ini, const char *name)
{
  int i;

  for (i = 0; i < ini->nsec; i++)
    if (!strcmp(ini->sec[i].name, name)) return &ini->sec[i];
  return 0;
}

const struct ini_kv *ini_find(const struct ini *ini, const struct ini_sec *s,
                              const char *key)
{
  int i;

  if (!s) return 0;
  for (i = s->first; i < s->first + s->count; i++)
    if (!strcasecmp(ini->kv[i].key, key)) return &ini->kv[i];
  return 0;
}

const char *ini_get(const struct ini *ini, const struct ini_sec *s,
                    const char *key)
{
  const struct ini_kv *kv = ini_find(ini, s, key);

  return kv ? kv->val : 0;
}

int ini_get_long(const struct ini *ini, const struct ini_sec *s,
                 const char *key, long lo, long hi, long *out)
{
  const char *v = ini_get(ini, s, key);

  if (!v) return INI_ABSENT;
  return parse_long(v, lo, hi, out) ? INI_BAD : INI_OK;
}

int ini_get_double(const struct ini *ini, const struct ini_sec *s,
                   const char *key, double lo, double hi, double *out)
{
  const char *v = ini_get(ini, s, key);

  if (!v) return INI_ABSENT;
  return parse_double(v, lo, hi, out) ? INI_BAD : INI_OK;
}

/* 1/0, yes/no, true/false, on/off (any case) */
int ini_get_bool(const struct ini *ini, const struct ini_sec *s,
                 const char *key, int *out)
{
  static const char *words[] = { "0", "no", "false", "off",
                                 "1", "yes", "true", "on" };
  const char *v = ini_get(ini, s, key);
  int i;

  if (!v) return INI_ABSENT;
  for (i = 0; i < 8; i++)
    if (!strcasecmp(v, words[i])) return *out = i >= 4, INI_OK;
  return INI_BAD;
}

/* Next element of a comma list, trimmed; empty elements are skipped.
 * Returns 1 with the element in out, 0 at the end, -1 if an element does
 * not fit in out (never truncated). *cursor starts at the value. */
int ini_list_next(const char **cursor, char *out, size_t outlen)
{
  const char *p = *cursor, *e, *b;

  while (p && *p) {
    for (e = p; *e && *e != ','; e++);
    for (b = p; b < e && isspace((unsigned char)*b); b++);
    p = *e ? e + 1 : e;
    while (e > b && isspace((unsigned char)e[-1])) e--;
    if (e == b) continue;
    *cursor = p;
    if ((size_t)(e - b) >= outlen) return -1;
    memcpy(out, b, e - b);
    out[e - b] = 0;
    return 1;
  }
  *cursor = p;
  return 0;
}

/* Python configparser's interpolation, for files it also reads
 * (jk_init.ini): "%%" is "%", "%(name)s" is the value of key name in s,
 * else in dflt (the DEFAULT section), itself expanded; any other '%' is
 * an error. 0, or -1 with the reason in *err ("out" is then ""). */
#define INI_EXPAND_DEPTH 10   /* configparser's MAX_INTERPOLATION_DEPTH */
#define INI_EXPAND_REFS 4096  /* references expanded for one value: fan-out
                                 to empty values would otherwise be
                                 exponential (n^10) */
static int expand(const struct ini *ini, const struct ini_sec *s,
                  const struct ini_sec *dflt, const char *val, char *out,
                  size_t outlen, size_t *n, int depth, int *refs,
                  const char **err)
{
  for (; *val; val++) {
    if (*val == '%' && val[1] == '(') {
      const char *close = strstr(val, ")s"), *ref;
      char key[128];
      size_t klen;

      if (!close) return *err = "'%(' without ')s'", -1;
      klen = close - val - 2;
      if (klen >= sizeof(key)) return *err = "'%(name)s': name too long", -1;
      memcpy(key, val + 2, klen);
      key[klen] = 0;
      if (!(ref = ini_get(ini, s, key)) && !(ref = ini_get(ini, dflt, key)))
        return *err = "'%(name)s': no such key", -1;
      if (depth >= INI_EXPAND_DEPTH)
        return *err = "'%(name)s' nested too deeply", -1;
      if (++*refs > INI_EXPAND_REFS)
        return *err = "'%(name)s': too many references", -1;
      if (expand(ini, s, dflt, ref, out, outlen, n, depth + 1, refs, err))
        return -1;
      val = close + 1;
      continue;
    }
    if (*val == '%' && val[1] != '%')
      return *err = "'%' must be written '%%'", -1;
    val += *val == '%';
    if (*n + 1 >= outlen) return *err = "value too long", -1;
    out[(*n)++] = *val;
  }
  out[*n] = 0;
  return 0;
}

int ini_expand(const struct ini *ini, const struct ini_sec *s,
               const struct ini_sec *dflt, const char *val, char *out,
               size_t outlen, const char **err)
{
  size_t n = 0;
  int refs = 0;

  if (!outlen) return *err = "value too long", -1;
  out[0] = 0;
  if (!expand(ini, s, dflt, val, out, outlen, &n, 0, &refs, err)) return 0;
  out[0] = 0;
  return -1;
}
