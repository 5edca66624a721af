/* jk_socketd: rate-limited /dev/log relay for chroot jails.
 *
 * Copyright 2026 the jailkit authors. GPL-2.0-or-later.
 * Manual: docs/jk_socketd.8. Design: docs/design.md, "jk_socketd".
 *
 * Three roles, each with as little power as it needs:
 *  - the relay (the main process: the pid of -n and of the pidfile) reads
 *    what jails send and forwards it upstream. It runs as nobody, chrooted
 *    into an empty deleted directory, with no capability at all, and one
 *    poll() loop over static tables: no threads, no malloc.
 *  - the helper (its child) is nobody too, not chrooted, and never reads
 *    from a jail. It opens new upstream connections and passes them to the
 *    relay over a socketpair (SCM_RIGHTS), answers `--reload` on the
 *    control socket, and at exit removes the sockets and pidfile. For that
 *    it keeps CAP_DAC_OVERRIDE and CAP_FOWNER (sticky directories) in its
 *    permitted set, effective only around the unlink and connect calls.
 *  - `jk_socketd --reload`, run by root, binds new jail sockets and hands
 *    them over the control socket.
 */
//applet: jk_socketd AF_ROOT|AF_SBIN
//usage: jk_socketd [-n] [-p PIDFILE] [--upstream=PATH] [--control=PATH]
//usage:            [--socket=PATH [--base=N] [--peak=N] [--interval=SECONDS]]
//usage: jk_socketd --reload [--control=PATH]
//usage:
//usage: Relay log messages from jail sockets (/etc/jailkit/jk_socketd.ini)
//usage: to syslog, limiting each socket to BASE bytes per INTERVAL (PEAK
//usage: after a quiet interval). Writers over the limit are slowed down.
//usage:
//usage:  -n, --nodetach     stay in the foreground, log to stderr too
//usage:  -p, --pidfile=FILE write the daemon's pid to FILE
//usage:  --socket=PATH      ignore the config file, relay only PATH
//usage:  --base=N           bytes per interval for --socket (511)
//usage:  --peak=N           bytes after a quiet interval for --socket (2048)
//usage:  --interval=SECONDS interval for --socket (10.0)
//usage:  --upstream=PATH    relay to PATH instead of /dev/log
//usage:  --control=PATH     control socket (/run/jk_socketd.ctl)
//usage:  --reload           make the running daemon re-read its config
//usage:  -h, --help         show this help
#include "jk.h"

#define MAX_SOCKETS 4096            /* jail sockets in one daemon */
#define MAX_MSG 65536               /* longest datagram relayed whole */
#define BATCH 64                    /* messages read per socket per round */
#define SUN_MAX sizeof(((struct sockaddr_un *)0)->sun_path)
#define NS 1000000000ULL
#define WARN_EVERY (10 * NS)        /* throttle warnings per socket */
#define WATCH_MS 400                /* helper: how often upstream is checked */
#define RETRY_MS 100                /* helper: reconnect attempts */
#define CONFIG JK_ETC "/jk_socketd.ini"
#define CONTROL_DEFAULT "/run/jk_socketd.ctl"
#define CAP_DAC (1ULL << 1 | 1ULL << 3)  /* CAP_DAC_OVERRIDE, CAP_FOWNER */

/* one configured socket, as parsed and as sent between processes */
struct spec {
  char op;                          /* protocol: see handle_helper() */
  unsigned char stream;
  unsigned base, peak;
  uint64_t interval;                /* ns */
  uint64_t dev, ino;                /* of the bound socket file */
  char path[SUN_MAX];
};

/* relay state per socket */
struct sock {
  int fd;                           /* -1: free slot */
  unsigned base, peak;
  unsigned char quiet_before, closing;
  uint64_t interval, start, used, resume, warned;
  uint64_t msgs, bytes, throttled;
  char *path;                       /* its own allocation: most paths are
                                       far shorter than SUN_MAX */
};

static struct sock socks[MAX_SOCKETS];   /* used: [0, nsocks), fd >= 0 */
static int nsocks;
static struct pollfd pfd[MAX_SOCKETS + 2];
static short pidx[MAX_SOCKETS + 2];
static char msg[MAX_MSG + 1];
static size_t pending_len, pending_off;    /* msg waiting for upstream */
static int up_fd = -1, up_stream, up_asked, helper_fd = -1;
static pid_t helper_pid;
static volatile sig_atomic_t got_term, got_hup, got_usr1;

/* helper state: what to remove at exit (MAX_SOCKETS entries, allocated
 * with the pages untouched until used; the relay frees its copy) */
static struct spec *owned;
static int nowned;
static struct spec control_spec;
static char pidfile_path[PATH_MAX];
static uint64_t pidfile_dev, pidfile_ino;
static uid_t nobody_uid;
static gid_t nobody_gid;
static const char *upstream = "/dev/log";
static uint64_t up_dev, up_ino;

static uint64_t now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * NS + ts.tv_nsec;
}

/* ---- message passing (relay <-> helper <-> reload client) ---- */

static int spec_send(int fd, const struct spec *s, int passfd)
{
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } c;
  struct iovec iov = { (void *)s, sizeof(*s) };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

  if (passfd >= 0) {
    memset(&c, 0, sizeof(c));
    m.msg_control = c.buf;
    m.msg_controllen = sizeof(c.buf);
    c.h.cmsg_level = SOL_SOCKET;
    c.h.cmsg_type = SCM_RIGHTS;
    c.h.cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(&c.h), &passfd, sizeof(int));
  }
  while (sendmsg(fd, &m, MSG_NOSIGNAL) < 0)
    if (errno != EINTR) return -1;
  return 0;
}

