# Shared helpers for the project's shell scripts. Source it; it defines functions and
# COCREATION_ROOT (the repository root) and changes nothing else.
# shellcheck shell=bash

COCREATION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

# Colours only on a terminal: CI logs stay plain text.
if [[ -t 2 ]]; then
  _blue=$'\033[1;34m' _yellow=$'\033[1;33m' _red=$'\033[1;31m' _plain=$'\033[0m'
else
  _blue='' _yellow='' _red='' _plain=''
fi
log() { printf '%s==>%s %s\n' "$_blue" "$_plain" "$*" >&2; }
warn() { printf '%swarning:%s %s\n' "$_yellow" "$_plain" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$_red" "$_plain" "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root and sudo is not installed; run it as root."
  fi
}

# Installs Debian packages without questions. The package lists of a fresh machine may be
# missing or stale, so a failed install is retried once after 'apt-get update'.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { warn "apt-get not found; install $* yourself."; return 1; }
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 install --no-install-recommends "$@")
  log "Installing Debian packages: $*"
  as_root "${apt[@]}" || { as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update && as_root "${apt[@]}"; }
}

# Random hex string of $1 bytes.
random_hex() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex "$1"
  else
    od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
    echo
  fi
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    cat >&2 <<'EOF'
error: the .NET SDK (dotnet) is not installed.
CoCreation needs the .NET 10 SDK. On Debian 12:
  wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb
  sudo dpkg -i packages-microsoft-prod.deb && sudo apt-get update && sudo apt-get install -y dotnet-sdk-10.0
or follow https://learn.microsoft.com/dotnet/core/install/linux-debian
EOF
    exit 1
  fi
  # global.json pins the SDK band; an older SDK fails here with dotnet's own explanation.
  (cd "$COCREATION_ROOT" && dotnet --version >/dev/null) ||
    die "the installed .NET SDK does not satisfy global.json (needs 10.0.100 or later); install the .NET 10 SDK."
}
