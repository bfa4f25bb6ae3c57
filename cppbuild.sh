#!/usr/bin/env bash
# Builds convnet4j's JNI library (org.convnet4j.fast.NativeKernels) for one platform, the javacpp-presets
# way: a thin wrapper around Maven with -Djavacpp.platform=<platform>.
#
#   bash cppbuild.sh [-platform <name>] [build|install|clean] [-- <extra mvn args>]
#
#   build    (default) compile + package every module (parent/pom.xml): target/convnet4j-<v>.jar (Java
#            only), target/convnet4j-<v>-<platform>.jar (the JNI library), and the other modules' jars;
#            the JNI library is also copied to native/cppbuild/<platform>/lib/
#   install  build, then install every module's artifacts (convnet4j with its <platform> classifier,
#            convnet4j-platform, -testkit, -viz, -cli, ...) into the local Maven repository
#   clean    mvn clean, and remove native/cppbuild/<platform>
#
# -platform defaults to the host (JavaCPP's names: linux-x86_64, linux-arm64, macosx-arm64, ...);
# `bash cppbuild.sh --host-platform` prints the host's name and exits.
# Tests are skipped (run them with `mvn test`); pass e.g. `-- -o` to forward flags to Maven.
# This script downloads nothing itself: everything comes through Maven's dependency resolution.
set -euo pipefail

cd "$(dirname "$0")"

# JavaCPP's platform names (org/bytedeco/javacpp/properties/*.properties).
KNOWN_PLATFORMS="android-arm android-arm64 android-x86 android-x86_64 ios-arm64 ios-x86_64 linux-armhf
linux-arm64 linux-ppc64le linux-x86 linux-x86_64 macosx-arm64 macosx-x86_64 windows-x86 windows-x86_64"
# Platforms whose build has been verified (a native/link/ linker script and a test run exist).
VERIFIED_PLATFORMS="linux-x86_64"

die() { echo "cppbuild.sh: error: $*" >&2; exit 1; }

host_platform() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=macosx ;;
        MINGW*|MSYS*|CYGWIN*) os=windows ;;
        *) die "unrecognized host OS '$(uname -s)'; pass -platform explicitly" ;;
    esac
    case "$(uname -m)" in
        x86_64|amd64) arch=x86_64 ;;
        aarch64|arm64) arch=arm64 ;;
        ppc64le) arch=ppc64le ;;
        armv7l|armhf) arch=armhf ;;
        i386|i486|i586|i686) arch=x86 ;;
        *) die "unrecognized host architecture '$(uname -m)'; pass -platform explicitly" ;;
    esac
    echo "$os-$arch"
}

contains() { local w; for w in $2; do [[ "$w" == "$1" ]] && return 0; done; return 1; }

PLATFORM=""
OPERATION=""
MVN_EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -platform) [[ $# -ge 2 ]] || die "-platform needs a value"; PLATFORM="$2"; shift 2 ;;
        -platform=*) PLATFORM="${1#-platform=}"; shift ;;
        build|install|clean) [[ -z "$OPERATION" ]] || die "more than one operation ('$OPERATION', '$1')"
            OPERATION="$1"; shift ;;
        --) shift; MVN_EXTRA=("$@"); break ;;
        --host-platform) host_platform; exit 0 ;;
        -h|-help|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (usage: bash cppbuild.sh [-platform <name>] [build|install|clean] [-- <mvn args>])" ;;
    esac
done
OPERATION="${OPERATION:-build}"
HOST="$(host_platform)"
PLATFORM="${PLATFORM:-$HOST}"

if ! contains "$PLATFORM" "$KNOWN_PLATFORMS"; then
    die "unknown platform '$PLATFORM'; JavaCPP platforms are: $(echo $KNOWN_PLATFORMS)"
