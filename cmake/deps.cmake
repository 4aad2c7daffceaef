# Third-party dependencies, all from Debian 12 packages (see README "Quick start").
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED)  # Beast, Asio: header-only
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)  # XLSX import (reading)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)    # XLSX import (sheet XML)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)

# SOCI 4.0.3 ships no CMake package config on Debian 12.
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIB soci_postgresql REQUIRED)
add_library(soci::soci INTERFACE IMPORTED)
target_include_directories(soci::soci INTERFACE /usr/include/soci ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci::soci INTERFACE ${SOCI_SQLITE3_LIB} ${SOCI_POSTGRESQL_LIB}
  ${SOCI_CORE_LIB} SQLite::SQLite3 ${PostgreSQL_LIBRARIES} ${CMAKE_DL_LIBS})

if(BANGFU_TESTS)
  find_package(GTest REQUIRED)
endif()
if(BANGFU_BENCH)
  find_package(benchmark REQUIRED)
endif()
