/* fuzz_elf: elf_parse on the input, every string it returns checked to
 * lie NUL-terminated inside the input; then elf_expand_origin on the
 * RPATH and RUNPATH it found (or on the input as a string) into a buffer
 * sized by the input, checked to be terminated within it.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include "jk.h"

static const uint8_t *base;
static size_t base_len;

/* a returned string is NUL-terminated inside the input */
static void check_str(const char *s)
{
  const uint8_t *p = (const uint8_t *)s;

  if (!s) return;
  if (p < base || p >= base + base_len) abort();
  if (!memchr(p, 0, base + base_len - p)) abort();
}

static void expand(const char *entry, size_t outlen)
{
  char out[512];
  int r;

  if (outlen > sizeof(out)) outlen = sizeof(out);
  r = elf_expand_origin(entry, "/origin/dir", "lib64", "x86_64", out, outlen);
  if (r == 0 && strlen(out) >= outlen) abort();
  if (r && r != -1) abort();      /* every token had a value */
  if (r && outlen && *out) abort();    /* no truncated result left */
  r = elf_expand_origin(entry, "/o", "lib", 0, out, outlen);
  if (r == 0 && strlen(out) >= outlen) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct elf_info info;
  size_t outlen = size ? data[size - 1] * 2 : 64;
  char *s;
  int i, r;

  base = data;
  base_len = size;
  r = elf_parse(data, size, &info);
  if (r) {
    if (!info.err || r < ELF_ERR_UNSUP) abort();
  } else {
    if (info.bits != 32 && info.bits != 64) abort();
    if (info.nneeded < 0 || info.nneeded > ELF_MAX_NEEDED) abort();
    if (info.is_static && info.interp) abort();
    check_str(info.interp);
    check_str(info.soname);
    check_str(info.rpath);
    check_str(info.runpath);
    for (i = 0; i < info.nneeded; i++) check_str(info.needed[i]);
    if (info.rpath) expand(info.rpath, outlen);
    if (info.runpath) expand(info.runpath, outlen);
  }
  /* the input itself as an rpath entry: the substitutions on any text */
  if ((s = malloc(size + 1))) {
    memcpy(s, data, size);
    s[size] = 0;
    expand(s, outlen);
    free(s);
  }
  return 0;
}
