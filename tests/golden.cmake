# Program-level tests, registered with ctest (included by tests/CMakeLists.txt).
#
#   label     tests
#   golden    tests/golden/<area>/NAME.csp: run with GOMAXPROCS=1 and 4, and
#             `csp check` (see tests/run_golden.py for the file format)
#   examples  examples/NAME.csp: run, and `csp check`
#   fuzz      tests/fuzz_check.py: golden programs and 2,000 mutations of
#             them through `csp check`, in shards so ctest -j spreads them
#   dumps     NAME.tokens / NAME.ast beside a golden NAME.csp: `csp tokens`
#             and `csp ast` must print them (tests/run_dump.py; --update
#             rewrites them after an intended front-end change)
#   cli       tests/unit/cli/cli_test.py: the command line's behaviour
#   repl      tests/repl/repl_test.py: `csp repl` sessions (pipe and pty)
#
# Run one group with `ctest -L golden`, one test with `ctest -R 'maps/basic'`.
# New .csp files are picked up at the next build (CONFIGURE_DEPENDS).
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(CSP_RUN_GOLDEN ${CMAKE_CURRENT_SOURCE_DIR}/run_golden.py)
set(CSP_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden)
set(CSP_EXAMPLES_DIR ${CMAKE_SOURCE_DIR}/examples)

# csp_add_program_test(NAME FILE LABEL PROCS...): one run per PROCS value
# plus one `csp check`.
function(csp_add_program_test name file label)
  foreach(p ${ARGN})
    add_test(NAME "${name} procs=${p}"
      COMMAND Python3::Interpreter ${CSP_RUN_GOLDEN} --csp $<TARGET_FILE:csp>
              --procs ${p} ${file})
    set_tests_properties("${name} procs=${p}" PROPERTIES LABELS ${label} TIMEOUT 60)
  endforeach()
  add_test(NAME "${name} check"
    COMMAND Python3::Interpreter ${CSP_RUN_GOLDEN} --csp $<TARGET_FILE:csp>
            --check ${file})
  set_tests_properties("${name} check" PROPERTIES LABELS "${label};check" TIMEOUT 30)
endfunction()

file(GLOB_RECURSE CSP_GOLDEN_TESTS CONFIGURE_DEPENDS ${CSP_GOLDEN_DIR}/*.csp)
list(SORT CSP_GOLDEN_TESTS)
foreach(file ${CSP_GOLDEN_TESTS})
  file(RELATIVE_PATH rel ${CSP_GOLDEN_DIR} ${file})
  string(REGEX REPLACE "\\.csp$" "" rel ${rel})
  csp_add_program_test("golden/${rel}" ${file} golden 1 4)
  string(REGEX REPLACE "\\.csp$" "" base ${file})
  foreach(kind tokens ast)
    if(EXISTS ${base}.${kind})
      add_test(NAME "golden/${rel} ${kind} dump"
        COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/run_dump.py
                --csp $<TARGET_FILE:csp> --kind ${kind} ${file})
      set_tests_properties("golden/${rel} ${kind} dump" PROPERTIES
        LABELS "golden;dumps" TIMEOUT 30)
    endif()
  endforeach()
endforeach()

file(GLOB CSP_EXAMPLES CONFIGURE_DEPENDS ${CSP_EXAMPLES_DIR}/*.csp)
list(SORT CSP_EXAMPLES)
foreach(file ${CSP_EXAMPLES})
  get_filename_component(name ${file} NAME_WE)
  csp_add_program_test("examples/${name}" ${file} examples 1)
endforeach()

# 2,000 mutations in 4 shards (inputs numbered i mod 4), plus the sources.
set(CSP_FUZZ_SHARDS 4)
math(EXPR last "${CSP_FUZZ_SHARDS} - 1")
foreach(i RANGE ${last})
  add_test(NAME "fuzz/check shard ${i}"
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_check.py
            --csp $<TARGET_FILE:csp> --count 2000 --seed 1
            --shard ${i} --shards ${CSP_FUZZ_SHARDS}
            --keep ${CMAKE_BINARY_DIR}/fuzz-failures
            ${CSP_GOLDEN_DIR} ${CSP_EXAMPLES_DIR})
  set_tests_properties("fuzz/check shard ${i}" PROPERTIES LABELS fuzz TIMEOUT 600)
endforeach()

add_test(NAME "cli/command line"
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/unit/cli/cli_test.py
          --csp $<TARGET_FILE:csp>)
set_tests_properties("cli/command line" PROPERTIES LABELS "cli;unit" TIMEOUT 120)

# `csp repl`: scripted sessions through a pipe (tests/repl/NAME.in/.out) and
# sessions through a pseudo-terminal (editing, Ctrl-C, background output).
add_test(NAME "repl/sessions"
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/repl/repl_test.py
          --csp $<TARGET_FILE:csp>)
set_tests_properties("repl/sessions" PROPERTIES LABELS "repl;cli" TIMEOUT 180)
