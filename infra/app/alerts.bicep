// Email alerts: one when the app archives a dead letter, one when function invocations fail
// more often than a threshold.

param actionGroupName string
param deadLetterAlertName string
param failureAlertName string
param location string
param tags object

@description('Resource id of the Application Insights component the alert queries read.')
param applicationInsightsId string

@description('Address that receives the alerts; empty creates the alert rules without a notification.')
param alertEmail string

@description('Failed requests plus exceptions within 15 minutes above which the failure alert fires.')
param failureThreshold int

var notify = !empty(alertEmail)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (notify) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    // Azure Monitor limits the short name to 12 characters.
    groupShortName: 'vambe-ops'
    emailReceivers: [
      {
        name: 'operator-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = notify
  ? {
      actionGroups: [
        actionGroup.id
      ]
    }
  : {}

// The app logs each archived dead letter at Error with event id 3000 and a message that starts
// with "Archived dead letter". Depending on whether the log reaches Application Insights
// through the Functions host or the worker, the event id is or is not in customDimensions,
// so the query also matches the message.
resource deadLetterAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: deadLetterAlertName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Vambe dead letter archived'
    description: 'A Vambe event was archived to the vambe-dead-letters container after failing or having no handler. Replay it from the blob once the cause is fixed.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'traces | where severityLevel >= 3 | where tostring(customDimensions.EventId) == "3000" or message startswith "Archived dead letter"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

resource failureAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: failureAlertName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Vambe function failures'
    description: 'Failed function invocations plus exceptions within 15 minutes went above ${failureThreshold}.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'union (requests | where success == false), exceptions'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: failureThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}
