#!/usr/bin/env bash
# Builds the libvips Lambda layer for one architecture, from packages only:
#   lib/libvips-cpp.so.*   libvips 8.18 from npm's @img/sharp-libvips-linux-<arch> (tools/package.json):
#                          every codec built in, HEIF with AV1 only (no HEVC decoder)
#   lib/libheif.so.1 ...   libheif 1.11 with libde265 (HEVC: iPhone HEIC) from Debian 11 "bullseye"
#                          packages, with every library they need that the image lacks
#   licenses/, MANIFEST.tsv  where each file comes from and under which licence
#
# Why bullseye: the java21 image (Amazon Linux 2023) has glibc 2.34; Debian 12's libraries need
# GLIBC_2.35/2.36 (libstdc++, libgcc_s, libvips), bullseye's need at most 2.31. docs/deploy.md ("HEIC").
# infra's LayerLinkageTest checks every NEEDED entry and versioned symbol of the result.
#
# usage: infra/layer/build.sh arm64|x86_64 [OUT]   (default OUT: .layers/libvips-<arch>; prints OUT)
# Rebuilds only when this script or the npm package changed (OUT/.recipe). ./gallery layer calls it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARCH="${1:?usage: infra/layer/build.sh arm64|x86_64 [OUT]}"
case "$ARCH" in
  arm64) DEB_ARCH=arm64; NPM_ARCH=arm64 ;;
  x86_64) DEB_ARCH=amd64; NPM_ARCH=x64 ;;
  *) echo "error: architecture '$ARCH': expected arm64 (the deployed layer) or x86_64 (its twin)" >&2; exit 2 ;;
esac
OUT="${2:-$ROOT/.layers/libvips-$ARCH}"
SUITE=bullseye
PACKAGES=(libheif1 libde265-0)
# The image's own libraries (glibc 2.34): never shipped, LayerLinkageTest checks their symbol versions.
IMAGE_LIBS=" libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 librt.so.1 libresolv.so.2 ld-linux-aarch64.so.1 ld-linux-x86-64.so.2 "

SHARP="$ROOT/tools/node_modules/@img/sharp-libvips-linux-$NPM_ARCH"
[ -f "$SHARP/package.json" ] || { echo "error: $SHARP is missing: run ./gallery setup (npm ci in tools/)" >&2; exit 1; }
SHARP_VERSION=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$SHARP/package.json" | head -1)
RECIPE="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16) sharp-libvips-linux-$NPM_ARCH@$SHARP_VERSION $SUITE ${PACKAGES[*]}"
if [ -f "$OUT/.recipe" ] && [ "$(cat "$OUT/.recipe")" = "$RECIPE" ]; then echo "$OUT"; exit 0; fi
for tool in apt-get dpkg-deb readelf patchelf; do
  command -v $tool >/dev/null || { echo "error: $tool is missing: run ./gallery setup" >&2; exit 1; }
done

# A private apt root for the foreign suite and architecture: the machine's own apt state is untouched.
# The mirror is the one this machine's apt already uses (deb822 or one-line sources), or $DEBIAN_MIRROR.
mirror() {
  [ -n "${DEBIAN_MIRROR:-}" ] && { echo "$DEBIAN_MIRROR"; return; }
  { awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null
    awk '$1=="deb"{for(i=2;i<=NF;i++) if($i ~ /^[a-z]+:\/\//){print $i; break}}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
  } | grep -v security | head -1 || true
}
MIRROR=$(mirror)
[ -n "$MIRROR" ] || { echo "error: no Debian mirror in /etc/apt: set DEBIAN_MIRROR" >&2; exit 1; }
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
APT="$ROOT/.layers/.apt-$SUITE-$DEB_ARCH"
mkdir -p "$APT/etc/apt/apt.conf.d" "$APT/etc/apt/preferences.d" "$APT/var/lib/apt/lists/partial" \
  "$APT/var/cache/apt/archives/partial" "$APT/var/lib/dpkg"
