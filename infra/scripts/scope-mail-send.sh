#!/usr/bin/env bash
# Lets the function app's managed identity send mail as the sender mailbox only, with Exchange Online
# RBAC for Applications ("Application Mail.Send" scoped by a management scope). This is what gives the
# app Mail.Send: do not also grant Mail.Send in Entra ID, which would apply to every mailbox.
#
# The Exchange Online PowerShell commands it runs (idempotently: each object is looked up first):
#   Connect-ExchangeOnline
#   New-ServicePrincipal -AppId <identity client id> -ObjectId <identity principal id> -DisplayName <name>
#   New-ManagementScope -Name <scope> -RecipientRestrictionFilter "PrimarySmtpAddress -eq '<sender>'"
#   New-ManagementRoleAssignment -Name <assignment> -Role "Application Mail.Send" `
#       -App <identity principal id> -CustomResourceScope <scope>
#   Test-ServicePrincipalAuthorization -Identity <identity principal id> -Resource <sender>
#
# Needs: pwsh with the ExchangeOnlineManagement module, signed in as an Exchange administrator.
# Without pwsh it prints the PowerShell to run elsewhere.
# Reads: AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID, AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID,
#        AZURE_USER_ASSIGNED_IDENTITY_NAME, GRAPH_SENDER_MAILBOX (azd outputs).
source "$(dirname "$0")/common.sh"

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  say "Usage: $0 [--dry-run] [--yes]"
}
parse_common_flags "$@"

client_id="$(require AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID)"
principal_id="$(require AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID)"
identity_name="$(setting AZURE_USER_ASSIGNED_IDENTITY_NAME)"; identity_name="${identity_name:-isms-functions}"
sender="$(require GRAPH_SENDER_MAILBOX)"
scope_name="ISMS sender mailbox ($sender)"
assignment_name="ISMS Mail.Send ($identity_name)"

[[ "$sender" =~ ^[^\'\"[:space:]]+@[^\'\"[:space:]]+$ ]] || fail "GRAPH_SENDER_MAILBOX '$sender' is not an address"

step "Plan"
say "  Exchange service principal for identity $identity_name (app id $client_id), if missing"
say "  Management scope '$scope_name' matching PrimarySmtpAddress -eq '$sender', if missing"
say "  Role assignment '$assignment_name': Application Mail.Send on that scope, if missing"
say "  Then test that the identity may send as $sender"

powershell="$(cat <<PS
\$ErrorActionPreference = 'Stop'
Import-Module ExchangeOnlineManagement
Connect-ExchangeOnline -ShowBanner:\$false
if (-not (Get-ServicePrincipal -Identity '$principal_id' -ErrorAction SilentlyContinue)) {
    New-ServicePrincipal -AppId '$client_id' -ObjectId '$principal_id' -DisplayName '$identity_name' | Out-Null
    Write-Host 'created the Exchange service principal'
} else { Write-Host 'Exchange service principal already there' }
if (-not (Get-ManagementScope -Identity '$scope_name' -ErrorAction SilentlyContinue)) {
    New-ManagementScope -Name '$scope_name' -RecipientRestrictionFilter "PrimarySmtpAddress -eq '$sender'" | Out-Null
    Write-Host 'created the management scope'
} else { Write-Host 'management scope already there' }
if (-not (Get-ManagementRoleAssignment -Identity '$assignment_name' -ErrorAction SilentlyContinue)) {
    New-ManagementRoleAssignment -Name '$assignment_name' -Role 'Application Mail.Send' -App '$principal_id' -CustomResourceScope '$scope_name' | Out-Null
    Write-Host 'created the role assignment'
} else { Write-Host 'role assignment already there' }
Test-ServicePrincipalAuthorization -Identity '$principal_id' -Resource '$sender' | Format-Table -AutoSize
Disconnect-ExchangeOnline -Confirm:\$false
PS
)"

if [[ "$DRY_RUN" == "1" ]] || ! command -v pwsh >/dev/null 2>&1; then
  [[ "$DRY_RUN" == "1" ]] || say "pwsh is not installed here; run this in PowerShell with ExchangeOnlineManagement:"
  printf '\n%s\n' "$powershell"
  exit 0
fi
confirm || { say "Cancelled."; exit 1; }
pwsh -NoProfile -Command "$powershell"
say "Done. Exchange may take up to an hour to apply a new assignment everywhere."
