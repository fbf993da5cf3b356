#!/usr/bin/env bash
# Builds DJL 0.36.0's PyTorch JNI against the libtorch of the machine it runs on (the GPU host), with two
# changes: the JNI maps DJL's BFLOAT16 type (DataType ordinal 11) to torch::kBFloat16 and back (DJL 0.36's
# own JNI maps no bfloat16 type: a cast to it aborts the JVM, so `--precision bf16` needs this build;
# hemamet recognises it by the marker string "hemamet-jni-bfloat16" in the loaded library), and it carries
# hemamet's multi-tensor Adam entry (scripts/gpu/hemamet_fused_adam.cc, org.hemamet.model.FusedAdam).
#
#   bash scripts/gpu/build-jni.sh JNI_SRC JDK_INCLUDE OUT_SO
#
# JNI_SRC: DJL's sources (../shared/gpu/jni-src: api/src/main/native, engines/pytorch/pytorch-native);
# JDK_INCLUDE: a JDK's include directory (jni.h, linux/jni_md.h); OUT_SO: where the library goes.
# Needs cmake, a C++17 compiler and python3 with torch (for its CMake prefix). About 30 s on 16 cores.
set -euo pipefail
src=$(realpath "$1"); jdk_include=$(realpath "$2"); out=$(realpath -m "$3")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
cp -r "$src"/. "$work"/
native="$work/engines/pytorch/pytorch-native"
cp "$here/hemamet_fused_adam.cc" "$native/src/main/native/"
python3 - "$native/src/main/native" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
cm = d.parents[2] / "CMakeLists.txt"
t = cm.read_text()
anchor = '    "src/main/native/ai_djl_pytorch_jni_cache.cc")'
assert anchor in t, "CMakeLists SOURCE_FILES changed"
cm.write_text(t.replace(anchor, '    "src/main/native/ai_djl_pytorch_jni_cache.cc"\n    "src/main/native/hemamet_fused_adam.cc")', 1))
u = d / "djl_pytorch_utils.h"
s = u.read_text()
a = "  } else if (torch::kComplexFloat == type) {\n    return 8;\n"
assert a in s, "GetDTypeFromScalarType changed"
s = s.replace(a, a + "  } else if (torch::kBFloat16 == type) {\n    return 11;\n", 1)
b = "    case 8:\n      return torch::kComplexFloat;\n"
assert b in s, "GetScalarTypeFromDType changed"
s = s.replace(b, b + "    case 11:\n      return torch::kBFloat16;\n", 1)
u.write_text(s)
c = d / "ai_djl_pytorch_jni_cache.cc"
c.write_text(c.read_text() + '\nextern "C" __attribute__((used, visibility("default"))) const char '
             'hemamet_jni_marker[] = "hemamet-jni-bfloat16";\n')
PY
mkdir -p "$native/build"
cd "$native/build"
prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
cmake -DCMAKE_PREFIX_PATH="$prefix" -DJAVA_INCLUDE_PATH="$jdk_include" -DJAVA_INCLUDE_PATH2="$jdk_include/linux" \
  -DJAVA_JVM_LIBRARY=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_AWT_INCLUDE_PATH=NotNeeded \
  -DCMAKE_CXX_FLAGS="-I$jdk_include -I$jdk_include/linux" -DCMAKE_BUILD_TYPE=Release .. > "$work/cmake.log" 2>&1 || { tail -30 "$work/cmake.log"; exit 1; }
cmake --build . -j"$(nproc)" > "$work/build.log" 2>&1 || { grep -m20 -i error "$work/build.log"; exit 1; }
cp libdjl_torch.so "$out"
grep -c hemamet-jni-bfloat16 "$out" >/dev/null
echo "built $out"