/* Returns 1 with a message (and *passfd, or -1), 0 at EOF, -1 on error. */
static int spec_recv(int fd, struct spec *s, int *passfd)
{
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } c;
  struct iovec iov = { s, sizeof(*s) };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = c.buf, .msg_controllen = sizeof(c.buf) };
  struct cmsghdr *h;
  ssize_t n;

  *passfd = -1;
  while ((n = recvmsg(fd, &m, MSG_CMSG_CLOEXEC)) < 0)
    if (errno != EINTR) return -1;
  for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
      memcpy(passfd, CMSG_DATA(h), sizeof(int));
  if (!n) return 0;
  if ((size_t)n != sizeof(*s) || (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
    if (*passfd >= 0) close(*passfd);
    return errno = EPROTO, -1;
  }
  s->path[SUN_MAX - 1] = 0;
  return 1;
}

/* ---- configuration ---- */

/* A value out of range is reported with where it came from (FILE:LINE,
 * or the option) and replaced by the default, as the reference does, but
 * never silently. kv is 0 when the key is absent; line 0: command line. */
static const char *where(char *buf, size_t len, const char *src,
                         const struct ini_kv *kv)
{
  if (!kv->line) return src;
  snprintf(buf, len, "%s:%d", src, kv->line);
  return buf;
}

static unsigned get_uint(const char *src, const struct ini_kv *kv, long lo,
                         long hi, unsigned dflt)
{
  char buf[PATH_MAX + 16];
  long v;

  if (!kv) return dflt;
  if (!parse_long(kv->val, lo, hi, &v)) return v;
  error_msg("%s: %s '%s' is not a number from %ld to %ld, using %u",
            where(buf, sizeof(buf), src, kv), kv->key, kv->val, lo, hi, dflt);
  return dflt;
}

static uint64_t get_interval(const char *src, const struct ini_kv *kv,
                             double dflt)
{
  char buf[PATH_MAX + 16];
  double v = dflt;

  if (kv && parse_double(kv->val, 0.01, 60.0, &v)) {
    error_msg("%s: interval '%s' is not a number from 0.01 to 60, using %g",
              where(buf, sizeof(buf), src, kv), kv->val, dflt);
    v = dflt;
  }
  return (uint64_t)(v * 1e9 + 0.5);
}

/* peak (or the old spelling peek) is at least base; its default too */
static void spec_params(struct spec *s, const char *src,
                        const struct ini_kv *base, const struct ini_kv *peak,
                        const struct ini_kv *interval, double dflt_interval)
{
  unsigned dflt_peak;

  s->base = get_uint(src, base, 10, 1000000, 511);
  dflt_peak = s->base > 2048 ? s->base : 2048;
  s->peak = get_uint(src, peak, s->base > 100 ? s->base : 100, 10000000,
                     dflt_peak);
  s->interval = get_interval(src, interval, dflt_interval);
}

/* A jail socket path must fit a socket address, live in an existing
 * root-owned directory nobody else can write, and not be anything but a
 * socket already (we replace stale sockets, never other files). */
static int check_socket_path(const char *path, char *why, size_t len)
{
  char dir[SUN_MAX], *slash;
  struct stat st;

  if (*path != '/') return snprintf(why, len, "not an absolute path"), -1;
  if (strlen(path) >= SUN_MAX)
    return snprintf(why, len, "longer than a socket address allows (%zu "
                    "bytes)", SUN_MAX - 1), -1;
  xstrlcpy(dir, path, sizeof(dir));
  slash = strrchr(dir, '/');
  if (!slash[1]) return snprintf(why, len, "names a directory"), -1;
  if (slash == dir) slash++;
  *slash = 0;
  if (stat(dir, &st))
    return snprintf(why, len, "directory %s: %s", dir, strerror(errno)), -1;
  if (!S_ISDIR(st.st_mode))
    return snprintf(why, len, "%s is not a directory", dir), -1;
  if (st.st_uid || (st.st_mode & 022))
    return snprintf(why, len, "directory %s is not root-owned or is "
                    "writable by others", dir), -1;
  if (!lstat(path, &st) && !S_ISSOCK(st.st_mode))
    return snprintf(why, len, "exists and is not a socket"), -1;
  return 0;
}

/* Read the config: one section per socket. Any error is fatal (exit 11
 * for a file that cannot be read or parsed, as the reference). */
