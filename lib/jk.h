/* jk.h: the one header applets include. */
#ifndef JK_H
#define JK_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>

/* applet table flags (see applets/jailkit.c) */
#define AF_SUID 1   /* keeps elevated ids: lives in jailkit-suid */
#define AF_ROOT 2   /* refuses to run unless the real uid is 0 */
#define AF_SBIN 4   /* installed in PREFIX/sbin */
#define AF_BIN  8   /* installed in PREFIX/bin */
#define AF_STATUS_FIVE 16 /* AF_ROOT refusal: 2.23's status 5 (jk_cp) */

/* in applets/jailkit.c: print the running applet's --help text */
void applet_help(void);

#define JK_VERSION "0.1"
#ifndef JK_ETC
#define JK_ETC "/etc/jailkit"
#endif

#include "sys.h"
#include "xfuncs.h"
#include "log.h"
#include "privs.h"
#include "ini.h"
#include "passwd.h"
#include "pwfile.h"
#include "jailuser.h"
#include "safepath.h"
#include "jail.h"
#include "suid.h"
#include "words.h"
#include "jkelf.h"
#include "json.h"
#include "dirs.h"

#endif
