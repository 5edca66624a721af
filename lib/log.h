/* log: every message goes through here: stderr and/or syslog */
#ifndef LOG_H
#define LOG_H
#include <stdarg.h>
#include <stddef.h>
#include <syslog.h>

#define LOG_TO_STDERR 1   /* echo log_msg() lines on stderr */
#define LOG_TO_SYSLOG 2   /* send log_msg() and error lines to syslog */

extern const char *applet_name;
extern int log_status;    /* becomes 1 after any error_msg() */

void log_open(const char *ident, int facility, int flags);
void log_set_flags(int flags);
void log_set_fd(int fd, int stream);
void log_set_sender(void (*fn)(const char *line, size_t len));
int log_connect(const char *path, int *stream);
/* log_vfmt: vsnprintf into buf (len bytes, cut to fit, NUL-terminated),
 * writing %s, %d, %u and %% itself: musl's printf machinery costs more
 * than the rest of a login; a format with any other conversion goes to
 * vsnprintf */
void log_vfmt(char *buf, size_t len, const char *fmt, va_list ap);
int log_format(char *buf, size_t len, int pri, const char *ident,
               const char *msg);
void log_msg(int prio, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void perror_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_exit(const char *fmt, ...)
  __attribute__((format(printf, 1, 2), noreturn));
void perror_exit(const char *fmt, ...)
  __attribute__((format(printf, 1, 2), noreturn));
void error_exit_code(int code, const char *fmt, ...)
  __attribute__((format(printf, 2, 3), noreturn));
void usage_exit(const char *fmt, ...)
  __attribute__((format(printf, 1, 2), noreturn));
void usage_option_exit(int opt, char **argv) __attribute__((noreturn));
void log_in_child(void);
/* why_fail: for the lib functions that return a reason instead of
 * printing it: format it into why (if why and len), set errno to err,
 * return -1 */
int why_fail(char *why, size_t len, int err, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
#endif
