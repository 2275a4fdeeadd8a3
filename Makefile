# Thin wrapper over CMake: the two commands of the README and the usual ones.
PREFIX ?= /usr/local
BUILD  ?= build
JOBS   ?= $(shell nproc)
# Tests run one more at a time than there are cores: a third of their time is spent
# waiting (servers starting, PostgreSQL clusters, the browser, sleeps), so with -j2 the
# two cores stood idle a third of make check (33 CPU-minutes in 26 minutes).
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
# The tests' temporary files, their SQLite books and the shared PostgreSQL cluster (tests/pg/shared)
# go to a tmpfs when there is one with 4 GiB free: on ext4, creating and removing the files of
# thousands of books and databases (PostgreSQL's inode allocation above all) was a tenth of the
# machine's CPU during make check. Elsewhere, /tmp as before.
CHECK_TMPDIR ?= $(shell d=/dev/shm; if [ -d $$d ] && [ -w $$d ] && \
	[ "$$(df -Pk $$d | awk 'NR == 2 { print $$4 }')" -gt 4194304 ] && mkdir -p $$d/recoup-check; \
	then echo $$d/recoup-check; else echo $${TMPDIR:-/tmp}; fi)

.PHONY: all deps build check demo bench install clean format format-check fuzz fuzz-build fuzz-short fuzz-json

# The libFuzzer run over the CSV import (tests/fuzz): FUZZ_TIME seconds,
# memory bounded by FUZZ_RSS_MB, inputs up to FUZZ_MAX_LEN bytes (enough to
# pass the 64 KiB field limit). New inputs go to $(BUILD)-fuzz/corpus, never
# into the seed corpus of the source tree.
FUZZ_TIME    ?= 600
FUZZ_RSS_MB  ?= 1024
FUZZ_MAX_LEN ?= 131072
FUZZ_FLAGS    = -max_total_time=$(1) -rss_limit_mb=$(FUZZ_RSS_MB) -max_len=$(FUZZ_MAX_LEN) -timeout=60 \
		-print_final_stats=1

all: build

deps:
	@scripts/install-deps

build:
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Every unit, app and store test and every scenario on SQLite in both the release build
# and under AddressSanitizer and UBSan (leaks included), so memory errors fail the check
# rather than hide; each PostgreSQL scenario variant in one of the two (labels asan-only
# and release-only: CMakeLists.txt says which and why).
check: deps format-check
	@cmake -S . -B $(BUILD)-asan -DRECOUP_WERROR=ON -DRECOUP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	@cd $(BUILD)-asan && TMPDIR=$(CHECK_TMPDIR) ctest --output-on-failure -j $(TEST_JOBS) -LE release-only
	@$(MAKE) --no-print-directory fuzz-short
	@cmake -S . -B $(BUILD) -DRECOUP_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && TMPDIR=$(CHECK_TMPDIR) ctest --output-on-failure -j $(TEST_JOBS) -LE asan-only

# Configured only here, after deps has installed clang: a machine without
# clang yet still runs `make build` and the CMake trees above.
fuzz-build:
	@CC=clang cmake -S . -B $(BUILD)-fuzz -DRECOUP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_csv_import fuzz_json_body fuzz_csv_upload

# The fuzz ctests (CMakeLists.txt, RECOUP_FUZZ_TARGETS) in make check: the CSV
# import 30 s, the JSON bodies 12 s, the CSV upload 16 s, side by side (make fuzz runs them
# FUZZ_TIME each, 600 s by default); any crash, sanitizer report or leak fails it.
fuzz-short: fuzz-build
	@cd $(BUILD)-fuzz && ctest -L fuzz -j $(JOBS) --output-on-failure

# The server's JSON request bodies (tests/fuzz/fuzz_json_body.c), FUZZ_TIME seconds.
fuzz-json: deps
	@CC=clang cmake -S . -B $(BUILD)-fuzz -DRECOUP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_json_body
	@mkdir -p $(BUILD)-fuzz/corpus-json
	@$(BUILD)-fuzz/fuzz_json_body $(call FUZZ_FLAGS,$(FUZZ_TIME)) $(BUILD)-fuzz/corpus-json tests/fuzz/corpus-json

# Each target FUZZ_TIME seconds, one after the other.
fuzz: deps fuzz-build
	@mkdir -p $(BUILD)-fuzz/corpus
	@$(BUILD)-fuzz/fuzz_csv_import $(call FUZZ_FLAGS,$(FUZZ_TIME)) $(BUILD)-fuzz/corpus tests/fuzz/corpus
	@mkdir -p $(BUILD)-fuzz/corpus-json
	@$(BUILD)-fuzz/fuzz_json_body $(call FUZZ_FLAGS,$(FUZZ_TIME)) $(BUILD)-fuzz/corpus-json tests/fuzz/corpus-json
	@mkdir -p $(BUILD)-fuzz/corpus-upload
	@$(BUILD)-fuzz/fuzz_csv_upload $(call FUZZ_FLAGS,$(FUZZ_TIME)) $(BUILD)-fuzz/corpus-upload tests/fuzz/corpus-upload \
		tests/fuzz/corpus

demo: deps build
	@scripts/demo

bench: deps build
	@bench/run

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz

# Every tracked C file (src, tests, bench) as the committed .clang-format
# lays it out; format-check fails make check first, before the long builds
# (the same check runs as the CTest test style/clang-format).
format:
	clang-format -i $$(git ls-files "*.c" "*.h")

format-check:
	@clang-format --dry-run --Werror $$(git ls-files "*.c" "*.h")
