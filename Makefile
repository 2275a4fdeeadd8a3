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

check: deps
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
	rm -rf $(BUILD)

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c
