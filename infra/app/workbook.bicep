// Shared Azure Monitor workbook with the operator's charts: accepted events, rejections, ingest
// and handler latency, failures and dead letters. The charts are defined in workbook.json and
// query the Log Analytics workspace, where workspace-based Application Insights writes AppMetrics,
// AppRequests and AppTraces.

param displayName string
param location string
param tags object

@description('Resource id of the Log Analytics workspace that the charts query.')
param workspaceId string

// fallbackResourceIds names the workspace that the queries run against when the workbook is
// opened without a resource, for example from a shared link.
var definition = union(loadJsonContent('workbook.json'), {
  fallbackResourceIds: [
    workspaceId
  ]
})

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(workspaceId, 'vambe-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    // A workbook whose source is the workspace is listed under the workspace's Workbooks.
    sourceId: workspaceId
    serializedData: string(definition)
  }
}
