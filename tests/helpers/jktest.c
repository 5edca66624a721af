/* jktest: a small static tool for the tests, the demo and the benchmarks.
 * It stands in for syslog (recv) and for jailed programs (send, flood).
 *
 *   jktest recv [-s] [-l] [-T] PATH   bind PATH (datagram, -s stream) and
 *       print each message on a line: "LEN MSG" (-l: only LEN; -T: a first
 *       column of milliseconds since the first message). Newlines in a
 *       message print as \n. On SIGTERM or SIGINT it removes PATH, stops
 *       taking messages (senders get EPIPE) and prints what was queued, as
 *       a syslog daemon that exits cleanly would.
 *   jktest send PATH MSG...           one datagram per MSG
 *   jktest flood PATH SIZE COUNT [SECONDS]  send COUNT datagrams of SIZE
 *       bytes (blocking), stop after SECONDS; prints how many were sent
 *   jktest bindfile PATH              bind a datagram socket at PATH, exit
 *   jktest swapin DIR                 a user racing the copy engine: make
 *       DIR/mine.PID, then swap it (renameat2 RENAME_EXCHANGE) with each
 *       temporary name DIR/.jkcopy.* seen that is not ours, until SIGTERM;
 *       prints how many were swapped
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/un.h>

#define MAXMSG 65536

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
  (void)sig;
  stop = 1;
}

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct sockaddr_un addr(const char *path)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };

  if (strlen(path) >= sizeof(sa.sun_path)) {
    fprintf(stderr, "jktest: path too long\n");
    exit(2);
  }
  strcpy(sa.sun_path, path);
  return sa;
}

static void print_msg(const char *buf, ssize_t n, int lenonly, int stamp,
                      double t0)
{
  ssize_t i;

  if (stamp) printf("%.0f ", now_ms() - t0);
  printf("%zd", n);
  if (!lenonly) {
    putchar(' ');
    for (i = 0; i < n; i++) {
      if (buf[i] == '\n') fputs("\\n", stdout);
      else if (buf[i]) putchar(buf[i]);
    }
  }
  putchar('\n');
  fflush(stdout);
}

static int recv_main(int argc, char **argv)
{
  static char buf[MAXMSG];
  int opt, stream = 0, lenonly = 0, stamp = 0, fd, conn = -1;
  double t0 = 0;
  struct sockaddr_un sa;
  struct sigaction act = { .sa_handler = on_signal };

  while ((opt = getopt(argc, argv, "slT")) != -1) {
    if (opt == 's') stream = 1;
    else if (opt == 'l') lenonly = 1;
    else if (opt == 'T') stamp = 1;
    else return 2;
  }
  if (optind != argc - 1) return 2;
  sa = addr(argv[optind]);
  sigaction(SIGTERM, &act, 0);
  sigaction(SIGINT, &act, 0);
  fd = socket(AF_UNIX, stream ? SOCK_STREAM : SOCK_DGRAM, 0);
  unlink(sa.sun_path);
  if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
      chmod(sa.sun_path, 0666) || (stream && listen(fd, 16))) {
    perror("jktest: bind");
    return 1;
  }
  while (!stop) {
    ssize_t n, start, i;

    if (!stream) {
      n = recv(fd, buf, sizeof(buf), 0);
      if (n < 0) continue;
      if (!t0) t0 = now_ms();
      print_msg(buf, n, lenonly, stamp, t0);
      continue;
    }
    if (conn < 0 && (conn = accept(fd, 0, 0)) < 0) continue;
    n = recv(conn, buf, sizeof(buf), 0);
    if (n <= 0) {
      if (n == 0 || errno != EINTR) close(conn), conn = -1;
      continue;
    }
    if (!t0) t0 = now_ms();
    /* NUL-framed: messages from one read (partial frames are rare in
     * tests; a frame split over reads prints as two lines) */
    for (start = i = 0; i < n; i++)
      if (!buf[i]) {
        print_msg(buf + start, i - start, lenonly, stamp, t0);
        start = i + 1;
      }
    if (start < n) print_msg(buf + start, n - start, lenonly, stamp, t0);
  }
  unlink(sa.sun_path);
  if (!stream) {
    ssize_t n;

    shutdown(fd, SHUT_RD);
    while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0)
      print_msg(buf, n, lenonly, stamp, t0);
  }
  return 0;
}

static int connect_to(const char *path)
{
  struct sockaddr_un sa = addr(path);
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

  if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
    perror("jktest: connect");
    exit(1);
  }
  return fd;
}

static int send_main(int argc, char **argv)
{
  int fd, i;

  if (argc < 3) return 2;
  fd = connect_to(argv[1]);
  for (i = 2; i < argc; i++)
    if (send(fd, argv[i], strlen(argv[i]), 0) < 0) {
      perror("jktest: send");
      return 1;
    }
  return 0;
}

static int flood_main(int argc, char **argv)
{
  static char buf[MAXMSG];
  long size, count, sent = 0;
  double end = 0;
  int fd;

  if (argc < 4) return 2;
  size = atol(argv[2]);
  count = atol(argv[3]);
  if (argc > 4) end = now_ms() + atof(argv[4]) * 1e3;
  if (size < 1 || size > MAXMSG) return 2;
  fd = connect_to(argv[1]);
  memset(buf, 'x', size);
  while (sent < count && (!end || now_ms() < end)) {
    int n = snprintf(buf, size, "%ld ", sent);

    if (n < size) buf[n] = 'x';
    if (send(fd, buf, size, 0) < 0) {
      if (errno == EINTR) continue;
      perror("jktest: send");
      break;
    }
    sent++;
  }
  printf("%ld\n", sent);
  return 0;
}

static int bindfile_main(int argc, char **argv)
{
  struct sockaddr_un sa;
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

  if (argc != 2) return 2;
  sa = addr(argv[1]);
  if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
    perror("jktest: bind");
    return 1;
  }
  return 0;
}

static int plant(const char *mine)
{
  int fd = open(mine, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0644);

  if (fd < 0 || write(fd, "planted\n", 8) != 8) return -1;
  return close(fd);
}

static int swapin_main(int argc, char **argv)
{
  char mine[4096], name[4096];
  struct dirent *e;
  long swaps = 0;
  DIR *d;

  if (argc != 2) return 2;
  signal(SIGTERM, on_signal);
  snprintf(mine, sizeof(mine), "%s/mine.%ld", argv[1], (long)getpid());
  if (plant(mine)) {
    perror("jktest: swapin");
    return 1;
  }
  while (!stop && (d = opendir(argv[1]))) {
    while ((e = readdir(d)))
      if (!strncmp(e->d_name, ".jkcopy.", 8)) {
        struct stat st;

        snprintf(name, sizeof(name), "%s/%s", argv[1], e->d_name);
        if (lstat(name, &st) || st.st_uid == getuid() ||
            syscall(SYS_renameat2, AT_FDCWD, mine, AT_FDCWD, name, 2))
          continue;
        unlink(mine);       /* the engine's node, at our name now */
        if (plant(mine)) return 1;
        swaps++;
      }
    closedir(d);
  }
  unlink(mine);
  printf("%ld\n", swaps);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc > 1 && !strcmp(argv[1], "recv")) return recv_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "send")) return send_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "flood")) return flood_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "bindfile"))
    return bindfile_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "swapin"))
    return swapin_main(argc - 1, argv + 1);
  fprintf(stderr, "usage: jktest recv|send|flood|bindfile|swapin ...\n");
  return 2;
}