static int load_config(struct spec *specs)
{
  struct ini *ini = xzalloc(sizeof(*ini));
  char where[PATH_MAX + 32], why[256];
  const struct ini_kv *peak;
  int i, j, n = 0;

  if (ini_load(ini, CONFIG)) {
    if (ini->err_line)
      error_exit_code(11, "%s:%d: %s", CONFIG, ini->err_line, ini->err_msg);
    if (ini->err_msg) error_exit_code(11, "%s: %s", CONFIG, ini->err_msg);
    perror_msg("could not read %s", CONFIG);
    exit(11);
  }
  for (i = 0; i < ini->nsec; i++) {
    const struct ini_sec *s = &ini->sec[i];

    xsnprintf(where, sizeof(where), "%s:%d", CONFIG, s->line);
    for (j = 0; j < n && strcmp(specs[j].path, s->name); j++);
    if (j < n) {
      log_msg(LOG_NOTICE, "%s: socket %s mentioned multiple times, ignoring "
              "this one", where, s->name);
      continue;
    }
    if (n == MAX_SOCKETS)
      error_exit("%s: too many sockets (max %d)", where, MAX_SOCKETS);
    if (check_socket_path(s->name, why, sizeof(why)))
      error_exit("%s: socket %s: %s", where, s->name, why);
    for (j = s->first; j < s->first + s->count; j++) {
      const char *k = ini->kv[j].key;

      if (strcasecmp(k, "base") && strcasecmp(k, "peak") &&
          strcasecmp(k, "peek") && strcasecmp(k, "interval"))
        error_msg("%s:%d: unknown key '%s' in [%s], ignored", CONFIG,
                  ini->kv[j].line, k, s->name);
    }
    memset(&specs[n], 0, sizeof(specs[n]));
    xstrlcpy(specs[n].path, s->name, SUN_MAX);
    peak = ini_find(ini, s, "peak");
    spec_params(&specs[n++], CONFIG, ini_find(ini, s, "base"),
                peak ? peak : ini_find(ini, s, "peek"),
                ini_find(ini, s, "interval"), 5.0);
  }
  free(ini);
  return n;
}

/* ---- binding (as root) ---- */

static struct sockaddr_un sun_of(const char *path)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };

  xstrlcpy(sa.sun_path, path, sizeof(sa.sun_path));
  return sa;
}

/* Bind a socket at path, replacing a stale socket there. The mode comes
 * from the umask at bind time: no chmod() that a swapped-in symlink could
 * redirect. Records the socket file's inode so that only our own file is
 * ever removed. */
static int bind_path(struct spec *s, int type, mode_t mode)
{
  struct sockaddr_un sa = sun_of(s->path);
  struct stat st;
  mode_t old;
  int fd = socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), r;

  if (fd < 0) return -1;
  if (!lstat(s->path, &st) && S_ISSOCK(st.st_mode)) unlink(s->path);
  old = umask(~mode & 0777);
  r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
  umask(old);
  if (r || lstat(s->path, &st)) {
    r = errno;
    close(fd);
    return errno = r, -1;
  }
  s->dev = st.st_dev;
  s->ino = st.st_ino;
  return fd;
}

/* Bind the jail sockets. At start-up each is recorded in owned[] at
 * once, so that a failed start removes what it made (see unstarted()). */
static void bind_all(struct spec *specs, int n, int *fds, struct spec *rec)
{
  int i;

  for (i = 0; i < n; i++) {
    if ((fds[i] = bind_path(&specs[i], SOCK_DGRAM, 0666)) < 0)
      perror_exit("cannot create socket %s", specs[i].path);
    if (rec) rec[i] = specs[i];
  }
}

/* ---- the relay ---- */

static void relay_log_upstream(void)
{
  log_set_fd(up_fd, up_stream);
}

static void add_socket(const struct spec *s, int fd)
{
  char *path = strdup(s->path);
  int i;

  for (i = 0; i < nsocks && socks[i].fd >= 0; i++);
  if (i == MAX_SOCKETS || !path) {
    log_msg(LOG_CRIT, "%s (max %d sockets): not relaying %s",
            path ? "too many sockets" : "out of memory", MAX_SOCKETS, s->path);
    free(path);
    close(fd);
    return;
  }
  if (i == nsocks) nsocks++;
  memset(&socks[i], 0, sizeof(socks[i]));
  socks[i].fd = fd;
  socks[i].base = s->base;
  socks[i].peak = s->peak;
  socks[i].interval = s->interval;
  socks[i].start = now_ns();
  socks[i].quiet_before = 1;   /* a new socket may use its peak at once */
  socks[i].path = path;
  log_msg(LOG_NOTICE, "listening on socket %s with rates [%u:%u]/%.2fs",
          s->path, s->base, s->peak, s->interval / 1e9);
}

static int find_socket(const char *path)
{
  int i;

  for (i = 0; i < nsocks; i++)
    if (socks[i].fd >= 0 && !socks[i].closing && !strcmp(socks[i].path, path))
      return i;
  return -1;
}

/* Close the windows that ended before now. Bytes over a window's limit
 * are carried into the next window as debt, so that over time a flooded
 * socket gets exactly base bytes per interval, whatever the message
 * sizes. A window that stayed under base lets the next one reach peak. */
static void roll(struct sock *s, uint64_t now)
{
  while (now >= s->start + s->interval) {
    uint64_t limit = s->quiet_before ? s->peak : s->base;

    s->quiet_before = s->used < s->base;
    s->used = s->used > limit ? s->used - limit : 0;
    s->start += s->interval;
    if (!s->used && now >= s->start + s->interval) {
      s->start += (now - s->start) / s->interval * s->interval;
      s->quiet_before = 1;
    }
  }
}

/* May this socket be read now? If not, s->resume says until when. */
static int may_read(struct sock *s, uint64_t now)
{
  if (s->closing) return 1;     /* drained whatever the limit */
  roll(s, now);
  if (s->used < (s->quiet_before ? s->peak : s->base)) return s->resume = 0, 1;
  s->resume = s->start + s->interval;
  return 0;
}