: > "$APT/var/lib/dpkg/status"
cat > "$APT/etc/apt/sources.list" <<EOF
deb [arch=$DEB_ARCH signed-by=$KEYRING] $MIRROR $SUITE main
deb [arch=$DEB_ARCH signed-by=$KEYRING] $MIRROR $SUITE-updates main
EOF
APT_OPTS=(-o "Dir=$APT" -o "Dir::State::status=$APT/var/lib/dpkg/status" -o "APT::Architecture=$DEB_ARCH"
  -o "APT::Architectures::=$DEB_ARCH" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
echo "libvips layer ($ARCH): fetching ${PACKAGES[*]} and what they depend on ($SUITE, $DEB_ARCH)" >&2
apt-get "${APT_OPTS[@]}" -q update >/dev/null
# An empty package database: apt downloads the whole dependency closure; the walk below keeps what is linked.
apt-get "${APT_OPTS[@]}" -q -y install --download-only --no-install-recommends "${PACKAGES[@]}" >/dev/null

WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
for deb in "$APT"/var/cache/apt/archives/*.deb; do
  name=$(dpkg-deb -f "$deb" Package)
  dpkg-deb -x "$deb" "$WORK/$name"
  echo "$(dpkg-deb -f "$deb" Version)" > "$WORK/$name.version"
done

STAGE="$WORK/layer"
mkdir -p "$STAGE/lib" "$STAGE/licenses"
printf 'file\tsource\tlicence\n' > "$STAGE/MANIFEST.tsv"

# The package whose tree holds a library (searching each package's lib dirs), as "package<TAB>path".
find_lib() {
  local p
  for p in "$WORK"/*/; do
    p="${p%/}"; [ "$p" = "$STAGE" ] && continue
    local hit
    hit=$(find "$p/lib" "$p/usr/lib" -maxdepth 2 -name "$1" 2>/dev/null | head -1)
    [ -n "$hit" ] && { echo "$(basename "$p")	$hit"; return; }
  done
}
# The licence names the package's Debian copyright file declares (machine-readable format); the few
# packages whose copyright file is free text are named here, as their copyright files state it.
licences() { # package copyright-file
  case "$1" in
    libstdc++6|libgcc-s1) echo "GPL-3+ with the GCC Runtime Library Exception"; return ;;
    libnuma1) echo "LGPL-2.1"; return ;;
  esac
  awk '/^License:/{sub(/^License: */,""); print}' "$2" 2>/dev/null | sort -u | paste -sd, - | sed 's/,/, /g'
}

declare -A shipped=()
ship_package_lib() { # soname
  local found pkg path
  found=$(find_lib "$1")
  [ -n "$found" ] || { echo "error: no package in the closure of ${PACKAGES[*]} provides $1" >&2; exit 1; }
  pkg=${found%%	*}; path=${found#*	}
  cp -L "$path" "$STAGE/lib/$1"
  # RPATH (not RUNPATH): searched before LD_LIBRARY_PATH, so a same-named library elsewhere on Lambda's
  # path (/lib64, /usr/lib64 come first there) never replaces the layer's copy.
  patchelf --force-rpath --set-rpath '$ORIGIN' "$STAGE/lib/$1"
  # A doc folder may be a link to another package's (libstdc++6 -> gcc-10-base).
  local doc="$WORK/$pkg/usr/share/doc/$pkg" copyright
  [ -L "$doc" ] && doc="$WORK/$(readlink "$doc")/usr/share/doc/$(readlink "$doc")"
  copyright="$doc/copyright"
  [ -f "$copyright" ] && cp "$copyright" "$STAGE/licenses/$pkg.copyright"
  printf 'lib/%s\tDebian %s %s=%s (%s)\t%s\n' "$1" "$SUITE" "$pkg" "$(cat "$WORK/$pkg.version")" "$DEB_ARCH" \
    "$(licences "$pkg" "$copyright")" >> "$STAGE/MANIFEST.tsv"
  shipped[$1]=1
}
# Walks NEEDED from the given files: ships every library that is not the image's glibc.
walk() {
  local queue=("$@") f n
  while [ ${#queue[@]} -gt 0 ]; do
    f=${queue[0]}; queue=("${queue[@]:1}")
    for n in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      [[ "$IMAGE_LIBS" == *" $n "* ]] && continue
      [ -n "${shipped[$n]:-}" ] && continue
      ship_package_lib "$n"
      queue+=("$STAGE/lib/$n")
    done
  done
}

SO=$(cd "$SHARP/lib" && ls libvips-cpp.so.* | head -1)
cp "$SHARP/lib/$SO" "$STAGE/lib/$SO"
# Its RUNPATH ($ORIGIN/) is searched after LD_LIBRARY_PATH; as RPATH, its libstdc++ is the layer's too.
patchelf --force-rpath --set-rpath '$ORIGIN' "$STAGE/lib/$SO"
cp "$SHARP/README.md" "$STAGE/licenses/sharp-libvips.README.md"
printf 'lib/%s\tnpm @img/sharp-libvips-linux-%s@%s (RUNPATH made RPATH)\tLGPL-3.0-or-later (libvips); bundled libraries: licenses/sharp-libvips.README.md\n' \
  "$SO" "$NPM_ARCH" "$SHARP_VERSION" >> "$STAGE/MANIFEST.tsv"
shipped[$SO]=1
heif=$(find_lib libheif.so.1); [ -n "$heif" ] || { echo "error: libheif.so.1 not in $SUITE's libheif1" >&2; exit 1; }
ship_package_lib libheif.so.1
walk "$STAGE/lib/$SO" "$STAGE/lib/libheif.so.1"

echo "$RECIPE" > "$STAGE/.recipe"
rm -rf "$OUT.tmp"; mkdir -p "$(dirname "$OUT")"; mv "$STAGE" "$OUT.tmp"; rm -rf "$OUT"; mv "$OUT.tmp" "$OUT"
echo "libvips layer ($ARCH): $(du -sh "$OUT/lib" | cut -f1) in $(ls "$OUT/lib" | wc -l) libraries in $OUT" >&2
echo "$OUT"
