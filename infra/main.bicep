targetScope = 'subscription'

metadata description = 'ISMS automation on Azure Functions: resource group, identity, storage, monitoring, Key Vault, role assignments and the Flex Consumption function app. Provisioned by azd (azure.yaml).'

import { graphSettings, malwareScanningSettings, retentionDays, storageSku, timerSchedules } from 'app/types.bicep'

@description('Name of the azd environment; seeds resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource. Pick one that offers Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; empty gives rg-<environmentName>.')
param resourceGroupName string = ''

@description('UPN of the ISMS manager, who receives escalations and audit notices.')
param ismsManagerUpn string

@description('Evidence collectors turned off, comma-separated (mfa-registration, conditional-access, privileged-roles, guests, application-credentials, secure-score, managed-devices), or all; empty: all on. The permissions script reads the same ISMS_COLLECTORS_OFF and grants nothing for them (docs/collectors.md).')
param collectorsOff string = ''

@description('UPNs of the staff who may lead internal audits, comma separated.')
param internalAuditors string = ''

@description('The organisation\'s time zone (IANA name such as Europe/London): the zone in which due dates, reminders, business days and freshness decide what "today" is.')
param organisationTimeZone string = 'UTC'

@description('UPN or SMTP address of the shared mailbox reminders are sent from.')
param graphSenderMailbox string

@description('Whether sent reminders are kept in the sender mailbox Sent Items.')
param graphSaveToSentItems bool = false

@description('Id of the Teams app in the organisation app catalog (not the manifest id) once infra/teams-app is uploaded; empty disables activity-feed notifications.')
param teamsAppId string = ''

@description('Application (client) id of the Entra app registration that defines the Isms.* app roles (docs/deploy.md).')
param authClientId string

@description('Further origins (custom domains of the app) whose upload page may send large files straight to storage. The app\'s own https://<name>.azurewebsites.net is always allowed.')
param extraUploadOrigins string[] = []

@description('Teams Workflows webhook URL, stored in Key Vault. Empty keeps whatever the vault holds.')
@secure()
param teamsWebhookUrl string = ''

@description('Days each evidence version stays immutable (WORM) after it is written; never fewer than the app keeps evidence (evidenceRetentionYears).')
param evidenceRetentionDays retentionDays = 1460

@description('Years the app keeps evidence after the date it speaks for before disposing of it (Evidence:RetentionYears).')
@minValue(1)
@maxValue(100)
param evidenceRetentionYears int = 3

@description('Days each snapshot version stays immutable (WORM) after it is written.')
param snapshotRetentionDays retentionDays = 2190

@description('Lock the evidence and snapshots WORM policies after provisioning (the postprovision hook): on, off, or auto = on for a production environment (a name with a "prod", "prd" or "production" part, such as isms-prod). IRREVERSIBLE: a locked period can only be extended, and the account cannot be deleted while locked versions are retained (docs/deploy.md).')
@allowed([
  'auto'
  'on'
  'off'
])
param wormLock string = 'auto'

@description('True once the hook has locked the policies (it sets WORM_POLICIES_LOCKED in the azd environment): the template then no longer declares them.')
param wormPoliciesAlreadyLocked bool = false

@description('Object (principal) id of the deployment identity (GitHub OIDC). When set, it is made Contributor on the resource group and may assign the app\'s data roles to the app\'s identity only (docs/deploy.md); empty grants it nothing.')
param deploymentPrincipalId string = ''

@description('Private networking: the function app integrates with a new virtual network and reaches storage (blob, table, queue) and Key Vault through private endpoints, whose public access is turned off. Costs extra (docs/deploy.md).')
param privateNetworking bool = false

@description('Defender for Storage malware scanning on upload, and the most GB it scans a month. Costs per GB scanned (docs/deploy.md).')
param malwareScanning malwareScanningSettings = {
  enabled: false
  capGBPerMonth: 100
}

@description('Replication of the storage account.')
param storageAccountSku storageSku = 'Standard_LRS'

@description('Six-field NCRONTAB schedules of the timer functions (UTC).')
param schedules timerSchedules = {
  scheduleAudits: '0 0 6 * * *'
  chase: '0 0 8 * * 1-5'
  evidenceFreshness: '0 0 7 * * 1'
  snapshot: '0 0 5 * * *'
  evidenceDisposal: '0 0 3 * * 0'
  weeklySummary: '0 30 8 * * 1-5'
  syncAudiences: '0 0 4 * * *'
  collectEvidence: '0 0 2 * * *'
}

@description('Tables the app keeps its registers, send ledgers and indexes in: every name in functions/Isms.Functions/Storage/TableNames.cs (an infra test checks).')
param tableNames string[] = [
  'Controls'
  'Certification'
  'Audits'
  'Findings'
  'CorrectiveActions'
  'Evidence'
  'Snapshots'
  'GapAnalysis'
  'Risks'
  'ManagementReviews'
  'Documents'
  'Courses'
  'PeopleRecords'
  'ReminderLedger'
  'ReminderRuns'
  'AuditTrail'
  'Health'
  'CorrectiveActionIndex'
  'AuditNotices'
  'ChannelPosts'
  'EvidenceIndex'
  'EvidenceUploads'
  'Collectors'
]

@description('Client applications (application ids) besides the app itself whose tokens it accepts; none by default.')
param allowedClientApplications string[] = []

@description('Paths reachable without sign-in.')
param anonymousPaths string[] = [
  '/api/health'
]

