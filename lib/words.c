/* words.c: a command line split into words without a shell.
 *
 * jk_lsh's allow_word_expansion used wordexp(3), which in musl runs
 * /bin/sh and in the old jailkit even allowed command substitution. This
 * is the part of a POSIX shell's word rules a limited shell needs, and
 * nothing else:
 *   - blanks (space, tab) separate words;
 *   - '...' is literal; "..." is literal except $ expansions and the
 *     backslash before $ ` " \ and newline; an unquoted \ quotes the next
 *     character (\ newline is removed);
 *   - $NAME and ${NAME} from env (unset: empty). The value is one piece of
 *     text: never split into several words, never globbed, as if quoted.
 *     A word that is only unquoted empty expansions disappears, as in sh.
 *     A '$' before anything but a name, '{' or '(' is text;
 *   - ~ alone or before '/' at the start of a word is home; ~NAME is text;
 *   - # at the start of a word begins a comment to the end;
 *   - with WORDS_GLOB, a word with an unquoted * ? or [ is a glob(3)
 *     pattern (the quoted parts escaped); no match leaves the word as it
 *     is, as sh does.
 * Refused with an error: $(...), `...`, $((...)), unquoted | & ; < > ( )
 * and newline, ${...} other than ${NAME}, special parameters ($1 $? $$
 * ...), unterminated quotes and a backslash at the very end.
 *
 * Without WORDS_EXPAND the command is only split at blanks (any isspace
 * character), every other byte kept: the old jailkit's rule, except that
 * it split at spaces only.
 *
 * Bounded: WORDS_MAX words and WORDS_MAX_BYTES bytes, after expansion;
 * over that is an error, never a truncation. Never prints or exits. */
#include "jk.h"
#include <glob.h>

struct parse {
  struct words *w;
  const char *cmd, *p;       /* the command, the next byte to read */
  int flags;
  const char *home;
  char *const *env;
  size_t start;              /* where the current word begins in w->buf */
  size_t plen;               /* w->pat in use; WORDS_PAT_MAX: overflowed */
  int tok;                   /* a word has begun (text seen since a blank) */
  int keep;                  /* ...and must be produced (text or quotes) */
  int glob;                  /* ...and has an unquoted * ? [ */
};

static int fail(struct parse *ps, int code, const char *at, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));
static int fail(struct parse *ps, int code, const char *at, const char *fmt,
                ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(ps->w->msg, sizeof(ps->w->msg), fmt, ap);
  va_end(ap);
  ps->w->pos = at - ps->cmd;
  return code;
}

static int too_long(struct parse *ps)
{
  return fail(ps, WORDS_ELIMIT, ps->p, "command longer than %d bytes after "
              "expansion", WORDS_MAX_BYTES);
}

static void pat_put(struct parse *ps, char c)
{
  if (ps->plen + 1 >= WORDS_PAT_MAX) ps->plen = WORDS_PAT_MAX;
  else ps->w->pat[ps->plen++] = c;
}

/* One byte of the current word; literal: quoted or from an expansion, so
 * escaped in the glob pattern. The last byte of buf stays for a NUL. */
static int put(struct parse *ps, char c, int literal)
{
  struct words *w = ps->w;

  if (w->used + 1 >= WORDS_MAX_BYTES) return too_long(ps);
  w->buf[w->used++] = c;
  if (literal && c && strchr("*?[]\\", c)) pat_put(ps, '\\');
  pat_put(ps, c);
  ps->tok = ps->keep = 1;
  return 0;
}

static int put_str(struct parse *ps, const char *s)
{
  int r = 0;

  while (*s && !r) r = put(ps, *s++, 1);
  return r;
}

/* The word in buf from start (NUL-terminated here) becomes an argument. */
static int add_word(struct parse *ps)
{
  struct words *w = ps->w;

  if (w->argc == WORDS_MAX)
    return fail(ps, WORDS_ELIMIT, ps->p, "more than %d words", WORDS_MAX);
  if (w->used >= WORDS_MAX_BYTES) return too_long(ps);   /* an empty '' */
  w->buf[w->used++] = 0;
  w->argv[w->argc++] = w->buf + ps->start;
  w->argv[w->argc] = 0;
  return 0;
}

