// Shared user-defined types, imported by main.bicep and the modules so that a setting has one shape
// wherever it travels.

@export()
@description('Retention, in days, of the version-level immutability (WORM) policy on a container.')
@minValue(1)
@maxValue(146000)
type retentionDays = int

@export()
@description('Replication of the storage account. Zone- or geo-redundant choices suit production.')
type storageSku =
  | 'Standard_LRS'
  | 'Standard_ZRS'
  | 'Standard_GRS'
  | 'Standard_GZRS'
  | 'Standard_RAGRS'
  | 'Standard_RAGZRS'

@export()
@description('Six-field NCRONTAB schedules of the timer functions, read through %Setting% names.')
type timerSchedules = {
  @description('ScheduleAudits: keeps the audit programme planned. Default daily at 06:00 UTC.')
  scheduleAudits: string

  @description('ChaseCorrectiveActions: queues reminders. Default business days at 08:00 UTC.')
  chase: string

  @description('CheckEvidenceFreshness: finds stale evidence. Default Mondays at 07:00 UTC.')
  evidenceFreshness: string

  @description('TakeComplianceSnapshot: runs daily; seals the month\'s snapshot on its first run of a month and one 7 days before each external audit. Default 05:00 UTC.')
  snapshot: string

  @description('Evidence disposal after retention. Default Sundays at 03:00 UTC.')
  evidenceDisposal: string

  @description('The weekly summary card to the ISMS Teams channel, posted once per ISO week by the first run that succeeds. Default weekdays at 08:30 UTC.')
  weeklySummary: string

  @description('SyncAudiences: reads the members of each document\'s and course\'s Entra groups, so joiners are asked and leavers drop out. Default daily at 04:00 UTC.')
  syncAudiences: string

  @description('CollectEvidence: runs every enabled evidence collector against Microsoft Graph and files what it read as evidence. Default daily at 02:00 UTC.')
  collectEvidence: string
}

@export()
@description('Microsoft 365 settings the app needs to send mail and Teams activity notifications.')
type graphSettings = {
  @description('UPN or SMTP address of the shared mailbox reminders are sent from.')
  senderMailbox: string

  @description('Whether sent reminders are kept in the sender mailbox Sent Items.')
  saveToSentItems: bool

  @description('Teams app id in the organisation app catalog, used for activity-feed notifications; empty until the Teams app is uploaded.')
  teamsAppId: string
}

@export()
@description('The user-assigned managed identity the function app runs as.')
type managedIdentity = {
  @description('Resource id of the identity.')
  resourceId: string

  @description('Client (application) id of the identity, used by DefaultAzureCredential.')
  clientId: string

  @description('Object (principal) id of the identity, the subject of role assignments.')
  principalId: string
}

@export()
@description('Names of the blob containers the app and the platform use.')
type blobContainerNames = {
  @description('Evidence files, WORM-protected.')
  evidence: string

  @description('Sealed compliance snapshots, WORM-protected.')
  snapshots: string

  @description('Large uploads before they are verified and filed; emptied by a lifecycle rule.')
  staging: string

  @description('Flex Consumption deployment packages.')
  deployment: string

  @description('The key ring that protects the pages\' antiforgery tokens (ASP.NET Core data protection); private to the app.')
  dataProtection: string
}

@export()
@description('Entra ID sign-in in front of the function app (App Service Authentication).')
type authenticationSettings = {
  @description('Application (client) id of the app registration that defines the Isms.* app roles.')
  clientId: string

  @description('Paths reachable without sign-in, such as the liveness probe.')
  excludedPaths: string[]

  @description('Client applications (application ids) besides this app itself whose tokens the app accepts, e.g. a script\'s own registration.')
  allowedClientApplications: string[]
}

@export()
@description('Defender for Storage malware scanning on upload.')
type malwareScanningSettings = {
  @description('Scan every blob written to the account and tag it with the verdict; uploads are filed as evidence only once the verdict is clean.')
  enabled: bool

  @description('Most gigabytes scanned a month; beyond it, blobs go unscanned (and uploads wait) until the next month.')
  @minValue(1)
  capGBPerMonth: int
}

@export()
@description('Storage features the app uses only where the account has them (a real account, not Azurite).')
type storageFeatureSettings = {
  @description('Set and clear a blob legal hold on every version of evidence under the app\'s legal hold.')
  blobLegalHolds: bool

  @description('Defender for Storage scans uploads: file them only when the verdict tag says no threats were found.')
  malwareScanning: bool
}
