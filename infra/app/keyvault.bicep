// Key Vault in Azure RBAC mode for the app's secrets. The function app reads them through Key
// Vault references, so no secret value is stored in an app setting or in this template.

import { secretNameSet } from 'types.bicep'

param name string
param location string
param tags object

@description('Days that a deleted vault or secret can be recovered (7 to 90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Whether a deleted vault or secret must wait out its retention period before it is purged. Once on, it cannot be turned off.')
param enablePurgeProtection bool

@description('Names of the vault secrets.')
param secretNames secretNameSet

@secure()
@description('Value of Ingest__Secrets; the secret is created only when this is not empty.')
param ingestSecrets string

@secure()
@description('Value of Vambe__ApiKey; the secret is created only when this is not empty.')
param vambeApiKey string

@secure()
@description('Value of Alerts__WebhookUrl; the secret is created only when this is not empty.')
param alertsWebhookUrl string

@secure()
@description('Value of Crm__SigningSecret; the secret is created only when this is not empty.')
param crmSigningSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Key Vault accepts only true here, so the property is left out when protection is off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    // The Flex Consumption app has no virtual network here, so it reaches the vault over the
    // public endpoint. Every request still needs a Microsoft Entra token and an RBAC role.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource ingestSecretsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(ingestSecrets)) {
  parent: vault
  name: secretNames.ingestSecrets
  properties: {
    value: ingestSecrets
  }
}

resource vambeApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(vambeApiKey)) {
  parent: vault
  name: secretNames.vambeApiKey
  properties: {
    value: vambeApiKey
  }
}

resource alertsWebhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertsWebhookUrl)) {
  parent: vault
  name: secretNames.alertsWebhookUrl
  properties: {
    value: alertsWebhookUrl
  }
}

resource crmSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(crmSigningSecret)) {
  parent: vault
  name: secretNames.crmSigningSecret
  properties: {
    value: crmSigningSecret
  }
}

output id string = vault.id
output name string = vault.name
