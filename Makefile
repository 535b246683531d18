# A thin layer over CMake + Ninja. The first two targets are the README's.
#   make demo   install what is missing, build, run the showcase example
#   make test   install what is missing, build, run every test (ctest)
#   make golden-go   check tests/golden and examples/ against Go itself
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
NINJA_FLAGS ?= -j$(JOBS)

.PHONY: demo test build deps configure tsan clean golden-go

demo: build
	$(BUILD)/csp run examples/showcase.csp

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

build: deps configure
	ninja -C $(BUILD) $(NINJA_FLAGS)

configure: deps
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja \
	  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 $(CMAKE_FLAGS)

deps:
	@tools/install-deps.sh

# ThreadSanitizer: the runtime's unit tests and the goroutine areas'
# golden programs (label tsan; see tests/CMakeLists.txt), in build-tsan.
# clang-19's TSan runtime is in libclang-rt-19-dev.
tsan: deps
	@dpkg -s libclang-rt-19-dev >/dev/null 2>&1 || { \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  $$SUDO apt-get install -y --no-install-recommends libclang-rt-19-dev; }
	cmake -S . -B build-tsan -G Ninja -DCMAKE_C_COMPILER=clang-19 \
	  -DCMAKE_CXX_COMPILER=clang++-19 -DCSP_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	ninja -C build-tsan $(NINJA_FLAGS)
	cd build-tsan && ctest --output-on-failure -L tsan -j$(JOBS)

# The expected outputs of the golden tests come from Go: this re-checks them
# with Debian's golang-go (tests/golden/go119-skip.txt: Go 1.22 features).
golden-go:
	../shared/conformance/run --csp ../shared/conformance/go-as-csp \
	  --skip tests/golden/go119-skip.txt tests/golden examples

clean:
	rm -rf $(BUILD) build-tsan
