# Sourced by the consumer checks (run-consumer.sh, run-testkit-consumer.sh): parses their shared arguments
# ([--install] [-- <extra mvn args>]), reads the project's VERSION, picks the PLATFORM (the host's, as
# cppbuild.sh detects it, unless set) and, with --install, first runs `bash cppbuild.sh install`.
# Needs NAME (the script's name, for messages) and ROOT (the project folder).
INSTALL=0
MVN_EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --install) INSTALL=1; shift ;;
        --) shift; MVN_EXTRA=("$@"); break ;;
        *) echo "$NAME: unknown argument '$1'" >&2; exit 64 ;;
    esac
done

VERSION="$(grep -m1 -E '^  <version>' "$ROOT/pom.xml" | sed -E 's|.*<version>([^<]+)</version>.*|\1|')"
[[ -n "$VERSION" ]] || { echo "$NAME: cannot read the version from pom.xml" >&2; exit 1; }
PLATFORM="${PLATFORM:-$(bash "$ROOT/cppbuild.sh" --host-platform)}"

if [[ "$INSTALL" == 1 ]]; then
    bash "$ROOT/cppbuild.sh" -platform "$PLATFORM" install -- "${MVN_EXTRA[@]}"
fi