/* Copy one glob match in as a word of its own. */
static int add_match(struct parse *ps, const char *s)
{
  size_t n = strlen(s);

  if (ps->w->used + n + 1 > WORDS_MAX_BYTES) return too_long(ps);
  ps->start = ps->w->used;
  memcpy(ps->w->buf + ps->start, s, n);
  ps->w->used += n;
  return add_word(ps);
}

/* The word's pattern matched: its matches replace it. */
static int globbed(struct parse *ps)
{
  glob_t g;
  size_t i;
  int r;

  if (ps->plen >= WORDS_PAT_MAX)
    return fail(ps, WORDS_EGLOB, ps->p, "glob pattern longer than %d bytes",
                WORDS_PAT_MAX - 1);
  ps->w->pat[ps->plen] = 0;
  memset(&g, 0, sizeof(g));
  r = glob(ps->w->pat, 0, 0, &g);
  if (r == GLOB_NOMATCH) {
    globfree(&g);
    return add_word(ps);
  }
  if (r) {
    globfree(&g);
    return fail(ps, WORDS_EGLOB, ps->p, "glob failed (%s)",
                r == GLOB_NOSPACE ? "out of memory" : "read error");
  }
  ps->w->used = ps->start;
  for (i = 0; i < g.gl_pathc && !r; i++) r = add_match(ps, g.gl_pathv[i]);
  globfree(&g);
  return r;
}

static int end_word(struct parse *ps)
{
  int keep = ps->keep, glob = ps->glob, r = 0;

  ps->tok = ps->keep = ps->glob = 0;
  if (keep && glob && (ps->flags & WORDS_GLOB)) r = globbed(ps);
  else if (keep) r = add_word(ps);
  ps->plen = 0;
  return r;
}

static void begin_word(struct parse *ps)
{
  if (!ps->tok) ps->start = ps->w->used;
}

static const char *env_get(char *const *env, const char *name, size_t n)
{
  for (; env && *env; env++)
    if (!strncmp(*env, name, n) && (*env)[n] == '=') return *env + n + 1;
  return 0;
}

