# zkp tests that are not plain GoogleTest binaries, and what the plain ones need beyond the
# module's public headers (included from tests/CMakeLists.txt).

# The BBS tests drive ProofGen with the fixtures' mocked random scalars through the internal core
# header (zkp/src/bbs/core.hpp), which the public headers deliberately do not expose.
if(TARGET zkp_bbs_tests)
  target_include_directories(zkp_bbs_tests PRIVATE ${PROJECT_SOURCE_DIR}/zkp/src)
endif()

# Valgrind constant-time test (tests/ctime, as libsecp256k1's ctime_tests): secrets are marked
# undefined, and valgrind reports any branch or memory index that depends on them.
find_program(PLX_VALGRIND valgrind)
if(EXISTS ${PROJECT_SOURCE_DIR}/tests/ctime/ctime_bbs.cpp)
  add_executable(ctime_bbs ${PROJECT_SOURCE_DIR}/tests/ctime/ctime_bbs.cpp)
  target_include_directories(ctime_bbs PRIVATE ${PROJECT_SOURCE_DIR}/zkp/src)
  target_link_libraries(ctime_bbs PRIVATE plx::zkp plx::core plx_build_flags)
  if(PLX_VALGRIND AND NOT PLX_SANITIZE)
    add_test(NAME ctime_bbs
             COMMAND ${PLX_VALGRIND} --error-exitcode=42 --track-origins=yes $<TARGET_FILE:ctime_bbs>)
    set_tests_properties(ctime_bbs PROPERTIES LABELS ctime TIMEOUT 1800)
  endif()
endif()