static void ask_upstream(void)
{
  struct spec r = { .op = 'U' };

  if (up_asked) return;
  if (spec_send(helper_fd, &r, -1)) perror_exit("helper");
  up_asked = 1;
}

static void upstream_lost(int err)
{
  if (up_fd >= 0) {
    log_set_fd(-1, 0);
    close(up_fd);
    up_fd = -1;
    log_msg(LOG_WARNING, "upstream %s lost (%s), reconnecting", upstream,
            strerror(err));
  }
  ask_upstream();
}

/* Try to send the pending message. Returns 1 once it is gone. */
static int flush_pending(void)
{
  while (pending_len && up_fd >= 0) {
    ssize_t r = send(up_fd, msg + pending_off, pending_len - pending_off,
                     MSG_DONTWAIT | MSG_NOSIGNAL);

    if (r >= 0) {
      pending_off += r;
      if (pending_off >= pending_len) pending_len = pending_off = 0;
    } else if (errno == EAGAIN || errno == ENOBUFS) {
      return 0;
    } else if (errno == EMSGSIZE) {
      log_msg(LOG_ERR, "upstream refuses a %zu byte message, dropped",
              pending_len);
      pending_len = pending_off = 0;
    } else if (errno != EINTR) {
      upstream_lost(errno);
    }
  }
  return !pending_len;
}

/* The relay's own log lines (a socket over its limit, a message cut)
 * wait here and go upstream in turn with the jails' messages: sent
 * directly they were lost whenever the upstream was full, which is just
 * when a flood is warned about, and could land inside a half-sent stream
 * frame. Sixteen are kept; more in a burst are dropped. */
#define OWN_MAX 16
static char own[OWN_MAX][1024];
static size_t own_len[OWN_MAX];
static int own_first, own_count;

