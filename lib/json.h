/* json: the few bits of JSON output the listing applets need (--json).
 * One object per line; strings escaped as RFC 8259 asks (control
 * characters as \u00XX, bytes >= 0x80 passed through). */
#ifndef JSON_H
#define JSON_H
#include <stdio.h>

/* "s" with quotes and escapes */
void json_str(FILE *f, const char *s);
/* ,"key":"value" (no comma before the first: first != 0) */
void json_kv(FILE *f, int first, const char *key, const char *val);
#endif
