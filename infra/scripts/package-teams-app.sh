#!/usr/bin/env bash
# Packages infra/teams-app/ into a Teams app zip (manifest.json, color.png, outline.png) with the
# placeholders filled in, ready for Teams admin center > Manage apps > Upload. Idempotent: the same
# inputs give the same zip, written to .azure/teams-app/isms-teams-app.zip (ignored by git).
#
# Graph only delivers an activity notification when the caller's app id is the webApplicationInfo.id of
# the Teams app, so that id is the managed identity's client id, the identity the app calls Graph with.
#
# Reads: TEAMS_APP_ID (a GUID you choose once; generated and saved to the azd environment when missing),
#        AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID and AZURE_FUNCTION_URI (azd outputs),
#        ORGANISATION_NAME (optional).
source "$(dirname "$0")/common.sh"

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  say "Usage: $0 [--dry-run]"
}
parse_common_flags "$@"

need_tool python3 "used to fill in the manifest"
need_tool zip "apt-get install zip"
root="$(cd "$(dirname "$0")/../.." && pwd)"
source_dir="$root/infra/teams-app"
out_dir="$root/.azure/teams-app"

teams_app_id="$(setting TEAMS_APP_ID)"
if [[ -z "$teams_app_id" ]]; then
  teams_app_id="$(python3 -c 'import uuid; print(uuid.uuid4())')"
  say "TEAMS_APP_ID was not set; this run uses the new id $teams_app_id"
  if [[ "$DRY_RUN" == "0" ]] && command -v azd >/dev/null 2>&1; then
    azd env set TEAMS_APP_ID "$teams_app_id" && say "saved it to the azd environment (azd provision then passes it to the app)"
  fi
fi
identity_client_id="$(require AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID)"
base_url="$(require AZURE_FUNCTION_URI)"
organisation="$(setting ORGANISATION_NAME)"; organisation="${organisation:-ISMS}"
host_name="${base_url#https://}"; host_name="${host_name%%/*}"

step "Plan"
say "  Teams app id:      $teams_app_id"
say "  Sender app id (webApplicationInfo): $identity_client_id"
say "  Web host:          $host_name"
say "  Output:            $out_dir/isms-teams-app.zip"
if [[ "$DRY_RUN" == "1" ]]; then say "Dry run: nothing written."; exit 0; fi

mkdir -p "$out_dir/package"
TEAMS_APP_ID="$teams_app_id" AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID="$identity_client_id" PUBLIC_BASE_URL="$base_url" \
PUBLIC_HOST_NAME="$host_name" ORGANISATION_NAME="$organisation" \
python3 - "$source_dir/manifest.json" "$out_dir/package/manifest.json" <<'PY'
import json, os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: os.environ[m.group(1)], text)
manifest = json.loads(text)
assert not re.search(r"\{\{[A-Z_]+\}\}", text), "unfilled placeholder"
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(manifest, f, indent=2)
PY
cp "$source_dir/color.png" "$source_dir/outline.png" "$out_dir/package/"
rm -f "$out_dir/isms-teams-app.zip"
# -X and a fixed time stamp keep the zip byte-for-byte the same for the same inputs.
touch -d '2000-01-01T00:00:00Z' "$out_dir/package/"*
(cd "$out_dir/package" && zip -q -X "$out_dir/isms-teams-app.zip" manifest.json color.png outline.png)
say "Wrote $out_dir/isms-teams-app.zip"
