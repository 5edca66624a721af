/* ini: jailkit's config format, parsed once into fixed tables */
#ifndef INI_H
#define INI_H
#include <stddef.h>

#define INI_MAX_SIZE (1 << 20)   /* bytes of one file */
#define INI_MAX_SECTIONS 8192
#define INI_MAX_KEYS 16384

struct ini_kv {
  const char *key, *val;
  int line;
};

struct ini_sec {
  const char *name;
  int line, first, count;    /* keys kv[first .. first+count) */
};

struct ini {
  int continuation;          /* input: indented lines continue a value */
  int nsec, nkv;
  int err_line;              /* 0: no line (I/O error, size) */
  const char *err_msg;
  struct ini_sec sec[INI_MAX_SECTIONS];
  struct ini_kv kv[INI_MAX_KEYS];
  char text[INI_MAX_SIZE + 1];
};

/* results of the typed getters */
#define INI_ABSENT 0
#define INI_OK 1
#define INI_BAD (-1)

int ini_parse(struct ini *ini, const char *text, size_t len);
int ini_load(struct ini *ini, const char *path);
/* ini_load_fd: the same from an open fd, which stays open */
int ini_load_fd(struct ini *ini, int fd);
const struct ini_sec *ini_section(const struct ini *ini, const char *name);
const struct ini_kv *ini_find(const struct ini *ini, const struct ini_sec *s,
                              const char *key);
const char *ini_get(const struct ini *ini, const struct ini_sec *s,
                    const char *key);
int ini_get_long(const struct ini *ini, const struct ini_sec *s,
                 const char *key, long lo, long hi, long *out);
int ini_get_double(const struct ini *ini, const struct ini_sec *s,
                   const char *key, double lo, double hi, double *out);
int ini_get_bool(const struct ini *ini, const struct ini_sec *s,
                 const char *key, int *out);
int ini_list_next(const char **cursor, char *out, size_t outlen);
/* configparser's "%%" and "%(name)s" (name in s, else in dflt) */
int ini_expand(const struct ini *ini, const struct ini_sec *s,
               const struct ini_sec *dflt, const char *val, char *out,
               size_t outlen, const char **err);
#endif
