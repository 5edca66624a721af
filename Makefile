# jailkit: one static multicall binary. See docs/design.md.
# Targets: all test test_NAME sanitize fuzz install demo bench list clean

include config.in

B := build
APPLETS := $(shell sed -n 's/^CONFIG_\(JK_[A-Z_]*\)=y/\1/p' config.in | tr A-Z a-z)
SUID_APPLETS := $(shell for a in $(APPLETS); do grep -l '^//applet:.*AF_SUID' applets/$$a.c; done 2>/dev/null | sed 's,applets/,,;s,\.c$$,,')
LIB_SRC := $(wildcard lib/*.c)
LIB_H := $(wildcard lib/*.h)

# musl-gcc unless the user chose a compiler; glibc fallback otherwise
ifeq ($(origin CC),default)
  ifneq ($(shell command -v musl-gcc 2>/dev/null),)
    CC := musl-gcc
  else
    CC := cc
    $(info note: musl-gcc not found (apt-get install musl-tools): glibc fallback build)
  endif
endif

# musl ships no kernel headers: a directory of symlinks to the system's
KINC := $(B)/kinc
ARCH_ASM := $(firstword $(wildcard /usr/include/$(shell uname -m)-linux-gnu/asm /usr/include/asm))

CFLAGS ?= -Os
CFLAGS += -std=c99 -D_GNU_SOURCE -Wall -Wextra -Werror -fno-common \
	-ffunction-sections -fdata-sections -fstack-protector-strong \
	-Ilib -I$(B) -isystem $(KINC)
LDFLAGS += -static -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,--fatal-warnings
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZTIME ?= 30

OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC) $(APPLETS:%=applets/%.c))
SUID_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC) $(SUID_APPLETS:%=applets/%.c))

all: $(B)/jailkit $(B)/jailkit-suid $(B)/jktest $(B)/libtest

$(KINC)/.ok:
	@mkdir -p $(KINC)
	ln -sfn /usr/include/linux $(KINC)/linux
	ln -sfn /usr/include/asm-generic $(KINC)/asm-generic
	ln -sfn $(ARCH_ASM) $(KINC)/asm
	@touch $@

$(B)/applets.h: config.in $(wildcard applets/jk_*.c) scripts/mkapplets.sh
	@mkdir -p $(B)
	sh scripts/mkapplets.sh $@

$(B)/%.o: %.c $(LIB_H) $(B)/applets.h $(KINC)/.ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# etc/jailkit/jk_init.ini as a C string: jk_init's built-in default
$(B)/jk_init_ini.h: etc/jailkit/jk_init.ini
	@mkdir -p $(B)
	{ echo 'static const char builtin_ini[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/?/\\?/g; s/^/  "/; s/$$/\\n"/' $<; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
$(B)/applets/jk_init.o $(B)/san/jailkit: $(B)/jk_init_ini.h

$(B)/applets/jailkit-suid.o: applets/jailkit.c $(LIB_H) $(B)/applets.h $(KINC)/.ok
	$(CC) $(CFLAGS) -DJK_SUID_ONLY -c $< -o $@

$(B)/jailkit: $(B)/applets/jailkit.o $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@.unstripped
	strip -o $@ $@.unstripped

$(B)/jailkit-suid: $(B)/applets/jailkit-suid.o $(SUID_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@.unstripped
	strip -o $@ $@.unstripped

# a static test tool (log receiver, sender, flooder) that also runs in jails
$(B)/jktest: tests/helpers/jktest.c $(KINC)/.ok
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# the lib modules' test driver (tests/lib_*.test)
$(B)/libtest: tests/helpers/libtest.c $(patsubst %.c,$(B)/%.o,$(LIB_SRC))
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@

# ASan+UBSan build with the system compiler and glibc, linked dynamically
SAN_CC ?= cc
$(B)/san/jailkit: applets/jailkit.c $(LIB_SRC) $(APPLETS:%=applets/%.c) $(LIB_H) $(B)/applets.h $(KINC)/.ok
	@mkdir -p $(B)/san
	$(SAN_CC) $(filter-out -Os,$(CFLAGS)) $(SANFLAGS) \
		$(filter %.c,$^) -o $@

$(B)/san/libtest: tests/helpers/libtest.c $(LIB_SRC) $(LIB_H) $(B)/applets.h $(KINC)/.ok
	@mkdir -p $(B)/san
	$(SAN_CC) $(filter-out -Os,$(CFLAGS)) $(SANFLAGS) $(filter %.c,$^) -o $@

deps:
	sh scripts/deps

test: deps all
	bash scripts/test.sh

test_%: all
	bash scripts/test.sh $(CURDIR)/tests/$*.test

sanitize: deps all $(B)/san/jailkit $(B)/san/libtest
	SAN=1 bash scripts/test.sh

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
$(B)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(LIB_H) $(B)/applets.h $(KINC)/.ok
	@mkdir -p $(B)/fuzz
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c99 -D_GNU_SOURCE \
		-Ilib -I$(B) -isystem $(KINC) $< $(LIB_SRC) -o $@

fuzz: $(FUZZ_TARGETS:%=$(B)/fuzz/%)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(B)/fuzz/corpus_$$t; \
	  seeds=; [ -d tests/fuzz/$$t ] && seeds=tests/fuzz/$$t; \
	  echo "fuzz: $$t for $(FUZZTIME)s"; \
	  $(B)/fuzz/$$t -max_total_time=$(FUZZTIME) -max_len=65536 \
	    -print_final_stats=1 $(B)/fuzz/corpus_$$t $$seeds 2>$(B)/fuzz/$$t.log \
	    || { tail -40 $(B)/fuzz/$$t.log; exit 1; }; \
	  grep -h 'stat::number_of_executed_units' $(B)/fuzz/$$t.log; \
	done

demo: deps all
	bash scripts/demo.sh

bench: all
	bash bench/socketd
	[ ! -f bench/login ] || bash bench/login
	[ ! -f bench/jail ] || bash bench/jail

PREFIX ?= /usr
DESTDIR ?=
install: all
	sh scripts/install.sh "$(DESTDIR)" "$(PREFIX)" $(B)

list:
	@echo $(APPLETS)

clean:
	rm -rf $(B)

.PHONY: all deps test sanitize fuzz demo bench install list clean
