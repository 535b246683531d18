# A thin layer over CMake + Ninja. The first two targets are the README's.
#   make demo   install what is missing, build, run the showcase example
#   make test   install what is missing, build, run every test (ctest)
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: demo test build deps configure tsan clean

demo: build
	$(BUILD)/csp run examples/showcase.csp

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

build: deps configure
	ninja -C $(BUILD)

configure: deps
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja \
	  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 $(CMAKE_FLAGS)

deps:
	@tools/install-deps.sh

tsan: deps
	cmake -S . -B build-tsan -G Ninja -DCMAKE_C_COMPILER=clang-19 \
	  -DCMAKE_CXX_COMPILER=clang++-19 -DCSP_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	ninja -C build-tsan
	cd build-tsan && ctest --output-on-failure -L tsan -j$(JOBS)

clean:
	rm -rf $(BUILD) build-tsan