var isProduction = !empty(intersection(split(toLower(environmentName), '-'), ['prod', 'prd', 'production']))
var lockWormPolicies = wormLock == 'on' || (wormLock == 'auto' && isProduction)
var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-${resourceToken}'
// Names are known before deployment so that role assignment names and What-If stay predictable.
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var snapshotSigningKeyName = 'snapshot-signing'
var applicationInsightsName = 'appi-${resourceToken}'
var containerNames = {
  evidence: 'evidence'
  snapshots: 'snapshots'
  staging: 'staging'
  deployment: 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
  // The app's own name for it (BlobKeyRepository.ContainerName): the app creates it when missing, infra declares it.
  dataProtection: 'data-protection'
}
var graph graphSettings = {
  senderMailbox: graphSenderMailbox
  saveToSentItems: graphSaveToSentItems
  teamsAppId: teamsAppId
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: resourceGroup
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: resourceGroup
  params: {
    name: storageAccountName
    location: location
    tags: tags
    sku: storageAccountSku
    containerNames: containerNames
    // WORM at least as long as the app keeps evidence: a version is never deletable while the app still counts on it.
    evidenceRetentionDays: max(evidenceRetentionDays, evidenceRetentionYears * 366)
    snapshotRetentionDays: snapshotRetentionDays
    tableNames: tableNames
    uploadOrigins: concat(
      [
        'https://${functionAppName}.azurewebsites.net'
      ],
      extraUploadOrigins
    )
    queueNames: [
      'reminders'
    ]
    wormPoliciesAlreadyLocked: wormPoliciesAlreadyLocked
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    privateNetworking: privateNetworking
    malwareScanning: malwareScanning
  }
}

module network 'app/network.bicep' = if (privateNetworking) {
  scope: resourceGroup
  params: {
    name: 'vnet-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
  }
  dependsOn: [
    storage
    keyVault
  ]
}

module keyVault 'app/key-vault.bicep' = {
  scope: resourceGroup
  params: {
    name: keyVaultName
    location: location
    tags: tags
    teamsWebhookSecretName: 'teams-webhook-url'
    teamsWebhookUrl: teamsWebhookUrl
    snapshotSigningKeyName: snapshotSigningKeyName
    privateNetworking: privateNetworking
  }
}

module roleAssignments 'app/role-assignments.bicep' = {
  scope: resourceGroup
  params: {
    identityName: identityName
    principalId: identity.outputs.identity.principalId
    storageAccountName: storageAccountName
    deploymentContainerName: containerNames.deployment
    evidenceContainerName: containerNames.evidence
    stagingContainerName: containerNames.staging
    readsScanVerdicts: malwareScanning.enabled
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    snapshotSigningKeyName: snapshotSigningKeyName
  }
  dependsOn: [
    storage
    monitoring
    keyVault
  ]
}

module deploymentAccess 'app/deployment-access.bicep' = if (!empty(deploymentPrincipalId)) {
  scope: resourceGroup
  params: {
    deploymentPrincipalId: deploymentPrincipalId
    appPrincipalId: identity.outputs.identity.principalId
    appRoleIds: roleAssignments.outputs.roleIds
  }
}

module functionApp 'app/function-app.bicep' = {
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    appTags: union(tags, {
      'azd-service-name': 'api'
    })
    identity: identity.outputs.identity
    storageAccountName: storageAccountName
    deploymentContainerName: containerNames.deployment
    evidenceContainerName: containerNames.evidence
    snapshotsContainerName: containerNames.snapshots
    stagingContainerName: containerNames.staging
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    teamsWebhookSecretUri: keyVault.outputs.teamsWebhookSecretUri
    snapshotSigningKeyUri: keyVault.outputs.snapshotSigningKeyUri
    schedules: schedules
    graph: graph
    ismsManagerUpn: ismsManagerUpn
    collectorsOff: collectorsOff
    evidenceRetentionYears: evidenceRetentionYears
    integrationSubnetId: privateNetworking ? network!.outputs.integrationSubnetId : ''
    storageFeatures: {
      // Every real account supports blob legal holds; only Azurite, locally, does not.
      blobLegalHolds: true
      malwareScanning: malwareScanning.enabled
    }
    internalAuditors: internalAuditors
    organisationTimeZone: organisationTimeZone
    authentication: {
      clientId: authClientId
      excludedPaths: anonymousPaths
      allowedClientApplications: allowedClientApplications
    }
  }
  // The app resolves Key Vault references and reads its package with these roles from its first start.
  dependsOn: [
    roleAssignments
  ]
}

@description('Region the resources are in.')
output AZURE_LOCATION string = location

@description('Tenant the resources belong to.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding every resource.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Name of the function app (azd deploys the api service there).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('HTTPS base URL of the function app.')
output AZURE_FUNCTION_URI string = functionApp.outputs.uri

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob endpoint of the storage account.')
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the Key Vault.')
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri

@description('Name of the managed identity the app runs as.')
output AZURE_USER_ASSIGNED_IDENTITY_NAME string = identity.outputs.name

@description('Client id of the managed identity.')
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.identity.clientId

@description('Principal (object) id of the managed identity; infra/scripts grant it Graph permissions.')
output AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID string = identity.outputs.identity.principalId

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Whether the postprovision hook locks the WORM policies (infra/scripts/lock-worm-policies.sh).')
output WORM_LOCK_POLICIES bool = lockWormPolicies && !wormPoliciesAlreadyLocked

@description('Sender mailbox, for the Exchange scoping script.')
output GRAPH_SENDER_MAILBOX string = graphSenderMailbox
