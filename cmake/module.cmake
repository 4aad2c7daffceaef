# bangfu_module(NAME [DEPS mod...] [LIBS target...] [PRIVATE_LIBS target...])
#
# One static library per module: public headers in src/NAME/include/bangfu/NAME/,
# sources in src/NAME/src/. A module sees only the headers of the modules it links,
# and may link only modules that sit below it in the layering of DESIGN.md.
# Unit tests in tests/NAME/*_test.cc become the executable bangfu_NAME_tests.
set(BANGFU_LAYERS base domain match policy casework service store http cli main)

function(bangfu_module name)
  cmake_parse_arguments(M "" "" "DEPS;LIBS;PRIVATE_LIBS" ${ARGN})
  list(FIND BANGFU_LAYERS ${name} self_index)
  if(self_index EQUAL -1)
    message(FATAL_ERROR "module ${name} is not in BANGFU_LAYERS")
  endif()
  foreach(dep IN LISTS M_DEPS)
    list(FIND BANGFU_LAYERS ${dep} dep_index)
    if(dep_index EQUAL -1 OR NOT dep_index LESS self_index)
      message(FATAL_ERROR "module ${name} may not depend on ${dep} (layering, DESIGN.md)")
    endif()
  endforeach()
  set(dep_targets)
  foreach(dep IN LISTS M_DEPS)
    list(APPEND dep_targets bangfu_${dep})
  endforeach()

  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cc)
  if(srcs)
    add_library(bangfu_${name} STATIC ${srcs})
    target_include_directories(bangfu_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                              PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(bangfu_${name} PUBLIC ${dep_targets} ${M_LIBS} PRIVATE ${M_PRIVATE_LIBS})
  else()
    add_library(bangfu_${name} INTERFACE)
    target_include_directories(bangfu_${name} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(bangfu_${name} INTERFACE ${dep_targets} ${M_LIBS})
  endif()

  set(test_dir ${CMAKE_SOURCE_DIR}/tests/${name})
  if(BANGFU_TESTS AND EXISTS ${test_dir})
    file(GLOB_RECURSE tests CONFIGURE_DEPENDS ${test_dir}/*_test.cc)
    if(tests)
      add_executable(bangfu_${name}_tests ${tests})
      # Tests may reach the module's private headers.
      target_include_directories(bangfu_${name}_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src ${test_dir})
      target_link_libraries(bangfu_${name}_tests PRIVATE bangfu_${name} ${M_PRIVATE_LIBS}
                            GTest::gtest GTest::gmock GTest::gtest_main)
      target_compile_definitions(bangfu_${name}_tests PRIVATE
        BANGFU_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
      gtest_discover_tests(bangfu_${name}_tests DISCOVERY_MODE PRE_TEST
                           PROPERTIES LABELS "unit;${name}")
    endif()
  endif()
endfunction()
