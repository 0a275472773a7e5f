metadata description = 'Key Vault in RBAC mode for the secrets the app must not keep in plain app settings, such as the Teams Workflows webhook URL, and the key that signs sealed snapshots.'

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

@description('Name of the EC P-256 key that signs sealed snapshot manifests (ES256); the app may only sign with it and read its public part.')
param snapshotSigningKeyName string

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

// Created once: a redeployment finds the key and leaves it (and its versions) as they are. A new version, made by
// rotating the key, signs from then on; signatures name the version that made them, so older ones still verify.
resource snapshotSigningKey 'Microsoft.KeyVault/vaults/keys@2026-05-15' = {
  parent: vault
  name: snapshotSigningKeyName
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
    attributes: {
      enabled: true
      exportable: false
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('URI of the vault, with a trailing slash.')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the Teams webhook secret, for a Key Vault reference that follows rotation.')
output teamsWebhookSecretUri string = '${vault.properties.vaultUri}secrets/${teamsWebhookSecretName}'

@description('Versionless id of the snapshot signing key: the app signs with its current version, and each signature names the version that made it.')
output snapshotSigningKeyUri string = snapshotSigningKey.properties.keyUri
