/* fuzz_passwd: the passwd and group line parsers, and the line reader of
 * the lookups fed the same bytes as a file (an unnamed O_TMPFILE, reached
 * through /proc/self/fd); gr_login against the two calls it stands for.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include "jk.h"

/* A parsed entry's strings must lie inside the line. */
static void inside(const char *s, const char *line, size_t n)
{
  if (s < line || s > line + n || s + strlen(s) > line + n) abort();
}

static void parse_lines(const uint8_t *data, size_t size)
{
  char *line = malloc(size + 1);
  struct pw_ent pw;
  struct gr_ent gr;

  if (!line) return;
  memcpy(line, data, size);
  line[size] = 0;
  if (!pw_parse_line(line, &pw)) {
    inside(pw.name, line, size);
    inside(pw.shell, line, size);
    if (!*pw.name || pw.uid == (uid_t)-1 || pw.gid == (gid_t)-1) abort();
  }
  memcpy(line, data, size);
  line[size] = 0;
  if (!gr_parse_line(line, &gr)) {
    inside(gr.members, line, size);
    if (!*gr.name || gr.gid == (gid_t)-1) abort();
    gr_has_member(&gr, "root");
  }
  free(line);
}

/* gr_login must give what gr_bygid and gr_groups give apart */
static void login(const char *path)
{
  static char buf[PW_LINE_MAX], buf2[PW_LINE_MAX];
  gid_t list[8], list2[8];
  struct gr_ent gr, gr2;
  int r, r2, e, n, n2;

  errno = 0;
  r = gr_login(path, 0, &gr, buf, sizeof(buf), "root", list, 8, &n);
  e = errno;
  errno = 0;
  r2 = gr_bygid(path, 0, &gr2, buf2, sizeof(buf2));
  if (r != r2 || (r < 0 && e != errno)) abort();
  if (r == 1 && (strcmp(gr.name, gr2.name) || gr.gid != gr2.gid ||
                 strcmp(gr.members, gr2.members)))
    abort();
  n2 = gr_groups(path, "root", 0, list2, 8);
  if (n2 < 0) n2 = -errno;
  if (n != n2 || (n > 0 && memcmp(list, list2, n * sizeof(*list))))
    abort();
}

/* The whole input as a file, read with a buffer sized by its first byte,
 * so short buffers and lines across read boundaries are covered. */
static void lookups(const uint8_t *data, size_t size)
{
  static int fd = -2;
  static char path[64];
  size_t len = size ? 1 + data[0] * 17 : 64;
  char *buf = malloc(len);
  struct pw_ent pw;
  struct gr_ent gr;

  if (fd == -2) {
    fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  }
  if (fd < 0 || !buf || ftruncate(fd, 0)
      || pwrite(fd, data, size, 0) != (ssize_t)size) {
    free(buf);
    return;
  }
  if (pw_byname(path, "root", &pw, buf, len) == 1) inside(pw.dir, buf, len);
  /* keys of 1, 8 and 11 bytes: the search compares 4, 8 and 8+ at once */
  if (pw_byname(path, "r", &pw, buf, len) == 1) inside(pw.shell, buf, len);
  if (pw_byname(path, "rootroot", &pw, buf, len) == 1)
    inside(pw.shell, buf, len);
  if (pw_byname(path, "nobody-user", &pw, buf, len) == 1)
    inside(pw.shell, buf, len);
  pw_byuid(path, 0, &pw, buf, len);
  pw_byuid(path, 1002, &pw, buf, len);
  if (gr_byname(path, "root", &gr, buf, len) == 1)
    inside(gr.members, buf, len);
  gr_bygid(path, 0, &gr, buf, len);
  free(buf);
  login(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  parse_lines(data, size);
  lookups(data, size);
  return 0;
}