static void own_log(const char *line, size_t len)
{
  int k = (own_first + own_count) % OWN_MAX;

  /* a datagram with nothing ahead of it goes at once, if it can */
  if (!up_stream && !own_count && !pending_len && up_fd >= 0 &&
      send(up_fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len)
    return;
  if (own_count == OWN_MAX || len > sizeof(own[0])) return;
  memcpy(own[k], line, len);
  own_len[k] = len;
  own_count++;
}

/* the next own line into msg[] once it is free (not inside serve(): msg
 * may hold a message received and not yet forwarded) */
static void flush_own(void)
{
  while (own_count && !pending_len && up_fd >= 0) {
    memcpy(msg, own[own_first], own_len[own_first]);
    pending_len = own_len[own_first];
    pending_off = 0;
    own_first = (own_first + 1) % OWN_MAX;
    own_count--;
    flush_pending();
  }
}

/* a stream upstream gets the NUL frame end that syslog daemons expect */
static void frame_pending(void)
{
  if (up_stream && pending_len && msg[pending_len - 1]) msg[pending_len++] = 0;
}

/* queue one message (in msg[]) for upstream */
static void forward(size_t len)
{
  if (!len) return;
  pending_len = len;
  pending_off = 0;
  frame_pending();
  flush_pending();
}

static void throttle_note(int i, uint64_t now)
{
  struct sock *s = &socks[i];

  s->throttled++;
  if (s->warned && now - s->warned < WARN_EVERY) return;
  s->warned = now;
  log_msg(LOG_WARNING, "device %s is over its limit (%u bytes per %.2fs, "
          "peak %u), slowing it down", socks[i].path, s->base,
          s->interval / 1e9, s->peak);
}

static void close_socket(int i)
{
  close(socks[i].fd);
  socks[i].fd = -1;
  while (nsocks && socks[nsocks - 1].fd < 0) nsocks--;
  log_msg(LOG_NOTICE, "stopped listening on %s", socks[i].path);
  free(socks[i].path);
  socks[i].path = 0;
}

/* Read and forward messages from one socket while the budget and the
 * upstream allow. */
static void serve(int i, uint64_t now)
{
  struct sock *s = &socks[i];
  int k;

  for (k = 0; k < BATCH && !pending_len && up_fd >= 0; k++) {
    ssize_t n = recv(s->fd, msg, MAX_MSG, MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (s->closing) close_socket(i);
      else if (errno != EAGAIN) log_msg(LOG_ERR, "%s: %s", socks[i].path,
                                         strerror(errno));
      return;
    }
    s->msgs++;
    s->bytes += n;
    s->used += n;
    if (n > MAX_MSG) {
      log_msg(LOG_WARNING, "%s: %zd byte message cut to %d", socks[i].path,
              n, MAX_MSG);
      n = MAX_MSG;
    }
    forward(n);
    if (!may_read(s, now)) {
      throttle_note(i, now);
      return;
    }
  }
}

static void log_counters(void)
{
  int i;

  for (i = 0; i < nsocks; i++)
    if (socks[i].fd >= 0)
      log_msg(LOG_INFO, "%s: %llu messages, %llu bytes, throttled %llu times",
              socks[i].path, (unsigned long long)socks[i].msgs,
              (unsigned long long)socks[i].bytes,
              (unsigned long long)socks[i].throttled);
}

/* A message from the helper: U new upstream (+fd), A add socket (+fd),
 * K keep socket with new limits, R remove socket, D reload done. */
static void handle_helper(void)
{
  struct spec s;
  int fd, i, r = spec_recv(helper_fd, &s, &fd);

  if (r <= 0) error_exit("helper process gone");
  if (s.op == 'U' && fd >= 0) {
    if (up_fd >= 0) close(up_fd);
    up_fd = fd;
    up_stream = s.stream;
    up_asked = 0;
    relay_log_upstream();
    log_msg(LOG_NOTICE, "connected to upstream %s", upstream);
    pending_off = 0;      /* a frame half sent to the old one: all again */
    frame_pending();
  } else if (s.op == 'A' && fd >= 0) {
    if (find_socket(s.path) >= 0) close(fd);
    else add_socket(&s, fd);
  } else if (s.op == 'K' && (i = find_socket(s.path)) >= 0) {
    socks[i].base = s.base;
    socks[i].peak = s.peak;
    socks[i].interval = s.interval;
  } else if (s.op == 'R' && (i = find_socket(s.path)) >= 0) {
    socks[i].closing = 1;
  } else if (s.op == 'D') {
    log_msg(LOG_NOTICE, "configuration reloaded");
  } else if (fd >= 0) {
    close(fd);
  }
}

static void on_signal(int sig)
{
  if (sig == SIGHUP) got_hup = 1;
  else if (sig == SIGUSR1) got_usr1 = 1;
  else got_term = 1;
}

static void handle_signals(void)
{
  if (got_usr1) {
    got_usr1 = 0;
    log_counters();
  }
  if (got_hup) {
    got_hup = 0;
    log_msg(LOG_NOTICE, "SIGHUP: reconnecting to upstream %s", upstream);
    ask_upstream();
  }
}

/* fill pfd[]; returns the count and the poll timeout in ms */
static int build_poll(uint64_t now, int *timeout)
{
  uint64_t next = 0;
  int i, n = 0;

  pfd[n].fd = helper_fd;
  pfd[n].events = POLLIN;
  pidx[n++] = -1;
  if (up_fd >= 0 && pending_len) {
    pfd[n].fd = up_fd;
    pfd[n].events = POLLOUT;
    pidx[n++] = -2;
  }
  for (i = 0; i < nsocks; i++) {
    struct sock *s = &socks[i];

    if (s->fd < 0) continue;
    if (s->resume > now || !may_read(s, now)) {
      if (!next || s->resume < next) next = s->resume;
      continue;
    }
    if (pending_len || up_fd < 0) continue;   /* backpressure */
    pfd[n].fd = s->fd;
    pfd[n].events = POLLIN;
    pidx[n++] = i;
  }
  *timeout = next ? (int)((next - now + 999999) / 1000000) : -1;
  return n;
}

static int relay_loop(void)
{
  sigset_t none;

  sigemptyset(&none);
  while (!got_term) {
    uint64_t now = now_ns();
    struct timespec ts, *tp = 0;
    int timeout, n, i, r;

    flush_own();
    n = build_poll(now, &timeout);

    for (i = 0; i < nsocks; i++)    /* removed sockets: drain now */
      if (socks[i].fd >= 0 && socks[i].closing && !pending_len && up_fd >= 0)
        serve(i, now);
    if (timeout >= 0) {
      ts.tv_sec = timeout / 1000;
      ts.tv_nsec = timeout % 1000 * 1000000L;
      tp = &ts;
    }
    r = ppoll(pfd, n, tp, &none);
    handle_signals();
    if (r <= 0) continue;
    now = now_ns();
    for (i = 0; i < n; i++) {
      if (!pfd[i].revents) continue;
      if (pidx[i] == -1) handle_helper();
      else if (pidx[i] == -2) flush_pending();
      else if (socks[pidx[i]].fd == pfd[i].fd) serve(pidx[i], now);
    }
  }
  return 0;
}

/* ---- the helper ---- */

/* the helper's one capability, effective only around the calls that need
 * it (before the drop, as root, there is nothing to switch) */
static void dac(int on)
{
  if (!geteuid()) return;
  if (on) caps_raise(CAP_DAC);
  else caps_lower();
}

static int connect_upstream(int *stream, int quiet)
{
  struct stat st;
  int fd, err;

  dac(1);
  fd = log_connect(upstream, stream);
  err = errno;
  dac(0);
  if (fd < 0) {
    if (!quiet) error_msg("cannot connect to %s: %s", upstream, strerror(err));
    return errno = err, -1;
  }
  if (!stat(upstream, &st)) {
    up_dev = st.st_dev;
    up_ino = st.st_ino;
  }
  fcntl(fd, F_SETFL, O_NONBLOCK);
  return fd;
}

/* unlink path if it still is the file we made */
static void remove_owned(const char *path, uint64_t dev, uint64_t ino)
{
  struct stat st;

  if (!path[0] || lstat(path, &st)) return;
  if (st.st_dev != dev || st.st_ino != ino) return;
  dac(1);
  unlink(path);
  dac(0);
}

static void remove_all_owned(void)
{
  int i;

  for (i = 0; i < nowned; i++)
    remove_owned(owned[i].path, owned[i].dev, owned[i].ino);
  remove_owned(pidfile_path, pidfile_dev, pidfile_ino);
  remove_owned(control_spec.path, control_spec.dev, control_spec.ino);
}

static void helper_exit(void)
{
  remove_all_owned();
  _exit(0);
}

/* atexit() while starting: a start that fails leaves no file behind */
static int started;
static void unstarted(void)
{
  if (!started) remove_all_owned();
}

/* hand a new upstream connection to the relay; keep it for our own log */
static void give_upstream(int fd, int stream)
{
  static int mine = -1;
  struct spec s = { .op = 'U', .stream = stream };

  if (spec_send(helper_fd, &s, fd)) helper_exit();
  log_set_fd(fd, stream);
  if (mine >= 0) close(mine);
  mine = fd;
}

static void forget_owned(const char *path)
{
  int i;

  for (i = 0; i < nowned; i++)
    if (!strcmp(owned[i].path, path)) {
      remove_owned(path, owned[i].dev, owned[i].ino);
      owned[i] = owned[--nowned];
      return;
    }
}

static int is_owned(const char *path)
{
  int i;

  for (i = 0; i < nowned; i++)
    if (!strcmp(owned[i].path, path)) return 1;
  return 0;
}

/* One reload client, trusted only if its peer credentials say root.
 * L: list the sockets; A/K/R/D: as for the relay, forwarded to it. */
static void serve_client(int cfd)
{
  struct ucred cred;
  socklen_t len = sizeof(cred);
  struct timeval tv = { 5, 0 };
  struct spec s, reply;
  int fd, i, ok = 1;

  if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid) {
    log_msg(LOG_WARNING, "control connection from uid %d refused",
            (int)cred.uid);
    return;
  }
  setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  while (spec_recv(cfd, &s, &fd) > 0) {
    if (s.op == 'L') {
      for (i = 0; i < nowned; i++) {
        reply = owned[i];
        reply.op = 'P';
        spec_send(cfd, &reply, -1);
      }
      reply.op = 'D';
      spec_send(cfd, &reply, -1);
      continue;
    }
    if (s.op == 'A') {
      if (fd < 0 || nowned == MAX_SOCKETS || is_owned(s.path)) {
        ok = 0;
        if (fd >= 0) close(fd);
        continue;
      }
      owned[nowned++] = s;
    }
    if (spec_send(helper_fd, &s, fd)) helper_exit();
    if (fd >= 0) close(fd);
    if (s.op == 'R') forget_owned(s.path);
    if (s.op == 'D') {
      reply.op = ok ? 'O' : 'E';
      spec_send(cfd, &reply, -1);
      break;
    }
  }
}

