#!/usr/bin/env bash
# Install PracticeDesk's .deb on a fresh Debian and use it as an office would.
#
#   sudo installer/check_deb.sh dist/practicedesk_VERSION_ARCH.deb [OLDER.deb]
#
# "Fresh" is a minimal Debian (debootstrap --variant=minbase, this machine's release) in a
# temporary folder: none of Qt's system libraries is there, so `apt-get install ./….deb`
# must bring every one of them through the package's dependencies. Then, inside it:
#   1. a practice as the oldest PracticeDesk left it (installer/older_practice.py, made with
#      this checkout's .venv) is put where the menu's PracticeDesk looks for it; with
#      OLDER.deb, that package is installed first and the new one over it;
#   2. signing in from the command line must make the safety copy and migrate the practice,
#      and its patient must still be there (their chart exported as a PDF);
#   3. `practicedesk --self-test`;
#   4. the demo practice is made and a chart exported as FHIR (Faker, phonenumbers and FHIR
#      models: modules a bundle loads by name);
#   5. the program is started the way the applications menu does (the desktop entry's Exec)
#      under Xvfb, until the sign-in window's first paint;
#   6. the package is removed and purged: the practice must still be there.
# Needs root, debootstrap and Debian's mirror (PRACTICEDESK_CHECK_MIRROR to use another).
set -euo pipefail

new_deb=$(realpath "$1")
old_deb=${2:+$(realpath "$2")}
. /etc/os-release
suite=${PRACTICEDESK_CHECK_SUITE:-$VERSION_CODENAME}
mirror=${PRACTICEDESK_CHECK_MIRROR:-http://deb.debian.org/debian}
data=/root/.local/share/PracticeDesk/practice  # where the menu's PracticeDesk looks
password="quiet harbor lanterns glowing"
python=${PRACTICEDESK_PYTHON:-.venv/bin/python}
cd "$(dirname "$0")/.."
started=$(date +%s)

root=$(mktemp -d /var/tmp/practicedesk-fresh-XXXXXX)
cleanup() {
    for mount in dev/pts dev proc sys; do umount -l "$root/$mount" 2>/dev/null || true; done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
step() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - started))"; }
in_root() {
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive PRACTICEDESK_PASSWORD="$password" "$@"
}
fail() { echo "FAILED: $*" >&2; exit 1; }

step "A fresh Debian $suite in $root"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root apt-get update -qq
if in_root sh -c 'ldconfig -p | grep -q libxcb-cursor'; then
    fail "the fresh system already has Qt's libraries; it proves nothing"
fi

install_deb() {
    cp "$1" "$root/tmp/$(basename "$1")"
    in_root apt-get install -y -qq "/tmp/$(basename "$1")" >/dev/null
    in_root dpkg-query -W -f='installed ${Package} ${Version}\n' practicedesk
}

step "A practice as the oldest PracticeDesk left it"
"$python" installer/older_practice.py "$root$data" "$password"
if [ -n "$old_deb" ]; then
    step "Install the older package, then the new one over it"
    install_deb "$old_deb"
else
    step "Install the package (apt brings Qt's libraries)"
fi
install_deb "$new_deb"
in_root practicedesk --version

step "Sign in: the practice is copied for safety, migrated, and its patient is there"
in_root practicedesk audit verify --data-dir "$data" --user owner
copies=$(in_root sh -c "ls '$data/safety-copies'") || fail "no safety copy was made"
echo "safety copy: $copies"
in_root practicedesk export-patient --data-dir "$data" --user owner --chart 1 --format pdf \
    --out /tmp/older-patient.pdf

step "Self-test"
in_root practicedesk --self-test

step "Demo practice, and a chart exported as FHIR"
in_root practicedesk demo --no-gui --patients 25 --data-dir /root/demo >/dev/null
in_root env PRACTICEDESK_PASSWORD="blue heron coffee morning" practicedesk export-patient \
    --data-dir /root/demo --user owner --chart 1 --format fhir --out /tmp/chart.json

step "Start PracticeDesk as the applications menu does, under Xvfb"
entry="$root/usr/share/applications/practicedesk.desktop"
[ -f "$root/usr/share/icons/hicolor/256x256/apps/practicedesk.png" ] || fail "no menu icon"
command=$(sed -n 's/^Exec=//p' "$entry")
[ -n "$command" ] || fail "the desktop entry has no Exec line"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$entry"; fi
in_root apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
painted=$(in_root env PRACTICEDESK_BENCH_FIRST_PAINT=1 timeout 120 \
    xvfb-run -a -s "-screen 0 1280x800x24" sh -c "$command" 2>&1) || true
echo "$painted" | grep -q '^first-paint ' || fail "no sign-in window was painted: $painted"
echo "The sign-in window was painted (Exec=$command)."

step "Remove, then purge, the package: the practice stays"
in_root apt-get remove -y -qq practicedesk >/dev/null
in_root dpkg --purge practicedesk >/dev/null
[ ! -e "$root/opt/practicedesk" ] || fail "/opt/practicedesk is still there"
[ -f "$root$data/keystore.json" ] || fail "removing the package removed the practice"
echo "The program is gone; the practice in $data is still there."

step "The .deb works on a fresh Debian $suite"
