/* log.c: messages to stderr ("APPLET: what: strerror") and to syslog.
 *
 * We speak the syslog protocol ourselves instead of using libc's syslog():
 * the connection is made at log_open() time (before any chroot), it can be
 * replaced (jk_socketd hands over its upstream), and a stream socket gets
 * the NUL framing syslog daemons expect. */
#include "jk.h"

const char *applet_name = "jailkit";
int log_status;

static const char *log_ident = "jailkit";
static int log_facility = LOG_USER;
static int log_flags;
static int log_fd = -1, log_fd_ours;
static int log_stream;
static int log_child;

/* Connect to a syslog socket: datagram first, stream if the other end is
 * a stream socket. Returns the fd (close-on-exec) or -1 with errno. */
int log_connect(const char *path, int *stream)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  int types[2] = { SOCK_DGRAM, SOCK_STREAM }, i, fd, err = ENOENT;

  if (strlen(path) >= sizeof(sa.sun_path)) return errno = ENAMETOOLONG, -1;
  strcpy(sa.sun_path, path);
  for (i = 0; i < 2; i++) {
    fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
      if (stream) *stream = i;
      return fd;
    }
    err = errno;
    close(fd);
    if (err != EPROTOTYPE) break;
  }
  return errno = err, -1;
}

void log_open(const char *ident, int facility, int flags)
{
  log_ident = ident;
  log_facility = facility;
  log_flags = flags;
  if ((flags & LOG_TO_SYSLOG) && log_fd < 0)
    log_fd_ours = (log_fd = log_connect("/dev/log", &log_stream)) >= 0;
  /* the zone of the syslog time stamps: read it now, after a chroot
   * there is none (not needed if syslog was asked for and is absent) */
  if (!(flags & LOG_TO_SYSLOG) || log_fd >= 0) tzset();
}

void log_set_flags(int flags)
{
  log_flags = flags;
}

/* syslog lines go to fn instead of straight to the socket (jk_socketd's
 * relay queues its own lines behind the upstream's backpressure) */
static void (*log_sender)(const char *line, size_t len);

void log_set_sender(void (*fn)(const char *line, size_t len))
{
  log_sender = fn;
}

/* log to fd from now on (the caller keeps owning it) */
void log_set_fd(int fd, int stream)
{
  if (log_fd_ours) close(log_fd);
  log_fd_ours = 0;
  log_fd = fd;
  log_stream = stream;
}

/* n in decimal at p: the end */
static char *put_uint(char *p, unsigned long n)
{
  char tmp[24];
  int i = 0;

  do tmp[i++] = '0' + n % 10; while (n /= 10);
  while (i) *p++ = tmp[--i];
  return p;
}

/* n (0..99) as two characters, the first pad if n < 10 */
static char *put_two(char *p, int n, char pad)
{
  *p++ = n < 10 ? pad : '0' + n / 10;
  *p++ = '0' + n % 10;
  return p;
}

/* s (n bytes) at buf + *off, as much as fits before the final NUL */
static void put_str(char *buf, size_t len, size_t *off, const char *s,
                    size_t n)
{
  if (*off + 1 < len)
    memcpy(buf + *off, s, n < len - 1 - *off ? n : len - 1 - *off);
  *off += n;
}

void log_vfmt(char *buf, size_t len, const char *fmt, va_list ap)
{
  const char *f = fmt, *s;
  char num[24], *e;
  size_t off = 0;
  va_list aq;
  long v;

  if (!len) return;
  va_copy(aq, ap);            /* for vsnprintf, from the start */
  for (;;) {
    for (s = f; *s && *s != '%'; s++);   /* byte loops: strchr costs more */
    put_str(buf, len, &off, f, s - f);
    if (!*s) break;
    f = s + 2;
    if (s[1] == '%') put_str(buf, len, &off, "%", 1);
    else if (s[1] == 's') {
      if (!(s = va_arg(ap, const char *))) s = "(null)";   /* as libc */
      put_str(buf, len, &off, s, strlen(s));
    } else if (s[1] == 'u' || s[1] == 'd') {
      if (s[1] == 'u') e = put_uint(num, va_arg(ap, unsigned));
      else if ((v = va_arg(ap, int)) < 0) {
        num[0] = '-';
        e = put_uint(num + 1, -(unsigned long)v);
      } else e = put_uint(num, v);
      put_str(buf, len, &off, num, e - num);
    } else {                  /* any other conversion: all of it there */
      vsnprintf(buf, len, fmt, aq);
      va_end(aq);
      return;
    }
  }
  va_end(aq);
  buf[off < len ? off : len - 1] = 0;
}

/* "<PRI>Mmm dd hh:mm:ss ident[pid]: msg", NUL-terminated; returns the
 * length without the NUL (truncated to fit). The stamp is strftime's
 * "%b %e %T" in the C locale, written here: strftime and snprintf cost
 * more than the rest of a login. */
