using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace VambeFunctions.Tests.Build;

/// <summary>
/// Compiles infra/main.bicep to an ARM template with the Bicep CLI from NuGet and checks what a
/// deployment would create: storage security, the app's queues, tables and containers, role
/// assignments, Key Vault references, app settings, alert rules and the operations workbook.
/// Also checks the GitHub workflows.
/// </summary>
public sealed partial class InfrastructureTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string FunctionAppType = "Microsoft.Web/sites";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string ScheduledQueryRuleType = "Microsoft.Insights/scheduledQueryRules";
    private const string WorkbookType = "Microsoft.Insights/workbooks";

    // Built-in role ids from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private static readonly string[] SecretSettings = ["Ingest__Secrets", "Vambe__ApiKey", "Alerts__WebhookUrl", "Crm__SigningSecret"];

    /// <summary>Settings the app reads that local.settings.sample.json does not list.</summary>
    private static readonly string[] DeployedOnlySettings =
    [
        "Ingest__AuthMode", "Ingest__SignatureToleranceSeconds", "Vambe__BaseUrl", "Vambe__RemoveExistingAgents",
        "Crm__Url", "Routing__DefaultTeamMemberId", "Routing__DefaultAssignmentHours", "Funnel__QualifiedStages",
        "Alerts__Template", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Local-only settings: identity-based settings replace the first, and Flex Consumption rejects the second.</summary>
    private static readonly string[] LocalOnlySettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    public static TheoryData<string> WorkflowFiles => new() { "ci.yml", "deploy.yml" };

    /// <summary>
    /// Each subject the operations workbook charts, with text that one of its queries must contain.
    /// </summary>
    public static TheoryData<string, string[]> WorkbookCharts => new()
    {
        { "accepted events per topic", ["\"vambe.ingest.events\"", "== \"accepted\"", "Properties.topic"] },
        { "rejections by reason", ["\"vambe.ingest.events\"", "!= \"accepted\"", "Properties.outcome"] },
        { "ingest latency percentiles", ["AppRequests", "\"IngestWebhook\"", "DurationMs, ItemCount, 50)", "DurationMs, ItemCount, 95)", "DurationMs, ItemCount, 99)"] },
        { "ingest duration from the histogram", ["\"vambe.ingest.duration\"", "sum(Sum) / sum(ItemCount)", "max(Max)"] },
        { "handler latency percentiles", ["AppRequests", "\"MessageReceived\"", "\"MessageSent\"", "\"TicketCreated\"", "\"TicketUpdated\"", "\"TicketClosed\"", "\"ContactCreated\"", "\"ContactUpdated\"", "\"StageChanged\"", "DurationMs, ItemCount, 95)"] },
        { "handler duration by topic", ["\"vambe.processing.duration\"", "== \"completed\"", "Properties.topic"] },
        { "handler failures", ["\"vambe.processing.duration\"", "== \"failed\""] },
        { "redeliveries", ["\"vambe.processing.redeliveries\""] },
        { "enqueue failures", ["\"vambe.ingest.enqueue_failures\""] },
        { "outbound calls by status", ["\"vambe.outbound.calls\"", "Properties.target", "Properties.status"] },
        { "dead letters by topic and source", ["\"vambe.deadletters.archived\"", "Properties.topic", "Properties.source"] },
        { "dead-letter log", ["AppTraces", "\"3000\"", "\"Archived dead letter\""] },
    };

    [Fact]
    public void StorageAccount_RejectsKeysAndAnonymousAccess()
    {
        var properties = compiled.Single(StorageAccountType).Resource["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("listKeys")]
    [InlineData("AccountKey")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("listConnectionStrings")]
    [InlineData("SharedAccessSignature")]
    public void Template_ContainsNoStorageCredential(string marker) =>
        Assert.DoesNotContain(marker, compiled.Json, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void ApiVersions_AreStable()
    {
        var previews = compiled.AllResources()
            .Select(found => $"{found.Resource["type"]}@{found.Resource["apiVersion"]}")
            .Where(version => version.Contains("preview", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(previews);
    }

    [Fact]
    public void Queues_IncludeEveryAppQueueAndPoisonQueue()
    {
        var provisioned = compiled.StorageNames("queues", "Microsoft.Storage/storageAccounts/queueServices/queues");

        Assert.All(QueueNames.All, name => Assert.Contains(name, provisioned));
        Assert.All(QueueNames.Poison, name => Assert.Contains(name, provisioned));
    }

    [Fact]
    public void Tables_IncludeEveryAppTable()
    {
        var provisioned = compiled.StorageNames("tables", "Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.All(TableNames.All, name => Assert.Contains(name, provisioned));
    }

    [Fact]
    public void Containers_IncludeEveryAppContainer()
    {
        var provisioned = compiled.StorageNames("containers", "Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.All(BlobContainerNames.All, name => Assert.Contains(name, provisioned));
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolatedOnFlexConsumption()
    {
        var plan = compiled.Single("Microsoft.Web/serverfarms").Resource;
        var app = compiled.Single(FunctionAppType).Resource;
        var config = app["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", app["kind"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Contains("http", config["scaleAndConcurrency"]!["alwaysReady"]!.AsArray().Select(group => group!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void DeploymentStorage_UsesUserAssignedIdentity()
    {
        var authentication = compiled.Single(FunctionAppType).Resource["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;

        Assert.Equal("UserAssignedIdentity", authentication["type"]!.GetValue<string>());
        Assert.NotNull(authentication["userAssignedIdentityResourceId"]);
    }

    [Fact]
    public void AppIdentity_HasEveryRole()
    {
        var roles = compiled.RoleAssignments("appPrincipalId");

        Assert.Contains((StorageAccountType, StorageBlobDataOwner), roles);
        Assert.Contains((StorageAccountType, StorageQueueDataContributor), roles);
        Assert.Contains((StorageAccountType, StorageTableDataContributor), roles);
        Assert.Contains(("Microsoft.Insights/components", MonitoringMetricsPublisher), roles);
        Assert.Contains(("Microsoft.KeyVault/vaults", KeyVaultSecretsUser), roles);
    }

    [Fact]
    public void Operator_GetsStorageDataRoles()
    {
        var roles = compiled.RoleAssignments("operatorPrincipalId");

        Assert.Contains((StorageAccountType, StorageBlobDataContributor), roles);
        Assert.Contains((StorageAccountType, StorageQueueDataContributor), roles);
        Assert.Contains((StorageAccountType, StorageTableDataContributor), roles);
    }

    [Fact]
    public void RoleAssignmentName_IsGuidOfScopePrincipalRole()
    {
        Assert.All(compiled.Resources(RoleAssignmentType), found =>
        {
            var name = found.Resource["name"]!.GetValue<string>();
            Assert.StartsWith("[guid(resourceId(", name);
            Assert.Contains("PrincipalId')", name);
            Assert.Contains("variables('", name);
        });
    }

    [Fact]
    public void KeyVault_UsesRbacAndSoftDelete()
    {
        var properties = compiled.Single("Microsoft.KeyVault/vaults").Resource["properties"]!;

        Assert.True(properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(properties["enableSoftDelete"]!.GetValue<bool>());
    }

    [Fact]
    public void SecretSettings_AreKeyVaultReferences()
    {
        var settings = compiled.AppSettings();
        var app = compiled.Single(FunctionAppType).Resource;

        Assert.Equal("[parameters('identityId')]", app["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.All(SecretSettings, name =>
            Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName={0};SecretName={1})'", settings[name]));
    }

    [Fact]
    public void AppSettings_IncludeEverySampleSetting()
    {
        var settings = compiled.AppSettings();
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "local.settings.sample.json")))!;
        var expected = sample["Values"]!.AsObject().Select(setting => setting.Key).Except(LocalOnlySettings).Concat(DeployedOnlySettings);

        Assert.All(expected, name => Assert.Contains(name, settings.Keys));
    }

    [Fact]
    public void AppSettings_OmitLocalOnlySettings()
    {
        var settings = compiled.AppSettings();

        Assert.All(LocalOnlySettings, name => Assert.DoesNotContain(name, settings.Keys));
    }

    [Fact]
    public void StorageSettings_UseManagedIdentity()
    {
        var settings = compiled.AppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("[parameters('blobServiceUri')]", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("[parameters('queueServiceUri')]", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("[parameters('tableServiceUri')]", settings["AzureWebJobsStorage__tableServiceUri"]);
    }

    [Fact]
    public void ApplicationInsights_AcceptsOnlyEntraTokens()
    {
        var component = compiled.Single("Microsoft.Insights/components").Resource;

        Assert.True(component["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            compiled.AppSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Alerts_WatchDeadLettersAndFailures()
    {
        var rules = compiled.Resources("Microsoft.Insights/scheduledQueryRules")
            .Select(found => found.Resource["properties"]!)
            .ToList();
        var queries = rules.Select(rule => rule["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>()).ToList();

        Assert.Contains(queries, query => query.Contains("\"3000\"") && query.Contains("Archived dead letter"));
        Assert.Contains(queries, query => query.Contains("success == false") && query.Contains("exceptions"));
        Assert.Contains(rules, rule => rule["windowSize"]!.GetValue<string>() == "PT15M");
    }

    [Fact]
    public void NoEventsAlert_UsesParameterizedWindow()
    {
        var rule = Assert.Single(compiled.Resources(ScheduledQueryRuleType), found => AlertQuery(found).Contains("vambe.ingest.events"));
        var properties = rule.Resource["properties"]!;
        var criterion = properties["criteria"]!["allOf"]![0]!;
        var moduleParameters = compiled.ModuleParameters(rule);
        var mainParameters = compiled.Root["parameters"]!;
        const string window = "[format('PT{0}M', parameters('noEventsWindowMinutes'))]";

        Assert.Contains("AppMetrics", AlertQuery(rule));
        Assert.Contains("tostring(Properties.outcome) == \"accepted\"", AlertQuery(rule));
        Assert.Equal("Count", criterion["timeAggregation"]!.GetValue<string>());
        Assert.Equal("LessThan", criterion["operator"]!.GetValue<string>());
        Assert.Equal(1, criterion["threshold"]!.GetValue<int>());
        Assert.Equal(window, properties["windowSize"]!.GetValue<string>());
        Assert.Equal(window, properties["evaluationFrequency"]!.GetValue<string>());
        Assert.Equal("[parameters('noEventsAlertEnabled')]", properties["enabled"]!.GetValue<string>());
        Assert.Equal("[parameters('logAnalyticsId')]", properties["scopes"]![0]!.GetValue<string>());
        Assert.Equal("[variables('actions')]", properties["actions"]!.GetValue<string>());
        Assert.Equal("[parameters('noEventsAlertMinutes')]", moduleParameters["noEventsWindowMinutes"]!["value"]!.GetValue<string>());
        Assert.Equal("[parameters('noEventsAlertEnabled')]", moduleParameters["noEventsAlertEnabled"]!["value"]!.GetValue<string>());
        Assert.Contains("logAnalyticsId", moduleParameters["logAnalyticsId"]!["value"]!.GetValue<string>());
        Assert.Equal(60, mainParameters["noEventsAlertMinutes"]!["defaultValue"]!.GetValue<int>());
        Assert.True(mainParameters["noEventsAlertEnabled"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Workbook_IsSharedOnTheWorkspace()
    {
        var workbook = compiled.Single(WorkbookType);
        var properties = workbook.Resource["properties"]!;
        var moduleParameters = compiled.ModuleParameters(workbook);

        Assert.Equal("shared", workbook.Resource["kind"]!.GetValue<string>());
        Assert.Equal("workbook", properties["category"]!.GetValue<string>());
        Assert.StartsWith("[guid(", workbook.Resource["name"]!.GetValue<string>());
        Assert.Equal("[parameters('workspaceId')]", properties["sourceId"]!.GetValue<string>());
        Assert.Contains("logAnalyticsId", moduleParameters["workspaceId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void WorkbookData_ParsesAsNotebook()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "infra", "app", "workbook.json")))!;
        var data = compiled.WorkbookData();
        var expressions = compiled.Single(WorkbookType).Template["variables"]!.AsObject()
            .Select(variable => variable.Value)
            .OfType<JsonValue>()
            .Select(value => value.GetValue<string>());
        var timeRange = data["items"]!.AsArray()
            .Where(item => item!["type"]!.GetValue<int>() == 9)
            .SelectMany(item => item!["content"]!["parameters"]!.AsArray())
            .SingleOrDefault(parameter => parameter!["name"]!.GetValue<string>() == "TimeRange");

        Assert.Equal("Notebook/1.0", file["version"]!.GetValue<string>());
        Assert.Equal("Notebook/1.0", data["version"]!.GetValue<string>());
        Assert.NotNull(timeRange);
        Assert.Contains(expressions, expression =>
            expression.Contains("'fallbackResourceIds'") && expression.Contains("parameters('workspaceId')"));
    }

    [Fact]
    public void WorkbookQueries_UseWorkspaceAndTimeRange()
    {
        var queries = compiled.WorkbookQueryItems();

        Assert.NotEmpty(queries);
        Assert.All(queries, content =>
        {
            Assert.Equal("KqlItem/1.0", content["version"]!.GetValue<string>());
            Assert.Equal("microsoft.operationalinsights/workspaces", content["resourceType"]!.GetValue<string>());
            Assert.Equal("TimeRange", content["timeContextFromParameter"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(content["title"]?.GetValue<string>()), $"Query without a title: {content["query"]}");
        });
    }

    [Theory]
    [MemberData(nameof(WorkbookCharts))]
    public void WorkbookQueries_ChartEverySubject(string subject, string[] fragments)
    {
        var queries = compiled.WorkbookQueryItems().Select(content => content["query"]!.GetValue<string>()).ToList();

        Assert.True(
            queries.Any(query => fragments.All(query.Contains)),
            $"No workbook query charts {subject}: none contains all of {string.Join(", ", fragments)}.");
    }

    [Fact]
    public void WorkbookQueries_AppearInReadme()
    {
        var readme = ReadReadme();
        var missing = compiled.WorkbookQueryItems()
            .Where(content => !readme.Contains(content["query"]!.GetValue<string>().ReplaceLineEndings("\n")))
            .Select(content => content["title"]!.GetValue<string>())
            .ToList();

        Assert.True(missing.Count == 0,
            $"README.md lacks the KQL of the workbook charts {string.Join("; ", missing)}. Copy each query from infra/app/workbook.json into \"Operating it\".");
    }

    [Fact]
    public void AlertQueries_AppearInReadme()
    {
        var readme = ReadReadme();
        var missing = compiled.Resources(ScheduledQueryRuleType)
            .Select(AlertQuery)
            .Where(query => !readme.Contains(query))
            .ToList();

        Assert.True(missing.Count == 0,
            $"README.md lacks the alert queries {string.Join("; ", missing)}. Copy each query from infra/app/alerts.bicep into \"Operating it\".");
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_ParsesAsYaml(string file)
    {
        var root = LoadWorkflow(file);

        Assert.True(root.Children.ContainsKey(new YamlScalarNode("jobs")), $"{file} has no jobs.");
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_PinsEveryAction(string file)
    {
        var actions = LoadWorkflow(file).AllNodes
            .OfType<YamlMappingNode>()
            .SelectMany(mapping => mapping.Children)
            .Where(entry => entry.Key is YamlScalarNode { Value: "uses" })
            .Select(entry => ((YamlScalarNode)entry.Value).Value!)
            .ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.Matches(PinnedAction(), action));
    }

    [Fact]
    public void DeployWorkflow_SignsInWithOpenIdConnect()
    {
        var text = File.ReadAllText(WorkflowPath("deploy.yml"));
        var root = LoadWorkflow("deploy.yml");
        var permissions = (YamlMappingNode)root["permissions"];
        var job = (YamlMappingNode)((YamlMappingNode)root["jobs"]).Children.Single().Value;

        Assert.Equal("write", ((YamlScalarNode)permissions["id-token"]).Value);
        Assert.Equal("production", ((YamlScalarNode)job["environment"]).Value);
        Assert.Contains("azure/login@", text);
        Assert.DoesNotContain("secrets.", text);
    }

    private static string AlertQuery(TemplateResource rule) =>
        rule.Resource["properties"]!["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>();

    private static string ReadReadme() =>
        File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md")).ReplaceLineEndings("\n");

    private static string WorkflowPath(string file) => Path.Combine(RepositoryFiles.Root, ".github", "workflows", file);

    private static YamlMappingNode LoadWorkflow(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(WorkflowPath(file)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>owner/repository[/path]@ a version tag such as v4 or v2.1.0, or a full commit hash.</summary>
    [GeneratedRegex(@"^[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();
}

/// <summary>A resource of the compiled template, with the template (main or module) that declares it.</summary>
public sealed record TemplateResource(JsonObject Resource, JsonObject Template);

/// <summary>infra/main.bicep compiled once per test class, with queries over its resources.</summary>
public sealed partial class CompiledTemplate
{
    public CompiledTemplate()
    {
        Json = Compile();
        Root = JsonNode.Parse(Json)!.AsObject();
    }

    /// <summary>The ARM template as JSON text.</summary>
    public string Json { get; }

    public JsonObject Root { get; }

    /// <summary>
    /// Every resource in the template and its nested module templates. Bicep writes a template's
    /// resources as an array, or as an object keyed by symbolic name when it uses language
    /// version 2.0, so the walk accepts both.
    /// </summary>
    public IEnumerable<TemplateResource> AllResources() => Walk(Root, Root);

    public IEnumerable<TemplateResource> Resources(string type) =>
        AllResources().Where(found => string.Equals(found.Resource["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    public TemplateResource Single(string type) => Assert.Single(Resources(type));

    /// <summary>App settings of the function app, by name, with their values as ARM expressions or literals.</summary>
    public Dictionary<string, string> AppSettings() =>
        Single("Microsoft.Web/sites").Resource["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => setting!["name"]!.GetValue<string>(), setting => setting!["value"]!.GetValue<string>());

    /// <summary>
    /// Parameters that the parent template passes to the module declaring <paramref name="found"/>,
    /// by name, each with its <c>value</c> expression.
    /// </summary>
    public JsonObject ModuleParameters(TemplateResource found) =>
        Resources("Microsoft.Resources/deployments")
            .Select(deployment => deployment.Resource["properties"]!)
            .Single(properties => ReferenceEquals(properties["template"], found.Template))["parameters"]!
            .AsObject();

    /// <summary>
    /// The workbook definition in serializedData. A literal is parsed as it is. For an expression
    /// such as <c>string(variables('definition'))</c>, the module variable that contains the loaded
    /// workbook.json is written out as text and parsed back.
    /// </summary>
    public JsonObject WorkbookData()
    {
        var found = Single("Microsoft.Insights/workbooks");
        var serializedData = found.Resource["properties"]!["serializedData"]!.GetValue<string>();
        if (!serializedData.StartsWith('['))
        {
            return JsonNode.Parse(serializedData)!.AsObject();
        }

        Assert.StartsWith("[string(", serializedData);
        var loaded = found.Template["variables"]!.AsObject()
            .Select(variable => variable.Value)
            .OfType<JsonObject>()
            .Single(value => value["version"]?.GetValue<string>() == "Notebook/1.0");
        return JsonNode.Parse(loaded.ToJsonString())!.AsObject();
    }

    /// <summary>The content of every query item (KqlItem) in the workbook, including items inside groups.</summary>
    public IReadOnlyList<JsonObject> WorkbookQueryItems()
    {
        var items = new List<JsonObject>();
        CollectQueryItems(WorkbookData()["items"]!.AsArray(), items);
        return items;
    }

    private static void CollectQueryItems(JsonArray items, List<JsonObject> found)
    {
        foreach (var item in items.OfType<JsonObject>())
        {
            var content = item["content"] as JsonObject;
            if (item["type"]!.GetValue<int>() == 3 && content is not null)
            {
                found.Add(content);
            }
            else if (content?["items"] is JsonArray nested)
            {
                CollectQueryItems(nested, found);
            }
        }
    }

    /// <summary>
    /// Names in one list of infra/app/storage-names.json, read from the storage module's variables,
    /// after checking that the resource loop of <paramref name="type"/> iterates over that list.
    /// </summary>
    public IReadOnlyList<string> StorageNames(string list, string type)
    {
        var found = Single(type);
        var loop = found.Resource["copy"]!["count"]!.GetValue<string>();
        Assert.Contains($".{list}", loop);

        var names = found.Template["variables"]!.AsObject()
            .Select(variable => variable.Value)
            .OfType<JsonObject>()
            .Single(value => value.ContainsKey("queues") && value.ContainsKey("tables") && value.ContainsKey("containers"));
        return [.. names[list]!.AsArray().Select(name => name!.GetValue<string>())];
    }

    /// <summary>
    /// (scope type, role definition id) of each role assignment whose principal is the named
    /// module parameter, resolving role ids that the template keeps in variables.
    /// </summary>
    public HashSet<(string Scope, string RoleId)> RoleAssignments(string principalParameter)
    {
        var roles = new HashSet<(string, string)>();
        foreach (var found in Resources("Microsoft.Authorization/roleAssignments"))
        {
            var properties = found.Resource["properties"]!;
            if (properties["principalId"]!.GetValue<string>() != $"[parameters('{principalParameter}')]")
            {
                continue;
            }

            var scope = ScopeType().Match(found.Resource["scope"]!.GetValue<string>());
            Assert.True(scope.Success, $"Unexpected scope {found.Resource["scope"]}.");
            var roleArgument = RoleDefinitionArgument().Match(properties["roleDefinitionId"]!.GetValue<string>());
            Assert.True(roleArgument.Success, $"Unexpected roleDefinitionId {properties["roleDefinitionId"]}.");
            foreach (var roleId in Resolve(roleArgument.Groups["argument"].Value, found.Template))
            {
                roles.Add((scope.Groups["type"].Value, roleId));
            }
        }

        return roles;
    }

    /// <summary>
    /// Values of the ARM expressions Bicep writes for role ids: <c>variables('a').b</c>, and
    /// <c>variables('a')[copyIndex()]</c> in a resource loop, which means every element of a.
    /// </summary>
    private static IEnumerable<string> Resolve(string expression, JsonObject template)
    {
        var variables = template["variables"]!;
        if (LoopElement().Match(expression) is { Success: true } loop)
        {
            foreach (var element in variables[loop.Groups["name"].Value]!.AsArray())
            {
                var value = element!.GetValue<string>();
                foreach (var resolved in value.StartsWith('[') ? Resolve(value[1..^1], template) : [value])
                {
                    yield return resolved;
                }
            }
        }
        else if (VariableProperty().Match(expression) is { Success: true } property)
        {
            yield return variables[property.Groups["name"].Value]![property.Groups["property"].Value]!.GetValue<string>();
        }
        else
        {
            Assert.Fail($"Unexpected role id expression {expression}.");
        }
    }

    private static IEnumerable<TemplateResource> Walk(JsonNode? node, JsonObject template)
    {
        if (node is JsonObject obj)
        {
            if (obj.ContainsKey("contentVersion") && obj.ContainsKey("resources"))
            {
                template = obj;
            }

            if (obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && obj.ContainsKey("apiVersion"))
            {
                yield return new TemplateResource(obj, template);
            }

            foreach (var child in obj.Select(property => property.Value).SelectMany(value => Walk(value, template)))
            {
                yield return child;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.SelectMany(value => Walk(value, template)))
            {
                yield return child;
            }
        }
    }

    /// <summary>
    /// Runs <c>bicep build --no-restore</c> (every module is local, and without the flag the CLI
    /// also downloads the public module index). The binary comes from BICEP_PATH, which
    /// scripts/test.sh sets, or else from scripts/bicep-path.sh.
    /// </summary>
    private static string Compile()
    {
        var bicep = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (string.IsNullOrEmpty(bicep))
        {
            bicep = Run("bash", [Path.Combine(RepositoryFiles.Root, "scripts", "bicep-path.sh")]).Trim();
        }

        return Run(bicep, ["build", Path.Combine(RepositoryFiles.Root, "infra", "main.bicep"), "--no-restore", "--stdout"]);
    }

    private static string Run(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error.Result}");
        }

        return output.Result;
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (?<argument>.+)\)\]$")]
    private static partial Regex RoleDefinitionArgument();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', ")]
    private static partial Regex ScopeType();

    [GeneratedRegex(@"^variables\('(?<name>\w+)'\)\[copyIndex\(\)\]$")]
    private static partial Regex LoopElement();

    [GeneratedRegex(@"^variables\('(?<name>\w+)'\)\.(?<property>\w+)$")]
    private static partial Regex VariableProperty();
}
