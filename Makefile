# Thin wrapper over CMake: the two commands of the README and the usual ones.
PREFIX ?= /usr/local
BUILD  ?= build
JOBS   ?= $(shell nproc)

.PHONY: all deps build check demo bench install clean format

all: build

deps:
	@scripts/install-deps

build:
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Every test twice: the release build, then under AddressSanitizer and UBSan
# (leaks included), so memory errors fail the check rather than hide.
check: deps
	@cmake -S . -B $(BUILD)-asan -DRECOUP_WERROR=ON -DRECOUP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	@cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)
	@cmake -S . -B $(BUILD) -DRECOUP_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps build
	@scripts/demo

bench: deps build
	@bench/run

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-asan

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c
