/* privs: dropping privilege, capabilities, process hygiene */
#ifndef PRIVS_H
#define PRIVS_H
#include <sys/types.h>
#include <stdint.h>

int drop_setuid(void);
int drop_to(uid_t uid, gid_t gid, uint64_t keep_caps);
int caps_get(uint64_t *effective, uint64_t *permitted);
int caps_raise(uint64_t caps);
int caps_lower(void);
int caps_bound_all(uint64_t keep);
void close_from(int lowfd);
void stdio_guard(void);
/* ids_elevated: effective or saved uid or gid not the real one (or the
 * ids cannot be read): the dispatcher then drops to the real ids */
int ids_elevated(void);
#endif
