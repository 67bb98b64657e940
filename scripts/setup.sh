# Shared by ./run and ./test: system packages from Debian, then the locked Python environment.

setup_system_packages() {
  local missing=()
  for pkg in "$@"; do
    case "$pkg" in
      fonts-wqy-microhei) [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=("$pkg") ;;
      chromium) [ -x /usr/bin/chromium ] || missing+=("$pkg") ;;
      poppler-utils) command -v pdftotext >/dev/null || missing+=("$pkg") ;;
      *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "安装系统软件包：${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup_venv() {
  local py="${PYTHON:-}"
  if [ -z "$py" ]; then
    for cand in python3.11 python3.12 python3.13 python3; do
      if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        py="$cand"; break
      fi
    done
  fi
  [ -n "$py" ] || { echo "需要 Python 3.11 或更高版本。" >&2; exit 1; }
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  # Reinstall only when the lock file changed since the last install.
  local stamp=.venv/.lock-installed
  if ! cmp -s requirements.lock "$stamp" 2>/dev/null; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -r requirements.lock
    .venv/bin/python -m pip install -q --no-deps -e .
    cp requirements.lock "$stamp"
  fi
}
