/* fuzz_args: words_split (jk_lsh's command splitting) on the input, in
 * each mode, with these checks (abort() when one fails):
 *   - every result lies in its buffer, NUL-terminated, argv[argc] == 0,
 *     within WORDS_MAX and WORDS_MAX_BYTES; an error has a reason and a
 *     position inside the command, and leaves no words;
 *   - without expansion, the words are the runs of non-blank bytes;
 *   - with expansion, on text with no quote, escape or expansion, the
 *     words are the same as without;
 *   - with expansion, the words survive a round trip: each single-quoted
 *     and split again gives the same words;
 *   - with globbing (only for inputs without '/', so the patterns stay in
 *     the current directory), no word is lost: at least as many words.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include "jk.h"

#define QUOTED_MAX (4 * WORDS_MAX_BYTES + 3 * WORDS_MAX + 1)

static char *const env[] = {
  "A=alpha", "B=b  c", "E=", "G=*?[", "Q='\"\\", "S=$(id)`x`", "T=~",
  "HOME=home", 0
};
static struct words *w1, *w2;
static char *cmd, *quoted;

static void check_words(const struct words *w, int r, size_t len)
{
  int i;

  if (r) {
    if (r < WORDS_EGLOB || r > WORDS_ESYNTAX) abort();
    if (!w->msg[0] || w->pos > len || w->argc || w->argv[0]) abort();
    return;
  }
  if (w->argc < 0 || w->argc > WORDS_MAX || w->argv[w->argc]) abort();
  if (w->used > WORDS_MAX_BYTES) abort();
  for (i = 0; i < w->argc; i++) {
    const char *a = w->argv[i];

    if (a < w->buf || a >= w->buf + w->used) abort();
    if (!memchr(a, 0, w->buf + w->used - a)) abort();
  }
}

/* the input without its blanks, compared with the words joined */
static void check_plain(const struct words *w, const char *s)
{
  int i = 0;
  const char *a = w->argc ? w->argv[0] : "";

  for (; *s; s++) {
    if (isspace((unsigned char)*s)) continue;
    while (!*a) {
      if (++i >= w->argc) abort();
      a = w->argv[i];
    }
    if (*a++ != *s) abort();
  }
  if (*a || (w->argc && i != w->argc - 1)) abort();
  for (i = 0; i < w->argc; i++) {
    if (!w->argv[i][0]) abort();
    for (a = w->argv[i]; *a; a++)
      if (isspace((unsigned char)*a)) abort();
  }
}

static int same_words(const struct words *a, const struct words *b)
{
  int i;

  if (a->argc != b->argc) return 0;
  for (i = 0; i < a->argc; i++)
    if (strcmp(a->argv[i], b->argv[i])) return 0;
  return 1;
}

/* no quote, escape, expansion, comment, glob or shell syntax */
static int simple(const char *s)
{
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr(" \t-_.,:=+@%^!{}]", *s))
      return 0;
  return 1;
}

/* each word of w in single quotes ('\'' for a quote), blank-separated */
static const char *requote(const struct words *w)
{
  size_t n = 0;
  const char *a;
  int i;

  for (i = 0; i < w->argc; i++) {
    quoted[n++] = '\'';
    for (a = w->argv[i]; *a; a++) {
      if (*a == '\'') {
        memcpy(quoted + n, "'\\''", 4);
        n += 4;
      } else quoted[n++] = *a;
    }
    quoted[n++] = '\'';
    quoted[n++] = ' ';
  }
  quoted[n] = 0;
  return quoted;
}

static void check_expand(const char *s, size_t len)
{
  int r = words_split(w1, s, WORDS_EXPAND, "home", env), r2;

  check_words(w1, r, len);
  if (r) return;
  r2 = words_split(w2, s, 0, "home", env);
  if (simple(s) && (r2 || !same_words(w1, w2))) abort();
  r2 = words_split(w2, requote(w1), WORDS_EXPAND, "home", env);
  check_words(w2, r2, strlen(quoted));
  if (r2 || !same_words(w1, w2)) abort();
  if (strchr(s, '/')) return;
  r2 = words_split(w2, s, WORDS_EXPAND | WORDS_GLOB, "home", env);
  check_words(w2, r2, len);
  if (!r2 && w2->argc < w1->argc) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  int r;

  if (!w1 && (!(w1 = malloc(sizeof(*w1))) || !(w2 = malloc(sizeof(*w2))) ||
              !(cmd = malloc(WORDS_MAX_BYTES + 1)) ||
              !(quoted = malloc(QUOTED_MAX))))
    abort();
  if (size > WORDS_MAX_BYTES) return 0;
  memcpy(cmd, data, size);
  cmd[size] = 0;
  size = strlen(cmd);
  r = words_split(w1, cmd, 0, "home", env);
  check_words(w1, r, size);
  if (!r) check_plain(w1, cmd);
  check_expand(cmd, size);
  return 0;
}
