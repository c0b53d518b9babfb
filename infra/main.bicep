// Provisions VambeFunctions: a resource group holding the storage account, the user-assigned
// identity and its roles, Key Vault, monitoring, alerts and an operations workbook, and the Flex
// Consumption function app. The deployment targets the subscription, as azd expects, and creates
// the resource group itself.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment, for example vambe-prod; it names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource; the region must offer the Flex Consumption plan.')
param location string

@description('Name of the resource group; empty uses rg-<environmentName>.')
param resourceGroupName string = ''

@description('Address that receives the dead-letter and failure alerts; empty creates the alert rules without a notification.')
param alertEmail string = ''

@description('Failed requests plus exceptions within 15 minutes above which the failure alert fires.')
@minValue(0)
param failureAlertThreshold int = 5

// NOTE: the allowed values are evaluation frequencies that log search alerts commonly use; whether
// Azure Monitor accepts every other minute count was not checked.
@description('Minutes without an accepted Vambe event after which the no-events alert fires; the rule is also evaluated this often, so it fires between one and two periods after the last accepted event.')
@allowed([
  5
  10
  15
  30
  45
  60
  120
  180
  240
  300
  360
  1440
])
param noEventsAlertMinutes int = 60

@description('Whether the no-events alert is enabled. Vambe can deactivate a webhook after repeated failed deliveries and then sends nothing.')
param noEventsAlertEnabled bool = true

@description('Principal id (object id) of a user, group or service principal that gets blob, queue and table data access for the operator command-line tool; empty assigns nothing.')
param operatorPrincipalId string = ''

@description('Kind of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Largest number of instances the function app scales out to. The Flex Consumption plan accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Instances kept running for the HTTP ingest, so Vambe\'s 5-second deadline never meets a cold start; 0 lets it scale to zero.')
@minValue(0)
param httpAlwaysReadyInstanceCount int = 1

@description('Days that Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days that a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Whether Key Vault purge protection is on. Once on it cannot be turned off, and a deleted vault keeps its name until the retention period ends.')
param keyVaultPurgeProtection bool = true

@secure()
@description('Comma-separated shared secrets for Ingest__Secrets; empty leaves the vault secret to be set after deployment.')
param ingestSecrets string = ''

@secure()
@description('Vambe API key for Vambe__ApiKey; empty leaves the vault secret to be set after deployment.')
param vambeApiKey string = ''

@secure()
@description('Chat incoming-webhook URL for Alerts__WebhookUrl; empty leaves the vault secret to be set after deployment.')
param alertsWebhookUrl string = ''

@secure()
@description('Standard Webhooks signing secret (whsec_ and base64) for Crm__SigningSecret; empty leaves the vault secret to be set after deployment.')
param crmSigningSecret string = ''

@description('Ingest__AuthMode: how the ingest endpoint authenticates Vambe.')
@allowed([
  'SharedSecret'
  'VambeSignature'
  'StandardWebhooks'
])
param ingestAuthMode string = 'SharedSecret'

@description('Ingest__SecretHeaderName: header that carries the shared secret.')
param ingestAuthHeaderName string = 'x-webhook-secret'

@description('Ingest__SecretQueryParameterName: query parameter read when the header is absent.')
param ingestAuthQueryParameterName string = 'secret'

@description('Ingest__AuthenticationDisabled: true leaves only the function key.')
param ingestAuthenticationDisabled bool = false

@description('Ingest__MaxBodyBytes: largest accepted body, in bytes.')
@minValue(1024)
@maxValue(4194304)
param ingestMaxBodyBytes int = 262144

@description('Ingest__RetryAfterSeconds: Retry-After sent with a 503, in seconds.')
@minValue(1)
@maxValue(3600)
param ingestRetryAfterSeconds int = 10

@description('Ingest__StorageBudgetMilliseconds: time allowed to enqueue one event, retries included.')
@minValue(500)
@maxValue(4500)
param ingestStorageBudgetMilliseconds int = 3000

@description('Ingest__SignatureToleranceSeconds: seconds a signed request\'s timestamp may differ from now.')
@minValue(1)
@maxValue(86400)
param ingestSignatureToleranceSeconds int = 300

@description('Processing__DedupRetentionDays: days an event id is remembered.')
@minValue(1)
@maxValue(3650)
param processingDedupRetentionDays int = 30

@description('Processing__ClaimLeaseSeconds: seconds a delivery holds its claim; keep it above the 5-minute function timeout.')
@minValue(30)
@maxValue(86400)
param processingClaimLeaseSeconds int = 600

@description('Outbound__AttemptTimeoutSeconds: seconds one HTTP attempt to Vambe, the chat webhook or the CRM may take.')
@minValue(1)
@maxValue(120)
param outboundAttemptTimeoutSeconds int = 10

@description('Outbound__TotalTimeoutSeconds: seconds one outbound call may take, all attempts and waits included.')
@minValue(1)
@maxValue(600)
param outboundTotalTimeoutSeconds int = 60

