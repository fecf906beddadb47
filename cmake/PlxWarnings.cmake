# Warning and sanitizer flags shared by every target in the tree.
add_library(plx_build_flags INTERFACE)
target_compile_options(plx_build_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>
  $<$<BOOL:${PLX_WERROR}>:-Werror>)
if(PLX_SANITIZE)
  target_compile_options(plx_build_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(plx_build_flags INTERFACE -fsanitize=address,undefined)
endif()
install(TARGETS plx_build_flags EXPORT parallaxTargets)
