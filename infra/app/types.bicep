// Types shared by main.bicep and its modules.

@export()
@description('Non-secret app settings of the function app; main.bicep documents each one.')
type appOptions = {
  ingestAuthMode: string
  ingestSecretHeaderName: string
  ingestSecretQueryParameterName: string
  ingestAuthenticationDisabled: bool
  ingestMaxBodyBytes: int
  ingestRetryAfterSeconds: int
  ingestStorageBudgetMilliseconds: int
  ingestSignatureToleranceSeconds: int
  processingDedupRetentionDays: int
  processingClaimLeaseSeconds: int
  outboundAttemptTimeoutSeconds: int
  outboundTotalTimeoutSeconds: int
  outboundMaxRetryAttempts: int
  outboundRetryDelayMilliseconds: int
  vambeBaseUrl: string
  vambeRemoveExistingAgents: bool
  crmUrl: string
  routingDefaultTeamMemberId: string
  routingDefaultAssignmentHours: int
  funnelQualifiedStages: string
  alertsTemplate: string
}

@export()
@description('Names of the Key Vault secrets that the app settings of the same meaning refer to.')
type secretNameSet = {
  ingestSecrets: string
  vambeApiKey: string
  alertsWebhookUrl: string
  crmSigningSecret: string
}
