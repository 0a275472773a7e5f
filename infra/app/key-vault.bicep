metadata description = 'Key Vault in RBAC mode for the secrets the app must not keep in plain app settings, such as the Teams Workflows webhook URL.'

@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the secret that holds the Teams Workflows webhook URL.')
param teamsWebhookSecretName string

@description('Teams Workflows webhook URL. Empty leaves the secret as it is (set it later with az keyvault secret set).')
@secure()
param teamsWebhookUrl string = ''

@description('Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('The vault is reached only through its private endpoint: public network access off, firewall default Deny.')
param privateNetworking bool = false

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is granted by Azure RBAC role assignments only; no access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource teamsWebhookSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(teamsWebhookUrl)) {
  parent: vault
  name: teamsWebhookSecretName
  properties: {
    value: teamsWebhookUrl
    contentType: 'text/uri-list'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, with a trailing slash.')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the Teams webhook secret, for a Key Vault reference that follows rotation.')
output teamsWebhookSecretUri string = '${vault.properties.vaultUri}secrets/${teamsWebhookSecretName}'