/* Runs as nobody, not chrooted; reads nothing from any jail. */
static void helper_loop(int ctl_fd)
{
  int upfd = -1, stream = 0, want = 0, fd;
  struct spec s;

  for (;;) {
    struct pollfd p[2] = { { helper_fd, POLLIN, 0 }, { ctl_fd, POLLIN, 0 } };
    int r = poll(p, ctl_fd >= 0 ? 2 : 1, want ? RETRY_MS : WATCH_MS);
    struct stat st;

    if (r < 0 && errno != EINTR) helper_exit();
    if (r > 0 && p[0].revents) {
      if (spec_recv(helper_fd, &s, &fd) <= 0 || s.op == 'Q') helper_exit();
      if (fd >= 0) close(fd);
      if (s.op == 'U') want = 1;
    }
    if (r > 0 && ctl_fd >= 0 && (p[1].revents & POLLIN)) {
      int cfd = accept4(ctl_fd, 0, 0, SOCK_CLOEXEC);

      if (cfd >= 0) {
        serve_client(cfd);
        close(cfd);
      }
    }
    /* a syslog daemon that replaced its socket: follow it at once */
    if (!want && !stat(upstream, &st) &&
        (st.st_dev != up_dev || st.st_ino != up_ino))
      want = 1;
    if (want && (upfd = connect_upstream(&stream, 1)) >= 0) {
      give_upstream(upfd, stream);
      want = 0;
    }
  }
}

/* ---- start-up ---- */

static void find_nobody(void)
{
  struct pw_ent pw;
  char buf[PW_LINE_MAX];

  if (pw_byname("/etc/passwd", "nobody", &pw, buf, sizeof(buf)) != 1)
    error_exit("no user 'nobody' in /etc/passwd");
  if (!pw.uid) error_exit("user 'nobody' has uid 0");
  nobody_uid = pw.uid;
  nobody_gid = pw.gid;
}

static void drop_to_nobody(uint64_t keep_caps)
{
  if (caps_bound_all(keep_caps) || drop_to(nobody_uid, nobody_gid, keep_caps))
    perror_exit("cannot drop privileges to nobody");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
      prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
    perror_exit("prctl");
}

/* chroot into a fresh directory that is removed before we enter it: it
 * is empty, root-owned, and nothing can ever be created in it */
static void chroot_empty(void)
{
  char dir[] = "/tmp/jk_socketd.XXXXXX";

  if (!mkdtemp(dir)) perror_exit("mkdtemp %s", dir);
  xchdir(dir);
  if (rmdir(dir)) perror_exit("rmdir %s", dir);
  xchroot(".");
  xchdir("/");
}

static void write_pidfile(const char *path)
{
  char tmp[PATH_MAX], line[32];
  struct stat st;
  int fd, n;

  xsnprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) perror_exit("pidfile %s", path);
  n = snprintf(line, sizeof(line), "%d\n", (int)getpid());
  if (write_all(fd, line, n) < 0 || fstat(fd, &st) || close(fd) ||
      rename(tmp, path)) {
    unlink(tmp);
    perror_exit("pidfile %s", path);
  }
  xstrlcpy(pidfile_path, path, sizeof(pidfile_path));
  pidfile_dev = st.st_dev;
  pidfile_ino = st.st_ino;
}