fi
if [[ "$OPERATION" != clean ]]; then
    if [[ "$PLATFORM" != "$HOST" && "${CPPBUILD_ALLOW_CROSS:-0}" != 1 ]]; then
        die "platform '$PLATFORM' is not the host ('$HOST'): cross builds need a toolchain JavaCPP is configured for; set CPPBUILD_ALLOW_CROSS=1 to try anyway"
    fi
    if ! contains "$PLATFORM" "$VERIFIED_PLATFORMS"; then
        echo "cppbuild.sh: warning: '$PLATFORM' has never been built here (verified: $VERIFIED_PLATFORMS); native/link/ holds linker scripts for Linux only" >&2
    fi
fi

command -v "${MVN:-mvn}" >/dev/null || die "Maven ('${MVN:-mvn}') not found on PATH"
MVN=("${MVN:-mvn}" -B -Djavacpp.platform="$PLATFORM")

project_version() { grep -m1 -E '^  <version>' "$1" | sed -E 's|.*<version>([^<]+)</version>.*|\1|'; }
VERSION="$(project_version pom.xml)"
[[ -n "$VERSION" ]] || die "could not read the project version from pom.xml"
# every module repeats the version (and names it in its <parent>): they must all agree
for pom in */pom.xml; do
    v="$(project_version "$pom")"
    [[ "$v" == "$VERSION" ]] || die "version mismatch: pom.xml has $VERSION, $pom has '$v'"
    if grep -q '<parent>' "$pom"; then
        pv="$(grep -A3 '<parent>' "$pom" | grep -m1 '<version>' | sed -E 's|.*<version>([^<]+)</version>.*|\1|')"
        [[ "$pv" == "$VERSION" ]] || die "version mismatch: $pom names parent version '$pv', expected $VERSION"
    fi
done
REACTOR=(-f parent/pom.xml)

OUT_DIR="native/cppbuild/$PLATFORM"
LIB_SRC="target/classes/org/convnet4j/fast/$PLATFORM"

if [[ "$OPERATION" == clean ]]; then
    "${MVN[@]}" "${REACTOR[@]}" "${MVN_EXTRA[@]}" clean
    rm -rf "$OUT_DIR"
    exit 0
fi

echo "cppbuild.sh: $OPERATION convnet4j $VERSION for $PLATFORM"
if [[ "$OPERATION" == install ]]; then
    "${MVN[@]}" "${REACTOR[@]}" "${MVN_EXTRA[@]}" -DskipTests install
else
    "${MVN[@]}" "${REACTOR[@]}" "${MVN_EXTRA[@]}" -DskipTests package
fi

shopt -s nullglob
libs=("$LIB_SRC"/*.so "$LIB_SRC"/*.so.* "$LIB_SRC"/*.dylib "$LIB_SRC"/*.dll)
shopt -u nullglob
[[ ${#libs[@]} -gt 0 ]] || die "the build produced no native library in $LIB_SRC"

# A shipped binary must not carry paths of the build machine (rpaths, sources, caches).
if command -v strings >/dev/null; then
    for lib in "${libs[@]}"; do
        for p in "$PWD" "$HOME"; do
            if strings -a "$lib" | grep -qF "$p"; then
                die "$lib contains the build-machine path '$p'"
            fi
        done
    done
fi

mkdir -p "$OUT_DIR/lib"
for lib in "${libs[@]}"; do
    # copy then rename so a reader never sees half a library
    tmp="$OUT_DIR/lib/.$(basename "$lib").tmp.$$"
    cp "$lib" "$tmp" && mv -f "$tmp" "$OUT_DIR/lib/$(basename "$lib")"
done

for jar in "target/convnet4j-$VERSION.jar" "target/convnet4j-$VERSION-$PLATFORM.jar" "testkit/target/convnet4j-testkit-$VERSION.jar"; do
    [[ -f "$jar" ]] || die "expected $jar was not built"
done

echo "cppbuild.sh: done: target/convnet4j-$VERSION.jar, target/convnet4j-$VERSION-$PLATFORM.jar, $OUT_DIR/lib/"
[[ "$OPERATION" == install ]] && echo "cppbuild.sh: installed org.convnet4j:convnet4j:$VERSION (+ $PLATFORM classifier), convnet4j-platform and the other modules (parent/pom.xml)"
exit 0
