#!/usr/bin/env bash
# Locks the version-level immutability (WORM) policies of the evidence and snapshots containers.
#
# IRREVERSIBLE. A locked policy cannot be unlocked, shortened or deleted; its period can only be extended
# (az storage container immutability-policy extend), and the storage account cannot be deleted while a
# version it protects is still retained.
#
# ARM has no declarative way to lock a container policy (its state is read-only; locking is the lock action
# with the policy's ETag), so main.bicep creates the policies unlocked and azd's postprovision hook runs this
# script when the template's WORM_LOCK_POLICIES output is true (parameter lockWormPolicies: on by default for
# a production environment name). Afterwards it records WORM_POLICIES_LOCKED=true in the azd environment, so
# that the next provision leaves the locked policies alone (create-or-update applies to unlocked ones only).
# A policy already locked is skipped: the script can run any number of times.
#
# Needs: az (signed in with Contributor or Storage Account Contributor on the account), azd.
# Reads: AZURE_STORAGE_ACCOUNT_NAME, AZURE_RESOURCE_GROUP, WORM_LOCK_POLICIES (azd outputs).
source "$(dirname "$0")/common.sh"

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  say "Usage: $0 [--dry-run] [--yes]"
}
parse_common_flags "$@"

if [[ "$(setting WORM_LOCK_POLICIES)" != "true" ]]; then
  say "WORM policies: not locking (lockWormPolicies is off, or they are locked already)."
  exit 0
fi

need_tool az "install the Azure CLI and run 'az login'"
account="$(require AZURE_STORAGE_ACCOUNT_NAME)"
group="$(require AZURE_RESOURCE_GROUP)"

step "Locking the WORM policies of $account (evidence, snapshots): this cannot be undone"
for container in evidence snapshots; do
  # tsv of [state, etag]: one value a line.
  policy="$(az storage container immutability-policy show --account-name "$account" \
    --resource-group "$group" --container-name "$container" --query '[state, etag]' -o tsv)"
  state="$(sed -n 1p <<<"$policy")"
  etag="$(sed -n 2p <<<"$policy")"
  [[ -n "${state:-}" ]] || fail "$container has no immutability policy; run 'azd provision' first"
  if [[ "$state" == "Locked" ]]; then
    say "  $container: already locked"
    continue
  fi
  say "  $container: $state -> Locked"
  if [[ "$DRY_RUN" == "1" ]]; then continue; fi
  confirm || fail "not locked"
  az storage container immutability-policy lock --account-name "$account" --resource-group "$group" \
    --container-name "$container" --if-match "$etag" --output none
done

if [[ "$DRY_RUN" == "0" ]]; then
  azd env set WORM_POLICIES_LOCKED true
  say "Recorded WORM_POLICIES_LOCKED=true in the azd environment (set it as a GitHub variable too)."
fi
