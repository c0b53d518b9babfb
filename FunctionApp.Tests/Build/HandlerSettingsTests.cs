using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Build;

public sealed class HandlerSettingsTests
{
    [Fact]
    public async Task ExampleRules_Start()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", Rule("Keywords:0", "urgente", "Tags:0", "urgent", "Vambe:ApiKey", "key"));

        await app.StartAsync();
    }

    [Fact]
    public async Task RuleWithoutKeywords_FailsStartup()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", Rule("Alert", "true"));

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("Routing:Rules:0:Keywords", error.Message);
    }

    [Fact]
    public async Task RuleThatDoesNothing_FailsStartup()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", Rule("Keywords:0", "hola"));

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("Routing:Rules:0 does nothing", error.Message);
    }

    [Fact]
    public async Task TaggingRuleWithoutApiKey_FailsStartup()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", Rule("Keywords:0", "urgente", "Tags:0", "urgent"));

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("Vambe:ApiKey", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64 !")]
    public async Task CrmWithoutValidSecret_FailsStartup(string? secret)
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", new Dictionary<string, string?>
        {
            ["Crm:Url"] = "https://crm.example.test/events",
            ["Crm:SigningSecret"] = secret,
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("Crm:SigningSecret", error.Message);
    }

    [Fact]
    public async Task InvalidAlertUrl_FailsStartup()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", new Dictionary<string, string?> { ["Alerts:WebhookUrl"] = "not a url" });

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains("WebhookUrl", error.Message);
    }

    [Fact]
    public async Task SampleLocalSettings_Start()
    {
        using var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(value => value.Name.Replace("__", ":"), value => (string?)value.Value.GetString());
        await using var app = new TestApp("UseDevelopmentStorage=true", settings);

        await app.StartAsync();
    }

    [Fact]
    public async Task EmptyOptionalUrls_Start()
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = "",
            ["Crm:Url"] = "",
            ["Crm:SigningSecret"] = "",
        });

        await app.StartAsync();
    }

    [Theory]
    [InlineData("Ingest:Secrets")]
    [InlineData("Vambe:ApiKey")]
    [InlineData("Alerts:WebhookUrl")]
    [InlineData("Crm:SigningSecret")]
    public async Task UnresolvedKeyVaultReference_FailsStartup(string setting)
    {
        await using var app = new TestApp("UseDevelopmentStorage=true", new Dictionary<string, string?>
        {
            ["Crm:Url"] = "https://crm.example.test/events",
            ["Crm:SigningSecret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            [setting] = "@Microsoft.KeyVault(VaultName=kv-vambe;SecretName=secret)",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains($"{setting} is an unresolved Key Vault reference", error.Message);
    }

    private static Dictionary<string, string?> Rule(params string[] pairs)
    {
        var settings = new Dictionary<string, string?> { ["Routing:Rules:0:Name"] = "rule" };
        for (var index = 0; index < pairs.Length; index += 2)
        {
            var key = pairs[index].Contains(':') && pairs[index].StartsWith("Vambe", StringComparison.Ordinal)
                ? pairs[index]
                : $"Routing:Rules:0:{pairs[index]}";
            settings[key] = pairs[index + 1];
        }

        return settings;
    }
}
