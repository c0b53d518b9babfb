namespace VambeFunctions.Cli.Infrastructure;

/// <summary>
/// What the commands read from the process: environment variables, the working folder and the
/// clock. Tests pass their own, so they never change the test process's environment.
/// </summary>
public sealed class CliEnvironment(Func<string, string?> getVariable, string workingDirectory, TimeProvider time)
{
    public const string ApiKeyVariable = "VAMBE_API_KEY";
    public const string BaseUrlVariable = "VAMBE_BASE_URL";
    public const string WebhookSecretVariable = "VAMBE_WEBHOOK_SECRET";
    public const string StorageConnectionStringVariable = "VAMBE_STORAGE_CONNECTION_STRING";

    public string WorkingDirectory { get; } = workingDirectory;

    public TimeProvider Time { get; } = time;

    public static CliEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), TimeProvider.System);

    /// <summary>Returns the variable's value, or null when it is unset or empty.</summary>
    public string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
}
