/* sys.h: the file system calls of the login path (and of the jail walks
 * of jk_check and jk_update), made directly.
 *
 * Why: a login through jk_chrootsh makes ~45 openat, fstat, read and close
 * calls, and musl's wrappers cost 35-100 user instructions each (a
 * cancellation point, errno, and for fstat a copy of the kernel's stat
 * field by field): more than the checks around them. On x86_64 the
 * kernel's struct stat is libc's (musl and glibc alike), so the call
 * fills it as it is; these are ~6 instructions. Elsewhere (x32 too), and
 * under AddressSanitizer (its interceptors of the libc calls check the
 * buffers), they are libc's own functions.
 *
 * Same arguments and results as the libc calls: -1 with errno on failure.
 * Only for calls that need nothing of libc: not cancellable, nothing to
 * tell other threads (the applets have none), never O_CREAT (no mode). */
#ifndef SYS_H
#define SYS_H
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#if defined(__SANITIZE_ADDRESS__)
#define JK_LIBC_SYSCALLS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JK_LIBC_SYSCALLS 1
#endif
#endif

#if defined(__x86_64__) && !defined(__ILP32__) && !defined(JK_LIBC_SYSCALLS)
_Static_assert(sizeof(struct stat) == 144, "libc's struct stat is not the "
               "kernel's");

static inline long sys_call4(long n, long a, long b, long c, long d)
{
  register long r10 __asm__("r10") = d;
  unsigned long ret;

  __asm__ __volatile__ ("syscall" : "=a"(ret)
                        : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                        : "rcx", "r11", "memory");
  if (ret > -4096UL) return errno = -(long)ret, -1;
  return ret;
}

static inline int sys_openat(int dfd, const char *path, int flags)
{
  return sys_call4(SYS_openat, dfd, (long)path, flags, 0);
}

static inline int sys_close(int fd)
{
  /* Linux closes the fd even when it reports EINTR: done either way */
  if (sys_call4(SYS_close, fd, 0, 0, 0) && errno != EINTR) return -1;
  return 0;
}

static inline ssize_t sys_read(int fd, void *buf, size_t n)
{
  return sys_call4(SYS_read, fd, (long)buf, n, 0);
}

static inline int sys_fstat(int fd, struct stat *st)
{
  return sys_call4(SYS_fstat, fd, (long)st, 0, 0);
}

static inline int sys_fstatat(int dfd, const char *path, struct stat *st,
                              int flags)
{
  return sys_call4(SYS_newfstatat, dfd, (long)path, (long)st, flags);
}

static inline ssize_t sys_readlinkat(int dfd, const char *path, char *buf,
                                     size_t n)
{
  return sys_call4(SYS_readlinkat, dfd, (long)path, (long)buf, n);
}
#else
#define sys_openat openat
#define sys_close close
#define sys_read read
#define sys_fstat fstat
#define sys_fstatat fstatat
#define sys_readlinkat readlinkat
#endif
#endif