int log_format(char *buf, size_t len, int pri, const char *ident,
               const char *msg)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  time_t now = time(NULL);
  struct tm tm;
  char head[64], *p = head;
  size_t off = 0;

  if (!len) return -1;
  *p++ = '<';
  p = put_uint(p, (unsigned)pri);
  *p++ = '>';
  if (localtime_r(&now, &tm)) {
    memcpy(p, months + 3 * tm.tm_mon, 3);
    p[3] = ' ';
    p = put_two(p + 4, tm.tm_mday, ' ');
    *p++ = ' ';
    p = put_two(p, tm.tm_hour, '0');
    *p++ = ':';
    p = put_two(p, tm.tm_min, '0');
    *p++ = ':';
    p = put_two(p, tm.tm_sec, '0');
  }
  *p++ = ' ';
  put_str(buf, len, &off, head, p - head);
  put_str(buf, len, &off, ident, strlen(ident));
  p = head;
  *p++ = '[';
  p = put_uint(p, (unsigned long)getpid());
  memcpy(p, "]: ", 3);
  put_str(buf, len, &off, head, p + 3 - head);
  put_str(buf, len, &off, msg, strlen(msg));
  if (off > len - 1) off = len - 1;
  buf[off] = 0;
  return off;
}

static void to_syslog(int prio, const char *msg)
{
  char line[1024];
  int n;

  if (log_fd < 0 || !(log_flags & LOG_TO_SYSLOG)) return;
  n = log_format(line, sizeof(line), log_facility | prio, log_ident, msg);
  /* a stream peer needs the terminating NUL as the frame end */
  if (log_sender) log_sender(line, n + log_stream);
  else send(log_fd, line, n + log_stream, MSG_DONTWAIT | MSG_NOSIGNAL);
}

void log_msg(int prio, const char *fmt, ...)
{
  char msg[900];
  va_list ap;

  /* nowhere to go: not even formatted */
  if (!(log_flags & LOG_TO_STDERR) &&
      (log_fd < 0 || !(log_flags & LOG_TO_SYSLOG)))
    return;
  va_start(ap, fmt);
  log_vfmt(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  to_syslog(prio, msg);
  if (log_flags & LOG_TO_STDERR) fprintf(stderr, "%s: %s\n", applet_name, msg);
}

static void vmsg(int err, const char *fmt, va_list ap)
{
  char msg[900];
  size_t n;

  vsnprintf(msg, sizeof(msg), fmt, ap);
  n = strlen(msg);
  if (err) snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
  fflush(stdout);
  fprintf(stderr, "%s: %s\n", applet_name, msg);
  to_syslog(LOG_ERR, msg);
  log_status = 1;
}

void error_msg(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vmsg(0, fmt, ap);
  va_end(ap);
}

void perror_msg(const char *fmt, ...)
{
  int err = errno;
  va_list ap;

  va_start(ap, fmt);
  vmsg(err, fmt, ap);
  va_end(ap);
}

static __attribute__((noreturn)) void die(int code)
{
  if (log_child) _exit(code);
  exit(code);
}

void error_exit(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vmsg(0, fmt, ap);
  va_end(ap);
  die(1);
}

void perror_exit(const char *fmt, ...)
{
  int err = errno;
  va_list ap;

  va_start(ap, fmt);
  vmsg(err, fmt, ap);
  va_end(ap);
  die(1);
}

void error_exit_code(int code, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vmsg(0, fmt, ap);
  va_end(ap);
  die(code);
}

void usage_exit(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vmsg(0, fmt, ap);
  va_end(ap);
  fprintf(stderr, "Try '%s --help' for more information.\n", applet_name);
  die(1);
}

/* After getopt_long() returned '?' or ':' (with opterr = 0, a ':' first
 * in the option string): say which option, then usage_exit. A short
 * option is named by optopt. A long one is the word before optind: getopt
 * moves optind past a long option, but not past a short one with more
 * letters after it ("-xa"), and musl moves it past argc when a short
 * option lacks its argument, so argv[optind - 1] may be the final NULL. */
void usage_option_exit(int opt, char **argv)
{
  const char *arg = argv[optind - 1], *next;
  int n, is_long = arg && arg[0] == '-' && arg[1] == '-' && arg[2];

  /* "--arg=1 -xa": optind is still on "-xa", the 'x' is unknown */
  if (is_long && opt == '?' && optopt > 0 && optopt < 256 &&
      (next = argv[optind]) && next[0] == '-' && next[1] != '-' &&
      strchr(next + 1, optopt))
    is_long = 0;
  if (!is_long) {
    if (opt == ':') usage_exit("option '-%c' needs an argument", optopt);
    usage_exit("unknown option '-%c'", optopt);
  }
  n = strcspn(arg, "=");
  if (opt == ':') usage_exit("option '%.*s' needs an argument", n, arg);
  /* a known long option (optopt is its val) given a value */
  if (optopt && arg[n])
    usage_exit("option '%.*s' takes no argument", n, arg);
  usage_exit("unknown option '%.*s'", n, arg);
}

/* after fork: die with _exit so stdio buffers are not flushed twice */
void log_in_child(void)
{
  log_child = 1;
}

int why_fail(char *why, size_t len, int err, const char *fmt, ...)
{
  va_list ap;

  if (why && len) {
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
  }
  return errno = err, -1;
}
