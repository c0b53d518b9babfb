// Email alerts: one when the app archives a dead letter, one when function invocations fail
// more often than a threshold, and one when no event has been accepted for a while.

param actionGroupName string
param deadLetterAlertName string
param failureAlertName string
param noEventsAlertName string
param location string
param tags object

@description('Resource id of the Application Insights component the alert queries read.')
param applicationInsightsId string

@description('Address that receives the alerts; empty creates the alert rules without a notification.')
param alertEmail string

@description('Failed requests plus exceptions within 15 minutes above which the failure alert fires.')
param failureThreshold int

@description('Resource id of the Log Analytics workspace that the no-events alert queries.')
param logAnalyticsId string

@description('Minutes without an accepted event after which the no-events alert fires; also how often it is evaluated.')
param noEventsWindowMinutes int

@description('Whether the no-events alert rule is enabled.')
param noEventsAlertEnabled bool

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
// with "Archived dead letter". Its templates name the Vambe event id {VambeEventId}, so the Azure
// Monitor OpenTelemetry exporter can put the log's own event id under customDimensions.EventId,
// which it fills only when no template value has taken that key. The query matches the message
// text too, in case another exporter names the key differently.
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

// Vambe can deactivate a webhook after repeated failed deliveries and then sends nothing, so a
// quiet period is the only sign. The query returns one row per metric export that counted an
// accepted event; the Count aggregation over no rows is 0, which fires the alert.
resource noEventsAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: noEventsAlertName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Vambe no events accepted'
    description: 'No Vambe event was accepted within ${noEventsWindowMinutes} minutes. Check that the webhook is still active in Vambe and that its URL, function key and secret are current.'
    severity: 2
    enabled: noEventsAlertEnabled
    scopes: [
      logAnalyticsId
    ]
    evaluationFrequency: 'PT${noEventsWindowMinutes}M'
    windowSize: 'PT${noEventsWindowMinutes}M'
    criteria: {
      allOf: [
        {
          query: 'AppMetrics | where Name == "vambe.ingest.events" | where tostring(Properties.outcome) == "accepted" | where Sum > 0'
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
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
