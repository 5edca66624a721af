/* privs.c: privilege only ever goes down, and each step is verified. */
#include "jk.h"
#include <grp.h>
#include <sys/syscall.h>
#include <linux/capability.h>

/* Do the effective or saved ids differ from the real ones? Two calls,
 * where geteuid, getuid, getegid and getgid were four. */
int ids_elevated(void)
{
  uid_t r, e, s;
  gid_t rg, eg, sg;

  if (getresuid(&r, &e, &s) || getresgid(&rg, &eg, &sg)) return 1;
  return e != r || s != r || eg != rg || sg != rg;
}

/* The dispatcher's drop for applets without AF_SUID: back to the real ids
 * for good. Returns 0, or -1 if the drop could not be made or verified. */
int drop_setuid(void)
{
  uid_t ruid = getuid();
  gid_t rgid = getgid();

  if (setresgid(rgid, rgid, rgid) || setresuid(ruid, ruid, ruid)) return -1;
  if (ruid && !setuid(0)) return -1;
  if (geteuid() != ruid || getegid() != rgid) return -1;
  return 0;
}

static int caps_set(uint64_t eff, uint64_t perm)
{
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];

  memset(d, 0, sizeof(d));
  d[0].effective = (uint32_t)eff;
  d[1].effective = (uint32_t)(eff >> 32);
  d[0].permitted = (uint32_t)perm;
  d[1].permitted = (uint32_t)(perm >> 32);
  return syscall(SYS_capset, &h, d);
}

static int caps_read(uint64_t *eff, uint64_t *perm, uint64_t *inh)
{
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];

  if (syscall(SYS_capget, &h, d)) return -1;
  *eff = d[0].effective | (uint64_t)d[1].effective << 32;
  *perm = d[0].permitted | (uint64_t)d[1].permitted << 32;
  *inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
  return 0;
}

int caps_get(uint64_t *eff, uint64_t *perm)
{
  uint64_t inh;

  return caps_read(eff, perm, &inh);
}

/* make permitted capabilities effective for one operation */
int caps_raise(uint64_t caps)
{
  uint64_t eff, perm;

  if (caps_get(&eff, &perm)) return -1;
  return caps_set(caps & perm, perm);
}

int caps_lower(void)
{
  uint64_t eff, perm;

  if (caps_get(&eff, &perm)) return -1;
  return caps_set(0, perm);
}

/* Drop every capability from the bounding set except those in keep, so
 * that no later exec of anything can give them back. Needs CAP_SETPCAP. */
int caps_bound_all(uint64_t keep)
{
  int cap;

  for (cap = 0; cap < 64; cap++) {
    if (keep & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL) return -1;
  }
  return 0;
}

/* Become uid:gid with no supplementary groups, keeping only keep_caps in
 * the permitted set (none effective, none inheritable). Verified
 * afterwards: the ids are all set, root cannot be regained and no other
 * capability is held. */
int drop_to(uid_t uid, gid_t gid, uint64_t keep_caps)
{
  uid_t r, e, s;
  uint64_t eff, perm, inh;

  if (setgroups(0, NULL)) return -1;
  if (keep_caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)) return -1;
  if (setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) return -1;
  if (keep_caps && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)) return -1;
  /* The uid change empties the permitted set but not the inheritable one,
   * and an exec of a file with inheritable file capabilities would make
   * those permitted again: clear it too. (Staying root with no kept
   * capability is not a drop: the check below refuses it.) */
  if ((uid || keep_caps) && caps_set(0, keep_caps)) return -1;
  if (getresuid(&r, &e, &s) || r != uid || e != uid || s != uid) return -1;
  if (getgid() != gid || getegid() != gid || getgroups(0, NULL) != 0)
    return -1;
  if (uid && !setuid(0)) return -1;
  if (caps_read(&eff, &perm, &inh) || eff || inh || (perm & ~keep_caps))
    return -1;
  return 0;
}

/* close every descriptor from lowfd up */
void close_from(int lowfd)
{
  struct rlimit rl;
  long fd, max = 1024;

#ifdef SYS_close_range
  if (!syscall(SYS_close_range, lowfd, ~0U, 0)) return;
#endif
  if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY)
    max = rl.rlim_cur;
  for (fd = lowfd; fd < max; fd++) close(fd);
}

/* Make sure 0, 1 and 2 are open, so nothing we open later becomes one.
 * /dev/null is needed only for a closed one: a jail may not have it. */
void stdio_guard(void)
{
  struct pollfd p[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };
  int fd, r;

  /* one call for the three (POLLNVAL: closed), as musl does for a
   * setuid program, where three fcntl() were three. POLLNVAL is also
   * an open O_PATH fd, and poll fails below 3 fds (RLIMIT_NOFILE): then
   * fcntl() says whether it is closed. */
  r = poll(p, 3, 0);
  for (fd = 0; fd <= 2; fd++)
    if ((r < 0 || (p[fd].revents & POLLNVAL)) && fcntl(fd, F_GETFD) < 0 &&
        open("/dev/null", O_RDWR) != fd)
      _exit(10);
}
