#!/usr/bin/env bash
# Grants the function app's managed identity the Microsoft Graph application permissions it needs:
#   User.Read.All       look up an owner's line manager for escalation; read the users of an audience
#   GroupMember.Read.All read the members (nested too) of the Entra groups documents and courses are for
#   TeamsActivity.Send  Teams activity-feed notifications
#   Mail.Send           send reminders from the shared mailbox - see MAIL_SEND_SCOPE below
# and, for each evidence collector that is on (docs/collectors.md), exactly the permissions it reads with:
#   mfa-registration         AuditLog.Read.All User.Read.All
#   conditional-access       Policy.Read.All
#   privileged-roles         RoleManagement.Read.Directory
#   guests                   User.Read.All AuditLog.Read.All
#   application-credentials  Application.Read.All
#   secure-score             SecurityEvents.Read.All
#   managed-devices          DeviceManagementManagedDevices.Read.All
# A collector listed in ISMS_COLLECTORS_OFF (comma-separated names, or "all") is off in the app too (Bicep reads the
# same variable), and nothing is granted for it; a permission granted before and no longer needed is reported.
#
# Managed identities cannot be given Graph permissions in the portal or in Bicep offline, so this script
# creates the app role assignments with `az rest`. It is idempotent: it lists what the identity already
# has, prints the plan, and only adds what is missing.
#
# Mail.Send granted here is tenant-wide (every mailbox). Exchange Online RBAC for Applications adds to,
# and cannot narrow, an Entra grant. So by default (MAIL_SEND_SCOPE=exchange) Mail.Send is NOT granted
# here and scope-mail-send.sh grants it in Exchange, limited to the sender mailbox. Set
# MAIL_SEND_SCOPE=tenant only for a test tenant.
#
# Needs: az (signed in as a Privileged Role Administrator or Global Administrator).
# Reads: AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID (azd output), MAIL_SEND_SCOPE (exchange|tenant),
#        ISMS_COLLECTORS_OFF (collectors turned off).
source "$(dirname "$0")/common.sh"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  say "Usage: $0 [--dry-run] [--yes]"
}
parse_common_flags "$@"

need_tool az "install the Azure CLI and run 'az login'"
principal_id="$(require AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID)"
mail_send_scope="$(setting MAIL_SEND_SCOPE)"; mail_send_scope="${mail_send_scope:-exchange}"
graph_app_id="00000003-0000-0000-c000-000000000000"
graph_api="$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv 2>/dev/null || true)"
graph_api="${graph_api:-https://graph.microsoft.com/}"
graph_api="${graph_api%/}/v1.0"

wanted=(User.Read.All GroupMember.Read.All TeamsActivity.Send)

# The evidence collectors and the Graph permissions each needs (the same as their Permissions in the code; a test
# checks). A function, not an associative array, so the bash 3.2 of macOS runs it too.
collectors=(mfa-registration conditional-access privileged-roles guests application-credentials secure-score managed-devices)
collector_permissions() {
  case "$1" in
    mfa-registration) echo "AuditLog.Read.All User.Read.All" ;;
    conditional-access) echo "Policy.Read.All" ;;
    privileged-roles) echo "RoleManagement.Read.Directory" ;;
    guests) echo "User.Read.All AuditLog.Read.All" ;;
    application-credentials) echo "Application.Read.All" ;;
    secure-score) echo "SecurityEvents.Read.All" ;;
    managed-devices) echo "DeviceManagementManagedDevices.Read.All" ;;
  esac
}
collectors_off=",$(setting ISMS_COLLECTORS_OFF | tr -d ' ' | tr '[:upper:]' '[:lower:]'),"
declare -a collector_only=()
for collector in "${collectors[@]}"; do
  if [[ "$collectors_off" == *",all,"* || "$collectors_off" == *",$collector,"* ]]; then
    say "  collector $collector is off: nothing granted for it"
    for permission in $(collector_permissions "$collector"); do collector_only+=("$permission"); done
    continue
  fi
  for permission in $(collector_permissions "$collector"); do
    [[ " ${wanted[*]} " == *" $permission "* ]] || wanted+=("$permission")
  done
done
case "$mail_send_scope" in
  exchange) ;;
  tenant) wanted+=(Mail.Send) ;;
  *) fail "MAIL_SEND_SCOPE must be 'exchange' or 'tenant', not '$mail_send_scope'" ;;
esac

step "Looking up Microsoft Graph's service principal and the identity's current app roles"
graph_sp_id="$(az ad sp show --id "$graph_app_id" --query id -o tsv)"
[[ -n "$graph_sp_id" ]] || fail "Microsoft Graph service principal not found in this tenant"
existing="$(az rest --method GET \
  --url "$graph_api/servicePrincipals/$principal_id/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp_id'].appRoleId" -o tsv)"

declare -a to_add=()
say "Identity (principal id): $principal_id"
for permission in "${wanted[@]}"; do
  role_id="$(az ad sp show --id "$graph_app_id" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  [[ -n "$role_id" ]] || fail "Graph has no application permission named $permission"
  if grep -qx "$role_id" <<<"$existing"; then
    say "  = $permission already granted"
  else
    say "  + $permission will be granted"
    to_add+=("$permission=$role_id")
  fi
done

# Permissions only an off collector needed: reported when granted, never taken away here.
for permission in ${collector_only[@]+"${collector_only[@]}"}; do
  [[ " ${wanted[*]} " == *" $permission "* ]] && continue
  role_id="$(az ad sp show --id "$graph_app_id" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if [[ -n "$role_id" ]] && grep -qx "$role_id" <<<"$existing"; then
    say "  ! $permission is granted but no collector that is on needs it; remove it in Entra ID if nothing else does"
  fi
done

if [[ "$mail_send_scope" == "exchange" ]]; then
  mail_send_id="$(az ad sp show --id "$graph_app_id" \
    --query "appRoles[?value=='Mail.Send' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if grep -qx "$mail_send_id" <<<"$existing"; then
    say "  ! Mail.Send is granted tenant-wide in Entra ID: the identity can send as ANY mailbox."
    say "    Remove it (Enterprise applications > the identity > Permissions) once scope-mail-send.sh has run."
  else
    say "  - Mail.Send is left to scope-mail-send.sh (Exchange RBAC for Applications, sender mailbox only)"
  fi
fi

if [[ ${#to_add[@]} -eq 0 ]]; then
  say "Nothing to do."
  exit 0
fi
if [[ "$DRY_RUN" == "1" ]]; then
  say "Dry run: nothing changed."
  exit 0
fi
confirm || { say "Cancelled."; exit 1; }

for entry in "${to_add[@]}"; do
  permission="${entry%%=*}"; role_id="${entry#*=}"
  step "Granting $permission"
  az rest --method POST \
    --url "$graph_api/servicePrincipals/$principal_id/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp_id\",\"appRoleId\":\"$role_id\"}" \
    --output none
done
say "Done. Graph tokens issued from now on carry the new roles (the app may need a restart to drop a cached token)."
