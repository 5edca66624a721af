/* words: a command line split into words the way a POSIX shell would,
 * without running one, and refusing everything that is not plain words */
#ifndef WORDS_H
#define WORDS_H
#include <stddef.h>
#include <limits.h>

#define WORDS_MAX 16384               /* words in one command */
#define WORDS_MAX_BYTES (1 << 20)     /* all words with their NULs */
#define WORDS_PAT_MAX (2 * PATH_MAX)  /* one glob pattern, escapes included */
#define WORDS_MSG_MAX 96              /* an error's reason */

/* flags */
#define WORDS_EXPAND 1   /* quotes, backslash, $VAR, ${VAR}, ~; else: split
                            at blanks only */
#define WORDS_GLOB 2     /* with WORDS_EXPAND: glob(3) unquoted * ? [ */

/* errors (words_split() returns 0 or one of these) */
#define WORDS_ESYNTAX (-1)  /* unquoted | & ; < > ( ) or newline */
#define WORDS_ESUBST (-2)   /* $(...), `...`, $((...)) */
#define WORDS_EQUOTE (-3)   /* unterminated quote, backslash at the end */
#define WORDS_EVAR (-4)     /* ${...} forms, $1 $? ..., ~ without a home */
#define WORDS_ELIMIT (-5)   /* more than WORDS_MAX words or WORDS_MAX_BYTES */
#define WORDS_EGLOB (-6)    /* glob(3) failed, pattern too long */

struct words {
  int argc;
  char *argv[WORDS_MAX + 1];     /* argv[argc] is 0 */
  size_t used;                   /* bytes of buf in use */
  size_t pos;                    /* error: byte offset in the command */
  char msg[WORDS_MSG_MAX];       /* error: why */
  char buf[WORDS_MAX_BYTES];
  char pat[WORDS_PAT_MAX];       /* the glob pattern being built */
};

/* Split cmd into w->argv. Variables come from env (NAME=VALUE strings,
 * 0-terminated, as environ), ~ is home. Never prints or exits; an error
 * leaves a reason in w->msg and where it was in w->pos. */
int words_split(struct words *w, const char *cmd, int flags,
                const char *home, char *const *env);
#endif
