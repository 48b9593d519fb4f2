#!/usr/bin/env bash
# The translation catalogues (gettext, domain "borte"; see CONTRIBUTING.md, "Translations").
#   packaging/translations.sh update    # extract every _()/ngettext()/pgettext()/N_() text and
#                                       # the rules' wording into app/locale/borte.pot, then
#                                       # merge it into each app/locale/<lang>/LC_MESSAGES/borte.po
#   packaging/translations.sh compile   # .po -> .mo (the install does this too: hatch_build.py)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pybabel=${PYBABEL:-$root/.venv/bin/pybabel}
case ${1:-} in
  update)
    "$pybabel" -q extract -F babel.cfg -o app/locale/borte.pot --project=Borte \
      --copyright-holder="The Borte maintainers" --no-wrap --sort-by-file \
      --add-comments="TRANSLATORS:" -k pgettext:1c,2 -k npgettext:1c,2,3 .
    "$pybabel" update -i app/locale/borte.pot -d app/locale -D borte --no-wrap \
      --no-fuzzy-matching --ignore-obsolete
    ;;
  compile)
    "$pybabel" compile -d app/locale -D borte --statistics
    ;;
  *)
    echo "usage: $0 update|compile" >&2
    exit 2
    ;;
esac
