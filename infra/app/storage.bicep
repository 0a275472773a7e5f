metadata description = 'The storage account: evidence and snapshots under WORM, staging for large uploads, the Flex deployment container, tables and queues. Entra ID only: shared keys are off.'

import { blobContainerNames, malwareScanningSettings, retentionDays, storageSku } from 'types.bicep'

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Replication of the account.')
param sku storageSku = 'Standard_LRS'

@description('Names of the blob containers.')
param containerNames blobContainerNames

@description('Days an evidence version stays immutable after it is written (ISO 27001 clause 7.5 retention).')
param evidenceRetentionDays retentionDays

@description('Days a snapshot version stays immutable after it is written.')
param snapshotRetentionDays retentionDays

@description('Days deleted blobs and containers stay recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Days after which an abandoned staging blob is deleted.')
@minValue(1)
param stagingExpiryDays int = 1

@description('Tables the app keeps its registers in.')
param tableNames string[]

@description('Origins whose pages may PUT files straight into staging blobs with a SAS (the upload page\'s large-file path).')
@minLength(1)
param uploadOrigins string[]

@description('Queues the app fans work out on.')
param queueNames string[]

@description('True once the evidence and snapshots policies have been locked (infra/scripts/lock-worm-policies.sh sets WORM_POLICIES_LOCKED): the template then leaves them alone, since a locked policy takes no create-or-update.')
param wormPoliciesAlreadyLocked bool = false

@description('Resource id of the Log Analytics workspace that receives the write and delete logs of blobs, tables and queues.')
param logAnalyticsWorkspaceId string

@description('Storage is reached only through private endpoints: public network access off, firewall default Deny.')
param privateNetworking bool = false

@description('Defender for Storage malware scanning of every uploaded blob.')
param malwareScanning malwareScanningSettings

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Without a virtual network Flex Consumption reaches storage over its public endpoint and access is by Entra ID
    // role only; with privateNetworking the app comes through its subnet and the private endpoints, nobody else.
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    // Version-level immutability needs versioning; every overwrite keeps the previous version.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    // The upload page sends files above the HTTP limit straight to a staging blob (Put Block, Put Block List)
    // with a short-lived write-only SAS; the browser needs CORS for that, and only for that.
    cors: {
      corsRules: [
        {
          allowedOrigins: uploadOrigins
          allowedMethods: [
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-*'
          ]
          exposedHeaders: [
            'x-ms-request-id'
            'x-ms-error-code'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerNames.evidence
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// Locking: the container policy's `state` is read-only in ARM (the resource takes only the period and the append
// flags); Locked is reached by the lock action (POST .../immutabilityPolicies/default/lock with the policy's ETag),
// which no declarative resource performs. The account-level immutableStorageWithVersioning.immutabilityPolicy does
// take state 'Locked', but it must first be created Unlocked and it is the default for every container of the account,
// so staging, the Flex deployment package and the data-protection keys would become WORM too. So the template creates
// the policies unlocked and the postprovision hook (infra/scripts/lock-worm-policies.sh) calls the lock action when
// main.bicep's lockWormPolicies says so; once locked (WORM_POLICIES_LOCKED), the policies are no longer declared here,
// because create-or-update applies to unlocked policies only and a locked period can only be extended.
resource evidencePolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2026-06-01' = if (!wormPoliciesAlreadyLocked) {
  parent: evidenceContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: evidenceRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource snapshotsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerNames.snapshots
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource snapshotsPolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2026-06-01' = if (!wormPoliciesAlreadyLocked) {
  parent: snapshotsContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: snapshotRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource stagingContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerNames.staging
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerNames.deployment
  properties: {
    publicAccess: 'None'
  }
}

resource dataProtectionContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: containerNames.dataProtection
  properties: {
    publicAccess: 'None'
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-abandoned-staging-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${stagingContainer.name}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: stagingExpiryDays
                }
              }
              // With versioning on, deleting the base blob leaves versions behind; expire them too.
              version: {
                delete: {
                  daysAfterCreationGreaterThan: stagingExpiryDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// Who wrote or deleted what: write and delete operations (never reads, which the evidence downloads would flood)
// of blobs, tables and queues go to Log Analytics (StorageBlobLogs, StorageTableLogs, StorageQueueLogs).
var writeAndDeleteLogs = [
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]

// 2021-05-01-preview is the newest API version of diagnostic settings on a resource; the linter's 2016-09-01 is the
// older subscription-level schema, which has no categories and no workspace.
#disable-next-line use-recent-api-versions
resource blobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'write-and-delete-to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: writeAndDeleteLogs
  }
}

#disable-next-line use-recent-api-versions
resource tableLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'write-and-delete-to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: writeAndDeleteLogs
  }
}

#disable-next-line use-recent-api-versions
resource queueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'write-and-delete-to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: writeAndDeleteLogs
  }
}

// Scans each blob as it is written and records the verdict in the blob index tag 'Malware Scanning scan result',
// which the app reads before it files an upload as evidence (docs/security.md). Sensitive data discovery is a
// separate, unrelated charge and stays off.
resource defender 'Microsoft.Security/defenderForStorageSettings@2025-01-01' = if (malwareScanning.enabled) {
  name: 'current'
  scope: account
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanning.capGBPerMonth
      }
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
}

@description('Name of the storage account.')
output name string = account.name

@description('Blob service endpoint, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue service endpoint, with a trailing slash.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Table service endpoint, with a trailing slash.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Name of the Flex Consumption deployment container.')
output deploymentContainerName string = deploymentContainer.name
