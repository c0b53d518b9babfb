// Flex Consumption plan and the Linux function app. The app signs in to storage, Key Vault and
// Application Insights with the user-assigned identity, so no app setting holds a key or a
// storage connection string.

import { appOptions, secretNameSet } from 'types.bicep'

param planName string
param appName string
param location string
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

param storageAccountName string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

param applicationInsightsConnectionString string
param keyVaultName string
param secretNames secretNameSet

@description('Largest number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Instances kept running for the HTTP trigger group.')
param httpAlwaysReadyInstanceCount int

param options appOptions

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd deploys the `api` service to the app that carries this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex Consumption scales every HTTP-triggered function as one group named `http`, so
        // the always-ready instances for IngestWebhook are set on that group. A name of the
        // form `function:<name>` applies only to functions outside the HTTP, blob and durable
        // groups.
        alwaysReady: [
          {
            name: 'http'
            instanceCount: httpAlwaysReadyInstanceCount
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Identity-based storage for the Functions host and for the app's own clients.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobServiceUri
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueServiceUri
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableServiceUri
        }
        // Application Insights accepts only Microsoft Entra tokens (local auth is off).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // Secrets, resolved from Key Vault with the user-assigned identity.
        {
          name: 'Ingest__Secrets'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.ingestSecrets})'
        }
        {
          name: 'Vambe__ApiKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.vambeApiKey})'
        }
        {
          name: 'Alerts__WebhookUrl'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.alertsWebhookUrl})'
        }
        {
          name: 'Crm__SigningSecret'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.crmSigningSecret})'
        }
        {
          name: 'Ingest__AuthMode'
          value: options.ingestAuthMode
        }
        {
          name: 'Ingest__SecretHeaderName'
          value: options.ingestSecretHeaderName
        }
        {
          name: 'Ingest__SecretQueryParameterName'
          value: options.ingestSecretQueryParameterName
        }
        {
          name: 'Ingest__AuthenticationDisabled'
          value: string(options.ingestAuthenticationDisabled)
        }
        {
          name: 'Ingest__MaxBodyBytes'
          value: string(options.ingestMaxBodyBytes)
        }
        {
          name: 'Ingest__RetryAfterSeconds'
          value: string(options.ingestRetryAfterSeconds)
        }
        {
          name: 'Ingest__StorageBudgetMilliseconds'
          value: string(options.ingestStorageBudgetMilliseconds)
        }
        {
          name: 'Ingest__SignatureToleranceSeconds'
          value: string(options.ingestSignatureToleranceSeconds)
        }
        {
          name: 'Processing__DedupRetentionDays'
          value: string(options.processingDedupRetentionDays)
        }
        {
          name: 'Processing__ClaimLeaseSeconds'
          value: string(options.processingClaimLeaseSeconds)
        }
        {
          name: 'Outbound__AttemptTimeoutSeconds'
          value: string(options.outboundAttemptTimeoutSeconds)
        }
        {
          name: 'Outbound__TotalTimeoutSeconds'
          value: string(options.outboundTotalTimeoutSeconds)
        }
        {
          name: 'Outbound__MaxRetryAttempts'
          value: string(options.outboundMaxRetryAttempts)
        }
        {
          name: 'Outbound__RetryDelayMilliseconds'
          value: string(options.outboundRetryDelayMilliseconds)
        }
        {
          name: 'Vambe__BaseUrl'
          value: options.vambeBaseUrl
        }
        {
          name: 'Vambe__RemoveExistingAgents'
          value: string(options.vambeRemoveExistingAgents)
        }
        {
          name: 'Crm__Url'
          value: options.crmUrl
        }
        {
          name: 'Routing__DefaultTeamMemberId'
          value: options.routingDefaultTeamMemberId
        }
        {
          name: 'Routing__DefaultAssignmentHours'
          value: string(options.routingDefaultAssignmentHours)
        }
        {
          name: 'Funnel__QualifiedStages'
          value: options.funnelQualifiedStages
        }
        {
          name: 'Alerts__Template'
          value: options.alertsTemplate
        }
      ]
    }
  }
}

// azd and the Azure CLI deploy with a Microsoft Entra token, so basic (user name and password)
// authentication to the deployment endpoint is off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
