#!/usr/bin/env bash
# Installs what Debian provides (PixelMed + its ImageIO plugin) and makes it visible to Maven.
# Idempotent: re-running it does nothing that is already done.
set -euo pipefail
need_pkgs=()
for p in libpixelmed-java libpixelmed-imageio-java; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  echo "setup: installing ${need_pkgs[*]} from Debian" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
# Optional, used when present: jemalloc (faster training, see README).
if ! dpkg -s libjemalloc2 >/dev/null 2>&1 && [ "${HEMAMET_SETUP_OPTIONAL:-1}" = 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libjemalloc2 >/dev/null 2>&1 || echo "setup: libjemalloc2 not installed (optional)" >&2
fi
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
install_jar() { # file group artifact version
  local dest="$repo/${2//.//}/$3/$4/$3-$4.jar"
  if [ ! -f "$dest" ] || ! cmp -s "$1" "$dest"; then
    # (Debian's Maven 3.8 writes ANSI reset codes even in batch mode: stripped, so a log file reads cleanly)
    mvn -q -B install:install-file -Dfile="$1" -DgroupId="$2" -DartifactId="$3" -Dversion="$4" -Dpackaging=jar \
      -DgeneratePom=true 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2
  fi
}
pm=$(ls /usr/share/java/pixelmed-2*.jar | sort | tail -1)
pmio=$(ls /usr/share/java/pixelmed_imageio-2*.jar | sort | tail -1)
install_jar "$pm" com.pixelmed pixelmed "$(basename "$pm" .jar | sed 's/pixelmed-//')"
install_jar "$pmio" com.pixelmed pixelmed-imageio "$(basename "$pmio" .jar | sed 's/pixelmed_imageio-//')"
