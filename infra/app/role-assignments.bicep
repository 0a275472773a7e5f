metadata description = 'Least-privilege data-plane roles for the function app identity, each at the narrowest scope that works, named guid(scope, principal, role) so that a redeploy finds them again.'

@description('Name of the user-assigned identity; its resource id stands for the principal in role assignment names, which must be known before deployment.')
param identityName string

@description('Object (principal) id of the managed identity.')
param principalId string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the Flex Consumption deployment container.')
param deploymentContainerName string

@description('Name of the evidence container.')
param evidenceContainerName string

@description('Name of the staging container for large uploads.')
param stagingContainerName string

@description('Defender for Storage scans uploads: the app reads each staged blob\'s verdict tag.')
param readsScanVerdicts bool

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the snapshot signing key in the vault.')
param snapshotSigningKeyName string

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }

    resource evidenceContainer 'containers' existing = {
      name: evidenceContainerName
    }

    resource stagingContainer 'containers' existing = {
      name: stagingContainerName
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName

  resource snapshotSigningKey 'keys' existing = {
    name: snapshotSigningKeyName
  }
}

// No built-in role is this narrow (Key Vault Crypto User may also encrypt, decrypt, wrap and unwrap): sign, and read
// the key (its public part, which verification checks against). Verification happens in the app with that public
// part, so keys/verify/action is not needed either. Its name is per resource group, as role names are per tenant.
resource snapshotSignerRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'isms-snapshot-signer')
  properties: {
    roleName: 'ISMS snapshot signer (${resourceGroup().name})'
    description: 'Signs with, and reads the public part of, the ISMS snapshot signing key; nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.KeyVault/vaults/keys/sign/action'
          'Microsoft.KeyVault/vaults/keys/read'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// Flex Consumption reads and writes its deployment package with the app identity; ownership stays on that one container.
resource deploymentBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::blobService::deploymentContainer.id, identity.id, roles.storageBlobDataOwner)
  scope: storageAccount::blobService::deploymentContainer
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

// Set Blob Legal Hold (the storage hold behind the app's legal-hold flag) is the data action
// blobs/immutableStorage/runAsSuperUser/action ("Write Blob legal hold and immutability policy"), which Storage Blob
// Data Contributor does not carry. Owner of the evidence container alone is the narrowest built-in role with it;
// version-level WORM still stops it from changing or deleting a retained version.
resource evidenceBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::blobService::evidenceContainer.id, identity.id, roles.storageBlobDataOwner)
  scope: storageAccount::blobService::evidenceContainer
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

// With malware scanning, the app reads the verdict tag of each staged upload before filing it (blobs/tags/read).
resource stagingBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readsScanVerdicts) {
  name: guid(storageAccount::blobService::stagingContainer.id, identity.id, roles.storageBlobDataOwner)
  scope: storageAccount::blobService::stagingContainer
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

// Host leases and keys (AzureWebJobsStorage) plus evidence, snapshots and staging; user delegation SAS for staging uploads.
resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageBlobDataContributor)
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageBlobDataContributor
    )
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageTableDataContributor)
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identity.id, roles.storageQueueDataContributor)
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageQueueDataContributor
    )
  }
}

// Entra-authenticated telemetry ingestion, needed because local auth is disabled on Application Insights.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
  }
}

// Resolves the Key Vault references in app settings; read-only on secret values.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Sign snapshots with the one key, and nothing else in the vault: the assignment is scoped to that key.
resource snapshotSigner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::snapshotSigningKey.id, identity.id, snapshotSignerRole.id)
  scope: vault::snapshotSigningKey
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: snapshotSignerRole.id
  }
}

@description('Role definition ids of every role granted here: the only roles the deployment identity may assign.')
output roleIds string[] = map(items(roles), role => role.value)
