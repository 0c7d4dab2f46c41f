#!/bin/sh
# Installs the Debian packages berichte needs besides Python packages, if they are missing.
#   libpango-1.0-0, libpangoft2-1.0-0: text layout for WeasyPrint (PDF)      -- required
#   libharfbuzz-subset0: fast font subsetting in WeasyPrint                  -- recommended
#   fonts-open-sans, fonts-dejavu-core, fonts-noto-color-emoji: fonts of reports and charts (emoji in names) -- required
# With the argument "test" (make test) it installs what only the tests need instead:
#   chromium: the browser the tests of datenbank.html drive with Playwright                -- required for tests
# Without root rights nothing is installed; the script then names the command to run.
set -u
required="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-open-sans fonts-noto-color-emoji"
recommended="libharfbuzz-subset0"
if [ "${1:-}" = "test" ]; then
    required="chromium"
    recommended=""
fi
missing=""
for p in $required $recommended; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "berichte: Systempakete fehlen:$missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "berichte: installiere sie mit apt-get ..."
    if (apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1)); then
        echo "berichte: Systempakete installiert."
        exit 0
    fi
    echo "berichte: apt-get ist fehlgeschlagen."
fi
for p in $required; do
    case " $missing " in
        *" $p "*)
            echo "berichte: Bitte als Administrator ausführen: apt-get install$missing" >&2
            exit 1 ;;
    esac
done
echo "berichte: Hinweis: ohne$missing werden PDF-Dateien langsamer erzeugt (apt-get install$missing)."
exit 0
