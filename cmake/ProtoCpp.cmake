# chancery_proto_sources(TARGET ROOT <dir> PROTOS <paths relative to ROOT>...
#                        [GRPC <paths relative to ROOT>...] [GRPC_TARGET <target>]
#                        IMPORT_DIRS <dirs>...)
#
# Runs protoc (and the gRPC C++ plugin for the GRPC list) on each proto,
# writing <binary dir>/<path>.pb.{h,cc} so generated includes keep the proto's
# own path, and adds the sources to TARGET; the gRPC stubs go to GRPC_TARGET
# when given (so that code which needs the messages alone links no gRPC). Written out because CMake 3.25's
# protobuf_generate derives output paths from the source folder, which breaks
# for protos that live outside it (the npm google-proto-files package).
function(chancery_proto_sources target)
  cmake_parse_arguments(ARG "" "ROOT;GRPC_TARGET" "PROTOS;GRPC;IMPORT_DIRS" ${ARGN})
  if(NOT ARG_GRPC_TARGET)
    set(ARG_GRPC_TARGET ${target})
  endif()
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR})
  set(include_flags)
  foreach(dir ${ARG_ROOT} ${ARG_IMPORT_DIRS})
    list(APPEND include_flags -I ${dir})
  endforeach()
  foreach(rel ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" base ${rel})
    set(messages ${out_dir}/${base}.pb.h ${out_dir}/${base}.pb.cc)
    set(stubs)
    set(flags --cpp_out=${out_dir})
    if(rel IN_LIST ARG_GRPC)
      set(stubs ${out_dir}/${base}.grpc.pb.h ${out_dir}/${base}.grpc.pb.cc)
      list(APPEND flags --grpc_out=${out_dir}
           --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${messages} ${stubs}
      COMMAND protobuf::protoc ${flags} ${include_flags} ${ARG_ROOT}/${rel}
      DEPENDS ${ARG_ROOT}/${rel} protobuf::protoc
      COMMENT "protoc ${rel}"
      VERBATIM)
    target_sources(${target} PRIVATE ${messages})
    if(stubs)
      target_sources(${ARG_GRPC_TARGET} PRIVATE ${stubs})
    endif()
  endforeach()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${out_dir}>)
endfunction()
