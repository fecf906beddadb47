# plx_add_module(NAME <m> [DEPS plx::x ...] [LIBS <third-party> ...] [CONVERSION])
#   One folder, one target plx::<m>: public headers in <m>/include/plx/<m>/, sources in <m>/src/.
#   DEPS lists the project modules this one may use; tests/deps checks that includes agree.
function(plx_add_module)
  cmake_parse_arguments(M "CONVERSION" "NAME" "DEPS;LIBS;PRIVATE_LIBS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp")
  if(NOT srcs)
    message(STATUS "module ${M_NAME}: no sources yet, not built")
    return()
  endif()
  set(target plx_${M_NAME})
  add_library(${target} STATIC ${srcs})
  add_library(plx::${M_NAME} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${M_NAME} OUTPUT_NAME plx_${M_NAME}
                                             POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${M_DEPS} ${M_LIBS} PRIVATE ${M_PRIVATE_LIBS}
                        $<BUILD_INTERFACE:plx_build_flags>)
  # nlohmann/json dominates compile time on 2 cores; a precompiled header pays for itself.
  target_precompile_headers(${target} PRIVATE <nlohmann/json.hpp> <string> <vector> <variant>)
  if(M_CONVERSION)
    target_compile_options(${target} PRIVATE -Wconversion -Wsign-conversion)
  endif()
  set_property(GLOBAL APPEND PROPERTY PLX_MODULES ${M_NAME})
  set_property(GLOBAL PROPERTY PLX_DEPS_${M_NAME} "${M_DEPS}")
  install(TARGETS ${target} EXPORT parallaxTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# plx_add_test(NAME <t> SOURCES ... DEPS ...): one GoogleTest binary, one ctest entry.
function(plx_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_DEPS} plx_test_support GTest::gtest GTest::gmock
                        GTest::gtest_main plx_build_flags)
  target_compile_definitions(${T_NAME} PRIVATE PLX_VECTORS_DIR="${PLX_VECTORS_DIR}")
  target_precompile_headers(${T_NAME} PRIVATE <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp>)
  # Test files are many and small, and each pays for instantiating GoogleTest and nlohmann/json
  # templates again: compiling them a few at a time cuts the suite's build time on 2-core CI.
  if(PLX_UNITY_TESTS)
    set_target_properties(${T_NAME} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 4)
  endif()
  # One ctest entry per binary: the parameterised suites read their vector files when the
  # binary starts, so a process per case would pay for that a thousand times (ASan most of all).
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} --gtest_brief=1)
  set_tests_properties(${T_NAME} PROPERTIES LABELS unit TIMEOUT 1200)
endfunction()

function(plx_install_package)
  include(CMakePackageConfigHelpers)
  set(cfgdir ${CMAKE_INSTALL_LIBDIR}/cmake/parallax)
  install(EXPORT parallaxTargets NAMESPACE plx:: DESTINATION ${cfgdir})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/parallaxConfig.cmake.in
    ${PROJECT_BINARY_DIR}/parallaxConfig.cmake INSTALL_DESTINATION ${cfgdir})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/parallaxConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/parallaxConfig.cmake
                ${PROJECT_BINARY_DIR}/parallaxConfigVersion.cmake DESTINATION ${cfgdir})
endfunction()