@description('Outbound__MaxRetryAttempts: retries after the first attempt of an outbound call.')
@minValue(0)
@maxValue(10)
param outboundMaxRetryAttempts int = 3

@description('Outbound__RetryDelayMilliseconds: base delay of the outbound retry backoff.')
@minValue(1)
@maxValue(60000)
param outboundRetryDelayMilliseconds int = 1000

@description('Vambe__BaseUrl: base URL of Vambe\'s API.')
param vambeBaseUrl string = 'https://api.vambe.me'

@description('Vambe__RemoveExistingAgents: whether assigning a team member removes the agents already on the chat.')
param vambeRemoveExistingAgents bool = false

@description('Crm__Url: CRM endpoint that receives signed events; empty turns CRM sync off.')
param crmUrl string = ''

@description('Routing__DefaultTeamMemberId: team member assigned when no routing rule names one; empty turns it off.')
param routingDefaultTeamMemberId string = ''

@description('Routing__DefaultAssignmentHours: hours during which a contact gets the default team member at most once.')
@minValue(1)
@maxValue(8760)
param routingDefaultAssignmentHours int = 24

@description('Funnel__QualifiedStages: comma-separated pipeline stages that count as qualified.')
param funnelQualifiedStages string = ''

@description('Alerts__Template: text of each chat alert; empty uses the app\'s default template.')
param alertsTemplate string = ''

var abbreviations = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var keyVaultSecretNames = {
  ingestSecrets: 'ingest-secrets'
  vambeApiKey: 'vambe-api-key'
  alertsWebhookUrl: 'alerts-webhook-url'
  crmSigningSecret: 'crm-signing-secret'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? '${abbreviations.resourcesResourceGroups}${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: resourceGroup
  params: {
    name: '${abbreviations.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: resourceGroup
  params: {
    name: '${abbreviations.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: storageSkuName
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbreviations.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbreviations.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: resourceGroup
  params: {
    name: '${abbreviations.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    enablePurgeProtection: keyVaultPurgeProtection
    secretNames: keyVaultSecretNames
    ingestSecrets: ingestSecrets
    vambeApiKey: vambeApiKey
    alertsWebhookUrl: alertsWebhookUrl
    crmSigningSecret: crmSigningSecret
  }
}

module rbac 'app/rbac.bicep' = {
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module function 'app/function.bicep' = {
  scope: resourceGroup
  // Creates the app after its role assignments, so that its first start does not race them.
  dependsOn: [
    rbac
  ]
  params: {
    planName: '${abbreviations.webServerFarms}${resourceToken}'
    appName: '${abbreviations.webSitesFunctions}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    secretNames: keyVaultSecretNames
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpAlwaysReadyInstanceCount: httpAlwaysReadyInstanceCount
    options: {
      ingestAuthMode: ingestAuthMode
      ingestSecretHeaderName: ingestAuthHeaderName
      ingestSecretQueryParameterName: ingestAuthQueryParameterName
      ingestAuthenticationDisabled: ingestAuthenticationDisabled
      ingestMaxBodyBytes: ingestMaxBodyBytes
      ingestRetryAfterSeconds: ingestRetryAfterSeconds
      ingestStorageBudgetMilliseconds: ingestStorageBudgetMilliseconds
      ingestSignatureToleranceSeconds: ingestSignatureToleranceSeconds
      processingDedupRetentionDays: processingDedupRetentionDays
      processingClaimLeaseSeconds: processingClaimLeaseSeconds
      outboundAttemptTimeoutSeconds: outboundAttemptTimeoutSeconds
      outboundTotalTimeoutSeconds: outboundTotalTimeoutSeconds
      outboundMaxRetryAttempts: outboundMaxRetryAttempts
      outboundRetryDelayMilliseconds: outboundRetryDelayMilliseconds
      vambeBaseUrl: vambeBaseUrl
      vambeRemoveExistingAgents: vambeRemoveExistingAgents
      crmUrl: crmUrl
      routingDefaultTeamMemberId: routingDefaultTeamMemberId
      routingDefaultAssignmentHours: routingDefaultAssignmentHours
      funnelQualifiedStages: funnelQualifiedStages
      alertsTemplate: alertsTemplate
    }
  }
}

module alerts 'app/alerts.bicep' = {
  scope: resourceGroup
  params: {
    actionGroupName: '${abbreviations.insightsActionGroups}${resourceToken}'
    deadLetterAlertName: '${abbreviations.insightsScheduledQueryRules}dead-letter-${resourceToken}'
    failureAlertName: '${abbreviations.insightsScheduledQueryRules}failures-${resourceToken}'
    noEventsAlertName: '${abbreviations.insightsScheduledQueryRules}no-events-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
    failureThreshold: failureAlertThreshold
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    noEventsWindowMinutes: noEventsAlertMinutes
    noEventsAlertEnabled: noEventsAlertEnabled
  }
}

module workbook 'app/workbook.bicep' = {
  scope: resourceGroup
  params: {
    displayName: 'Vambe operations (${environmentName})'
    location: location
    tags: tags
    workspaceId: monitoring.outputs.logAnalyticsId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${function.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