static int connect_control(const char *path)
{
  struct sockaddr_un sa = sun_of(path);
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

  if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
    close(fd);
    return -1;
  }
  return fd;
}

/* The control socket: refuse to start twice, replace a stale one. */
static int open_control(const char *path, int explicit)
{
  int fd;

  if (strlen(path) >= SUN_MAX) error_exit("--control: path too long");
  xstrlcpy(control_spec.path, path, SUN_MAX);
  if ((fd = connect_control(path)) >= 0)
    error_exit("another jk_socketd answers on %s", path);
  fd = bind_path(&control_spec, SOCK_SEQPACKET, 0600);
  if (fd < 0 || listen(fd, 8)) {
    if (explicit) perror_exit("control socket %s", path);
    log_msg(LOG_NOTICE, "no control socket %s (%s): --reload will not work",
            path, strerror(errno));
    control_spec.path[0] = 0;
    if (fd >= 0) close(fd);
    return -1;
  }
  fcntl(fd, F_SETFL, 0);     /* accept() blocks: poll says when */
  return fd;
}

/* Fork; the parent exits with 0 once the child says it is ready, or 1 if
 * the child dies first, so no half-started daemon is reported as up. */
static int daemonize(void)
{
  int p[2];
  pid_t pid;
  char c;

  if (pipe2(p, O_CLOEXEC)) perror_exit("pipe");
  fflush(NULL);
  /* not xfork(): the child is the daemon and exits through atexit() */
  if ((pid = fork()) < 0) perror_exit("fork");
  if (pid) {
    close(p[1]);
    if (read(p[0], &c, 1) == 1) _exit(0);
    _exit(1);
  }
  close(p[0]);
  if (setsid() < 0) perror_exit("setsid");
  return p[1];
}

/* room for every socket we may ever hold: raise the soft limit, and the
 * hard one if it is lower (we are root); fatal only if n do not fit */
static void raise_nofile(int n)
{
  struct rlimit rl;
  rlim_t want = MAX_SOCKETS + 64;

  if (getrlimit(RLIMIT_NOFILE, &rl)) perror_exit("getrlimit");
  if (rl.rlim_max < want) rl.rlim_max = want;
  if (rl.rlim_cur < want) rl.rlim_cur = want;
  if (setrlimit(RLIMIT_NOFILE, &rl) && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
      rl.rlim_cur < (rlim_t)n + 16)
    perror_exit("cannot raise the limit of open files to %d", n + 16);
}

static void block_signals(void)
{
  struct sigaction act = { .sa_handler = on_signal };
  sigset_t set;

  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, 0);
  sigaction(SIGTERM, &act, 0);
  sigaction(SIGINT, &act, 0);
  sigaction(SIGHUP, &act, 0);
  sigaction(SIGUSR1, &act, 0);
  signal(SIGPIPE, SIG_IGN);
}

static int start(struct spec *specs, int n, const char *pidfile,
                 const char *control, int nodetach)
{
  static int fds[MAX_SOCKETS];
  int sp[2], ready = -1, ctl, devnull, i;

  raise_nofile(n);
  owned = xzalloc(MAX_SOCKETS * sizeof(*owned));
  block_signals();
  find_nobody();
  if ((up_fd = connect_upstream(&up_stream, 0)) < 0) exit(1);
  relay_log_upstream();
  log_set_flags(LOG_TO_SYSLOG | (nodetach ? LOG_TO_STDERR : 0));
  atexit(unstarted);
  ctl = open_control(control ? control : CONTROL_DEFAULT, !!control);
  nowned = n;
  bind_all(specs, n, fds, owned);
  devnull = xopen("/dev/null", O_RDWR);
  if (!nodetach) ready = daemonize();
  if (pidfile) write_pidfile(pidfile);
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp))
    perror_exit("socketpair");

  if (!(helper_pid = xfork())) {
    for (i = 0; i < n; i++) close(fds[i]);
    close(up_fd);
    close(sp[0]);
    if (ready >= 0) close(ready);
    helper_fd = sp[1];
    signal(SIGTERM, SIG_IGN);   /* it follows the relay: see helper_exit */
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    log_set_fd(-1, 0);
    free(specs);
    drop_to_nobody(CAP_DAC);
    if (!nodetach) dup2(devnull, 0), dup2(devnull, 1), dup2(devnull, 2);
    helper_loop(ctl);
  }
  close(sp[1]);
  if (ctl >= 0) close(ctl);
  helper_fd = sp[0];
  for (i = 0; i < n; i++) add_socket(&specs[i], fds[i]);
  free(specs);      /* the relay keeps only its own tables; the files */
  free(owned);      /* are the helper's to remove if anything fails now */
  owned = 0;
  nowned = 0;
  relay_log_upstream();
  chroot_empty();
  drop_to_nobody(0);
  log_msg(LOG_INFO, "started: %d socket%s, relaying to %s", n,
          n == 1 ? "" : "s", upstream);
  started = 1;
  if (ready >= 0) {
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    if (write(ready, "", 1) != 1) exit(1);
    close(ready);
  }
  close(devnull);
  log_set_sender(own_log);
  relay_loop();
  /* SIGTERM: the helper removes the sockets and the pidfile */
  {
    struct spec q = { .op = 'Q' };

    spec_send(helper_fd, &q, -1);
    while (waitpid(helper_pid, 0, 0) < 0 && errno == EINTR);
  }
  log_msg(LOG_NOTICE, "terminated");
  return 0;
}

