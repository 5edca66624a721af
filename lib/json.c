/* json.c: string escaping for --json output. */
#include "jk.h"

void json_str(FILE *f, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;

  putc('"', f);
  for (; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", f);
    else if (*p == '\t') fputs("\\t", f);
    else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\u%04x", *p);
    else putc(*p, f);
  }
  putc('"', f);
}

void json_kv(FILE *f, int first, const char *key, const char *val)
{
  if (!first) putc(',', f);
  json_str(f, key);
  putc(':', f);
  json_str(f, val);
}
