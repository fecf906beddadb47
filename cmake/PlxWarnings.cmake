# Warning and sanitizer flags shared by every target in the tree.
add_library(plx_build_flags INTERFACE)
target_compile_options(plx_build_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>
  $<$<BOOL:${PLX_WERROR}>:-Werror>)
# g++ 12 at -O2 reports std::string concatenation as out of bounds (GCC bugs 105329, 105651:
# false positives fixed in 13), and at -O3 (the bench preset) a memcmp of two byte vectors in
# std::lexicographical_compare as reading 2^63 bytes (stringop-overread). They drown the real
# warnings, so these checks wait for g++ 13.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(plx_build_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread -Wno-restrict>)
endif()
if(PLX_SANITIZE)
  target_compile_options(plx_build_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(plx_build_flags INTERFACE -fsanitize=address,undefined)
endif()
if(PLX_BUILD_FUZZ)
  # Coverage feedback from the libraries too, not just from the fuzz entry points.
  target_compile_options(plx_build_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()
install(TARGETS plx_build_flags EXPORT parallaxTargets)
