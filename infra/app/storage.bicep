// Storage account for the Functions host, the app's queues, tables and blob containers, and
// the Flex Consumption deployment package. Shared keys are off, so every client signs in with
// Microsoft Entra ID.

@description('Name of the storage account.')
param name string

param location string
param tags object

@description('Redundancy of the account, for example Standard_LRS or Standard_ZRS.')
param skuName string

// Names of every queue (with its -poison queue), table and blob container the app uses. They
// must equal the constants in FunctionApp/Storage/StorageNames.cs, which InfrastructureTests
// checks against the compiled template.
var storageNames = loadJsonContent('storage-names.json')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in concat(storageNames.containers, [storageNames.deploymentContainer]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in storageNames.queues: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in storageNames.tables: {
    parent: tableService
    name: tableName
  }
]

output name string = account.name
output id string = account.id
output blobServiceUri string = account.properties.primaryEndpoints.blob
output queueServiceUri string = account.properties.primaryEndpoints.queue
output tableServiceUri string = account.properties.primaryEndpoints.table

@description('URL of the blob container that holds the Flex Consumption deployment package.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${storageNames.deploymentContainer}'