/* ---- --reload ---- */

static void send_or_die(int fd, const struct spec *s, int passfd)
{
  if (spec_send(fd, s, passfd)) perror_exit("control socket");
}

/* Bind every new socket first, so that a failure changes nothing (the
 * ones already bound are removed again at exit, see unstarted()); then
 * tell the daemon what to remove, keep and add. */
static int reload(const char *control)
{
  static struct spec want[MAX_SOCKETS], have[MAX_SOCKETS];
  static int fds[MAX_SOCKETS];
  const char *path = control ? control : CONTROL_DEFAULT;
  int n = load_config(want), nhave = 0, fd, pfd_, i, j, added = 0, removed = 0;
  struct spec s = { .op = 'L' };
  struct stat st;

  if ((fd = connect_control(path)) < 0)
    perror_exit("no jk_socketd answers on %s", path);
  owned = xzalloc(MAX_SOCKETS * sizeof(*owned));
  send_or_die(fd, &s, -1);
  while (spec_recv(fd, &s, &pfd_) > 0 && s.op == 'P' && nhave < MAX_SOCKETS)
    have[nhave++] = s;
  if (s.op != 'D') error_exit("control socket: unexpected answer");
  for (i = 0; i < nhave; i++) {
    for (j = 0; j < n && strcmp(want[j].path, have[i].path); j++);
    /* still configured and still our file on disk: keep it */
    have[i].op = j < n && !lstat(have[i].path, &st) &&
                 st.st_dev == have[i].dev && st.st_ino == have[i].ino ? 'K' : 'R';
  }
  atexit(unstarted);
  for (j = 0; j < n; j++) {
    for (i = 0; i < nhave && (have[i].op == 'R' ||
                              strcmp(want[j].path, have[i].path)); i++);
    want[j].op = i < nhave ? 'K' : 'A';
    fds[j] = -1;
    if (want[j].op == 'A') bind_all(&want[j], 1, &fds[j], &owned[nowned++]);
  }
  for (i = 0; i < nhave; i++)
    if (have[i].op == 'R') send_or_die(fd, &have[i], -1), removed++;
  for (j = 0; j < n; j++) {
    send_or_die(fd, &want[j], fds[j]);
    added += want[j].op == 'A';
  }
  s.op = 'D';
  send_or_die(fd, &s, -1);
  if (spec_recv(fd, &s, &pfd_) <= 0) perror_exit("control socket");
  started = 1;      /* the daemon has them now */
  if (s.op != 'O') error_exit("the daemon refused part of the new config");
  printf("reloaded: %d sockets, %d added, %d removed\n", n, added, removed);
  return 0;
}

int jk_socketd_main(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "nodetach", no_argument, 0, 'n' },
    { "pidfile", required_argument, 0, 'p' },
    { "help", no_argument, 0, 'h' },
    { "socket", required_argument, 0, 's' },
    { "base", required_argument, 0, 'b' },
    { "peak", required_argument, 0, 'k' },
    { "peek", required_argument, 0, 'k' },
    { "interval", required_argument, 0, 'i' },
    { "upstream", required_argument, 0, 'u' },
    { "control", required_argument, 0, 'c' },
    { "reload", no_argument, 0, 'r' },
    { 0, 0, 0, 0 }
  };
  struct spec *specs = xzalloc(MAX_SOCKETS * sizeof(*specs));
  const char *pidfile = 0, *control = 0, *socket = 0;
  const char *base = 0, *peak = 0, *interval = 0;
  int opt, nodetach = 0, do_reload = 0, n = 1;
  char why[256];

  opterr = 0;
  while ((opt = getopt_long(argc, argv, "+:p:nh", longopts, 0)) != -1) {
    switch (opt) {
    case 'n': nodetach = 1; break;
    case 'p': pidfile = optarg; break;
    case 'h': applet_help(); return 0;
    case 's': socket = optarg; break;
    case 'b': base = optarg; break;
    case 'k': peak = optarg; break;
    case 'i': interval = optarg; break;
    case 'u': upstream = optarg; break;
    case 'c': control = optarg; break;
    case 'r': do_reload = 1; break;
    default: usage_option_exit(opt, argv);
    }
  }
  if (optind < argc) usage_exit("unexpected argument '%s'", argv[optind]);
  close_from(3);      /* nothing inherited leaks into the daemon */
  /* syslog starts with the upstream connection, see start() */
  log_open("jk_socketd", LOG_DAEMON, LOG_TO_STDERR);
  if (do_reload) return reload(control);
  if (!socket && (base || peak || interval))
    usage_exit("--base, --peak and --interval go with --socket");
  if (socket) {
    if (check_socket_path(socket, why, sizeof(why)))
      error_exit("socket %s: %s", socket, why);
    xstrlcpy(specs[0].path, socket, SUN_MAX);
    struct ini_kv b = { "base", base, 0 }, p = { "peak", peak, 0 },
                  i = { "interval", interval, 0 };

    spec_params(&specs[0], "--socket", base ? &b : 0, peak ? &p : 0,
                interval ? &i : 0, 10.0);
  } else {
    n = load_config(specs);
    if (!n) error_exit("no sockets in %s: nothing to do", CONFIG);
  }
  if (strlen(upstream) >= SUN_MAX) error_exit("--upstream: path too long");
  return start(specs, n, pidfile, control, nodetach);
}
