# Installs a build into a scratch prefix and checks the tree a package would ship: exactly the
# binary, the desktop entry, the AppStream metainfo and the icon, under their freedesktop names,
# each naming the others correctly, the binary running and reporting the project's version.
#   cmake -DBUILD_DIR=<build> -DPREFIX=<scratch> -DVERSION=<x.y.z> -P checkinstall.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var BUILD_DIR PREFIX VERSION)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "${var} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
    message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()

set(app io.github.gather)
set(expected
    bin/gather
    share/applications/${app}.desktop
    share/icons/hicolor/scalable/apps/${app}.svg
    share/metainfo/${app}.metainfo.xml)
file(GLOB_RECURSE installed LIST_DIRECTORIES false RELATIVE "${PREFIX}" "${PREFIX}/*")
list(SORT installed)
if(NOT installed STREQUAL expected)
    message(FATAL_ERROR "installed tree differs\n  expected: ${expected}\n  got:      ${installed}")
endif()

execute_process(COMMAND "${PREFIX}/bin/gather" --version RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out STREQUAL "gather ${VERSION}\n")
    message(FATAL_ERROR "gather --version: exit ${rc}, said '${out}' '${err}', expected 'gather ${VERSION}'")
endif()

file(STRINGS "${PREFIX}/share/applications/${app}.desktop" desktop)
foreach(line "Exec=gather %U" "Icon=${app}" "Type=Application")
    if(NOT line IN_LIST desktop)
        message(FATAL_ERROR "${app}.desktop lacks '${line}'")
    endif()
endforeach()

file(READ "${PREFIX}/share/metainfo/${app}.metainfo.xml" metainfo)
foreach(part "<id>${app}</id>" "<launchable type=\"desktop-id\">${app}.desktop</launchable>"
             "<icon type=\"stock\">${app}</icon>" "<release version=\"${VERSION}\"" "<binary>gather</binary>")
    string(FIND "${metainfo}" "${part}" at)
    if(at LESS 0)
        message(FATAL_ERROR "${app}.metainfo.xml lacks ${part}")
    endif()
endforeach()

# The desktop's own validators, from Debian's desktop-file-utils and appstream (scripts/deps).
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate REQUIRED)
execute_process(COMMAND "${DESKTOP_FILE_VALIDATE}" "${PREFIX}/share/applications/${app}.desktop"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc OR NOT out STREQUAL "")
    message(FATAL_ERROR "desktop-file-validate:\n${out}")
endif()
find_program(APPSTREAMCLI appstreamcli REQUIRED)
execute_process(COMMAND "${APPSTREAMCLI}" validate --no-net --explain "${PREFIX}/share/metainfo/${app}.metainfo.xml"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc)
    message(FATAL_ERROR "appstreamcli validate:\n${out}")
endif()
message(STATUS "installed tree ok:\n${installed}")