static int name_start(char c)
{
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int name_char(char c)
{
  return name_start(c) || (c >= '0' && c <= '9');
}

/* ${NAME}: p at the '{' */
static int braced(struct parse *ps, const char *dollar)
{
  const char *name = ps->p + 1, *e = name, *v;

  if (name_start(*e))
    while (name_char(*e)) e++;
  if (e == name || *e != '}')
    return fail(ps, WORDS_EVAR, dollar, "only ${NAME} is supported, not "
                "other ${...} forms");
  ps->p = e + 1;
  v = env_get(ps->env, name, e - name);
  return v ? put_str(ps, v) : 0;
}

/* A '$' (p at it), in double quotes or not. */
static int dollar(struct parse *ps)
{
  const char *d = ps->p, *e, *v;
  char c = d[1];

  if (c == '(' && d[2] == '(')
    return fail(ps, WORDS_ESUBST, d, "arithmetic expansion $((...)) is not "
                "allowed");
  if (c == '(')
    return fail(ps, WORDS_ESUBST, d, "command substitution $(...) is not "
                "allowed");
  ps->p = d + 1;
  if (c == '{') return braced(ps, d);
  if ((c >= '0' && c <= '9') || (c && strchr("@*#?-$!", c)))
    return fail(ps, WORDS_EVAR, d, "special parameter $%c is not supported",
                c);
  if (!name_start(c)) return put(ps, '$', 1);     /* a plain '$' */
  for (e = ps->p; name_char(*e); e++);
  v = env_get(ps->env, ps->p, e - ps->p);
  ps->p = e;
  return v ? put_str(ps, v) : 0;
}

static int single_quoted(struct parse *ps)
{
  const char *q = ps->p++;
  int r = 0;

  while (*ps->p != '\'' && !r) {
    if (!*ps->p)
      return fail(ps, WORDS_EQUOTE, q, "unterminated single quote");
    r = put(ps, *ps->p++, 1);
  }
  ps->p++;
  ps->tok = ps->keep = 1;
  return r;
}

static int double_quoted(struct parse *ps)
{
  const char *q = ps->p++;
  int r = 0;

  while (*ps->p != '"' && !r) {
    char c = *ps->p;

    if (!c) return fail(ps, WORDS_EQUOTE, q, "unterminated double quote");
    if (c == '`')
      return fail(ps, WORDS_ESUBST, ps->p, "command substitution `...` is "
                  "not allowed");
    if (c == '$') {
      r = dollar(ps);
      continue;
    }
    if (c == '\\' && ps->p[1] == '\n') {
      ps->p += 2;
      continue;
    }
    if (c == '\\' && ps->p[1] && strchr("$`\"\\", ps->p[1])) ps->p++;
    r = put(ps, *ps->p++, 1);
  }
  ps->p++;
  ps->tok = ps->keep = 1;
  return r;
}

/* An unquoted backslash quotes the next byte. */
static int escaped(struct parse *ps)
{
  const char *b = ps->p;

  if (!b[1]) return fail(ps, WORDS_EQUOTE, b, "backslash at the end");
  ps->p += 2;
  return put(ps, b[1], 1);
}

/* ~ or ~/...: p at the '~', at the start of a word */
static int tilde(struct parse *ps)
{
  char c = ps->p[1];

  if (c && c != '/' && c != ' ' && c != '\t') return put(ps, *ps->p++, 0);
  if (!ps->home || !*ps->home)
    return fail(ps, WORDS_EVAR, ps->p, "~: no home directory");
  ps->p++;
  return put_str(ps, ps->home);
}

static int syntax(struct parse *ps, const char *at)
{
  if (*at == '\n')
    return fail(ps, WORDS_ESYNTAX, at, "a newline is not allowed");
  return fail(ps, WORDS_ESYNTAX, at, "shell syntax character '%c' is not "
              "allowed", *at);
}

/* # at the start of a word: the rest is a comment (but no newline) */
static int comment(struct parse *ps)
{
  const char *nl = strchr(ps->p, '\n');

  if (nl) return syntax(ps, nl);
  ps->p += strlen(ps->p);
  return 0;
}

/* One step of the expanding splitter: a blank, a quote, an expansion or
 * a plain byte. */
static int step(struct parse *ps)
{
  char c = *ps->p;
  int first = !ps->tok;

  if (c == ' ' || c == '\t') {
    ps->p++;
    return end_word(ps);
  }
  if (c == '\\' && ps->p[1] == '\n') {      /* a line continuation */
    ps->p += 2;
    return 0;
  }
  if (c == '#' && first) return comment(ps);
  begin_word(ps);
  ps->tok = 1;
  if (strchr("|&;<>()\n", c)) return syntax(ps, ps->p);
  if (c == '`')
    return fail(ps, WORDS_ESUBST, ps->p, "command substitution `...` is not "
                "allowed");
  if (c == '\'') return single_quoted(ps);
  if (c == '"') return double_quoted(ps);
  if (c == '\\') return escaped(ps);
  if (c == '$') return dollar(ps);
  if (c == '~' && first) return tilde(ps);
  if (c == '*' || c == '?' || c == '[') ps->glob = 1;
  ps->p++;
  return put(ps, c, 0);
}

static int split_expand(struct parse *ps)
{
  int r = 0;

  while (*ps->p && !r) r = step(ps);
  return r ? r : end_word(ps);
}

/* the old rule: words are the runs of non-blank bytes */
static int split_plain(struct parse *ps)
{
  int r = 0;

  while (*ps->p && !r) {
    if (isspace((unsigned char)*ps->p)) {
      ps->p++;
      r = end_word(ps);
      continue;
    }
    begin_word(ps);
    r = put(ps, *ps->p++, 1);
  }
  return r ? r : end_word(ps);
}

int words_split(struct words *w, const char *cmd, int flags,
                const char *home, char *const *env)
{
  struct parse ps = { .w = w, .cmd = cmd, .p = cmd, .flags = flags,
                      .home = home, .env = env };
  int r;

  w->argc = 0;
  w->argv[0] = 0;
  w->used = 0;
  w->pos = 0;
  w->msg[0] = 0;
  r = flags & WORDS_EXPAND ? split_expand(&ps) : split_plain(&ps);
  if (r) {
    w->argc = 0;
    w->argv[0] = 0;
  }
  return r;
}
