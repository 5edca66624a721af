/* fuzz_ini: ini_parse on the input, with and without continuation lines,
 * then every lookup on what it parsed; the tables are checked to be
 * consistent (abort() otherwise). Where no line is indented deeper than
 * another, continuation must change nothing.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include "jk.h"

static struct ini *inis[2];  /* ~1.6 MiB each: allocated once */
static struct ini *ini;      /* the one being checked */

/* a parsed string lies in the copy of the input and is trimmed */
static void check_str(const char *s, size_t size, int may_be_empty)
{
  size_t n;

  if (s < ini->text || s > ini->text + size) abort();
  n = strlen(s);
  if (s + n > ini->text + size) abort();
  if (!n && !may_be_empty) abort();
  if (n && (isspace((unsigned char)s[0]) ||
            isspace((unsigned char)s[n - 1]))) abort();
}

/* every element of a comma list, into a buffer of outlen bytes */
static void walk_list(const char *val, size_t outlen)
{
  char out[256];
  const char *cur = val, *prev;
  size_t n;
  int r;

  for (;;) {
    prev = cur;
    memset(out, 'x', sizeof(out));
    r = ini_list_next(&cur, out, outlen);
    if (cur < prev || cur > val + strlen(val)) abort();
    if (!r) break;
    if (cur == prev) abort();         /* no progress: an endless loop */
    if (r < 0) {
      if (memchr(out, 0, sizeof(out))) abort();   /* never truncated */
      continue;
    }
    n = strlen(out);
    if (!n || n >= outlen || strchr(out, ',')) abort();
    if (isspace((unsigned char)out[0]) || isspace((unsigned char)out[n - 1]))
      abort();
  }
  if (*cur) abort();
}

static void lookups(int sec)
{
  const struct ini_sec *s = &ini->sec[sec], *first;
  char upper[64];
  long l;
  double d;
  int i, b, r;

  first = ini_section(ini, s->name);
  if (!first || first > s || strcmp(first->name, s->name)) abort();
  for (i = s->first; i < s->first + s->count; i++) {
    const struct ini_kv *kv = &ini->kv[i];
    size_t j, n = strlen(kv->key);

    if (ini_find(ini, s, kv->key) != kv) abort();
    if (ini_get(ini, s, kv->key) != kv->val) abort();
    if (n < sizeof(upper)) {
      for (j = 0; j <= n; j++)
        upper[j] = toupper((unsigned char)kv->key[j]);
      if (ini_get(ini, s, upper) != kv->val) abort();
    }
    r = ini_get_long(ini, s, kv->key, -1000, 1000, &l);
    if (r == INI_ABSENT || (r == INI_OK && (l < -1000 || l > 1000))) abort();
    r = ini_get_double(ini, s, kv->key, 0.0, 10.5, &d);
    if (r == INI_ABSENT || (r == INI_OK && !(d >= 0.0 && d <= 10.5))) abort();
    r = ini_get_bool(ini, s, kv->key, &b);
    if (r == INI_ABSENT || (r == INI_OK && b != 0 && b != 1)) abort();
    {   /* interpolation: bounded, NUL-terminated, "" on failure */
      char out[64];
      const char *err = 0;

      memset(out, 'x', sizeof(out));
      if (ini_expand(ini, s, ini_section(ini, "DEFAULT"), kv->val, out,
                     sizeof(out), &err)) {
        if (!err || out[0]) abort();
      } else if (!memchr(out, 0, sizeof(out))) abort();
    }
    walk_list(kv->val, 8);
    walk_list(kv->val, sizeof(upper));
  }
  /* keys hold no "=" */
  if (ini_get(ini, s, "no=key") || ini_get(ini, 0, "base")) abort();
}

static void check(size_t size)
{
  int i, j, nkv = 0, line = 0;

  if (ini->nsec < 0 || ini->nsec > INI_MAX_SECTIONS) abort();
  if (ini->nkv < 0 || ini->nkv > INI_MAX_KEYS) abort();
  for (i = 0; i < ini->nsec; i++) {
    const struct ini_sec *s = &ini->sec[i];

    /* sections own consecutive runs of keys, in file order */
    if (s->first != nkv || s->count < 0) abort();
    nkv += s->count;
    if (s->line <= line) abort();
    line = s->line;
    check_str(s->name, size, 0);
    for (j = s->first; j < s->first + s->count; j++) {
      const struct ini_kv *kv = &ini->kv[j];

      if (kv->line <= line) abort();
      line = kv->line;
      check_str(kv->key, size, 0);
      check_str(kv->val, size, 1);
      if (strpbrk(kv->key, "=:")) abort();
      if (!ini->continuation && strchr(kv->val, '\n')) abort();
    }
    lookups(i);
  }
  if (nkv != ini->nkv) abort();
  if (ini_section(ini, "no\nsection")) abort();   /* names are one line */
}

/* Do all lines with text (not blank, not comments) have one indent? */
static int same_indent(const uint8_t *data, size_t size)
{
  size_t i = 0, n;
  long indent = -1;

  while (i < size) {
    for (n = 0; i + n < size && data[i + n] != '\n' &&
         isspace(data[i + n]); n++);
    if (i + n < size && data[i + n] != '\n' && data[i + n] != '#' &&
        data[i + n] != ';') {
      if (indent >= 0 && (size_t)indent != n) return 0;
      indent = n;
    }
    while (i < size && data[i++] != '\n');
  }
  return 1;
}

static int same_tables(const struct ini *a, const struct ini *b)
{
  int i;

  if (a->nsec != b->nsec || a->nkv != b->nkv) return 0;
  for (i = 0; i < a->nsec; i++)
    if (strcmp(a->sec[i].name, b->sec[i].name) ||
        a->sec[i].line != b->sec[i].line || a->sec[i].count != b->sec[i].count)
      return 0;
  for (i = 0; i < a->nkv; i++)
    if (strcmp(a->kv[i].key, b->kv[i].key) ||
        strcmp(a->kv[i].val, b->kv[i].val) || a->kv[i].line != b->kv[i].line)
      return 0;
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  int cont, lines = 1, r[2];
  size_t i;

  for (cont = 0; cont < 2; cont++)
    if (!inis[cont] && !(inis[cont] = malloc(sizeof(*inis[cont])))) abort();
  for (i = 0; i < size; i++) lines += data[i] == '\n';
  for (cont = 0; cont < 2; cont++) {
    ini = inis[cont];
    ini->continuation = cont;
    r[cont] = ini_parse(ini, (const char *)data, size);
    if (r[cont]) {
      if (!ini->err_msg || ini->err_line < 0 || ini->err_line > lines)
        abort();
      continue;
    }
    if (ini->err_msg || ini->err_line) abort();
    check(size);
  }
  if (same_indent(data, size)) {
    if (r[0] != r[1] || inis[0]->err_line != inis[1]->err_line) abort();
    if (!r[0] && !same_tables(inis[0], inis[1])) abort();
  }
  return 0;
}
