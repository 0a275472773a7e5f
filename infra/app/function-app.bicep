metadata description = 'The function app on Flex Consumption (FC1, dotnet-isolated 10.0), running as a user-assigned identity, with identity-based host storage, Entra ID sign-in and every app setting the code reads.'

import { authenticationSettings, graphSettings, managedIdentity, storageFeatureSettings, timerSchedules } from 'types.bicep'

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('Tags applied to the function app; azd finds the app it deploys to by its azd-service-name tag.')
param appTags object

@description('The user-assigned identity the app runs as.')
param identity managedIdentity

@description('Name of the storage account used for the host, the app data and deployment packages.')
param storageAccountName string

@description('Name of the blob container Flex Consumption deploys packages from.')
param deploymentContainerName string

@description('Name of the evidence container.')
param evidenceContainerName string

@description('Name of the snapshots container.')
param snapshotsContainerName string

@description('Name of the staging container for large uploads.')
param stagingContainerName string

@description('Connection string of Application Insights (endpoint and identifier only; local auth is disabled).')
param applicationInsightsConnectionString string

@description('Versionless URI of the Key Vault secret holding the Teams Workflows webhook URL.')
param teamsWebhookSecretUri string

@description('Versionless id of the Key Vault key that signs sealed snapshots.')
param snapshotSigningKeyUri string

@description('Schedules of the timer functions.')
param schedules timerSchedules

@description('Microsoft 365 mail and Teams settings.')
param graph graphSettings

@description('UPN of the ISMS manager, copied on escalations and audit notices.')
param ismsManagerUpn string

@description('Evidence collectors turned off, comma-separated, or all.')
param collectorsOff string

var offCollectors = map(split(toLower(collectorsOff), ','), name => trim(name))

@description('UPNs of the staff who may lead internal audits, comma separated; the programme never assigns one to a control they own.')
param internalAuditors string = ''

@description('Years the app keeps evidence after its effective date (the WORM period is at least this long).')
param evidenceRetentionYears int

@description('The organisation\'s time zone (IANA name); "today" for due dates, reminders and freshness is decided in it.')
param organisationTimeZone string

@description('Entra ID sign-in settings.')
param authentication authenticationSettings

@description('Resource id of the subnet (delegated to Microsoft.App/environments) the app sends its outbound traffic through; empty for none.')
param integrationSubnetId string = ''

@description('What the app must know about storage features that Azurite lacks.')
param storageFeatures storageFeatureSettings

@description('Largest number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.resourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identity.resourceId
    // With private networking every outbound call (storage, Key Vault, Graph) leaves through the integration subnet,
    // where the private DNS zones resolve storage and the vault to their private endpoints.
    virtualNetworkSubnetId: empty(integrationSubnetId) ? null : integrationSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.resourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing with user names and passwords is off; azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Configuration keys use '__' for ':' (Isms:IsmsManagerUpn is Isms__IsmsManagerUpn).
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.clientId
    AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
    AZURE_CLIENT_ID: identity.clientId
    // The site root is the app's home page, not the Functions host's default landing page.
    AzureWebJobsDisableHomepage: 'true'
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.clientId}'
    ScheduleAuditsSchedule: schedules.scheduleAudits
    ChaseSchedule: schedules.chase
    EvidenceFreshnessSchedule: schedules.evidenceFreshness
    SnapshotSchedule: schedules.snapshot
    EvidenceDisposalSchedule: schedules.evidenceDisposal
    WeeklySummarySchedule: schedules.weeklySummary
    SyncAudiencesSchedule: schedules.syncAudiences
    CollectEvidenceSchedule: schedules.collectEvidence
    Isms__IsmsManagerUpn: ismsManagerUpn
    Collectors__Enabled: string(!contains(offCollectors, 'all'))
    Collectors__MfaRegistration__Enabled: string(!contains(offCollectors, 'mfa-registration'))
    Collectors__ConditionalAccess__Enabled: string(!contains(offCollectors, 'conditional-access'))
    Collectors__PrivilegedRoles__Enabled: string(!contains(offCollectors, 'privileged-roles'))
    Collectors__Guests__Enabled: string(!contains(offCollectors, 'guests'))
    Collectors__ApplicationCredentials__Enabled: string(!contains(offCollectors, 'application-credentials'))
    Collectors__SecureScore__Enabled: string(!contains(offCollectors, 'secure-score'))
    Collectors__ManagedDevices__Enabled: string(!contains(offCollectors, 'managed-devices'))
    // Only people of this tenant: a token from another tenant (a multi-tenant app, a misconfigured Easy Auth) is refused.
    Identity__TenantId: tenant().tenantId
    Evidence__RetentionYears: string(evidenceRetentionYears)
    Isms__TimeZone: organisationTimeZone
    AuditProgramme__InternalAuditors: internalAuditors
    Isms__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
    Isms__SignInPath: '/.auth/login/aad'
    Graph__SenderMailbox: graph.senderMailbox
    Graph__SaveToSentItems: graph.saveToSentItems ? 'true' : 'false'
    Graph__TeamsAppId: graph.teamsAppId
    Notifications__Channel: 'Graph'
    // The reminder ladders' rungs (ReminderPolicy binds them as strings; the design brief's defaults).
    Reminders__CorrectiveActions__DaysBefore: '14,7,1'
    Reminders__Audits__DaysBefore: '90,30,7'
    Reminders__Evidence__DaysBefore: '14'
    Notifications__TeamsWebhookUrl: '@Microsoft.KeyVault(SecretUri=${teamsWebhookSecretUri})'
    Signing__KeyVaultKeyId: snapshotSigningKeyUri
    Storage__EvidenceContainer: evidenceContainerName
    Storage__SnapshotsContainer: snapshotsContainerName
    Storage__StagingContainer: stagingContainerName
    // A real account supports blob legal holds (Azurite does not): the app's legal-hold flag sets one on every version.
    Storage__BlobLegalHolds: storageFeatures.blobLegalHolds ? 'true' : 'false'
    // Defender tags each upload with its verdict; the app files an upload as evidence only once it reads clean.
    Storage__MalwareScanning: storageFeatures.malwareScanning ? 'true' : 'false'
  }
}

resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      // An API answers 401, not a redirect to a sign-in page; browsers sign in at /.auth/login/aad.
      unauthenticatedClientAction: 'Return401'
      excludedPaths: authentication.excludedPaths
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authentication.clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authentication.clientId}'
            authentication.clientId
          ]
          // Only tokens issued to this app (its own sign-in) or to the client applications named in the
          // parameters: a token another app of the tenant obtained for this API is refused.
          defaultAuthorizationPolicy: {
            allowedApplications: union([authentication.clientId], authentication.allowedClientApplications)
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Name of the function app.')
output name string = site.name

@description('HTTPS base URL of the function app.')
output uri string = 'https://${site.properties.defaultHostName}'
