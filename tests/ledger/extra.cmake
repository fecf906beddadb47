# The crash test: a plain program (not GoogleTest) that SIGKILLs a block-producing child at
# random moments and checks recovery. LABEL crash, not unit: it forks and execs itself, which
# the sanitizer presets do not need to repeat.
add_executable(ledger_crash_test ${CMAKE_CURRENT_SOURCE_DIR}/ledger/crash_test.cpp)
target_link_libraries(ledger_crash_test PRIVATE plx::ledger plx_build_flags)
add_test(NAME ledger_crash_test COMMAND ledger_crash_test 100)
set_tests_properties(ledger_crash_test PROPERTIES LABELS crash TIMEOUT 300)
