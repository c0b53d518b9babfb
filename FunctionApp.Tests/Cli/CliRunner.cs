using VambeFunctions.Cli;
using VambeFunctions.Cli.Infrastructure;

namespace VambeFunctions.Tests.Cli;

/// <summary>What one in-process run of vambe-ops returned and wrote.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}

/// <summary>
/// Runs vambe-ops commands in this process with their own environment variables and working
/// folder, so tests never change the test process's environment.
/// </summary>
public sealed class CliRunner : IDisposable
{
    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>An empty folder of its own by default, so no local.settings.json is found.</summary>
    public string WorkingDirectory { get; set; } = Directory.CreateTempSubdirectory("vambe-ops-").FullName;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var environment = new CliEnvironment(name => Variables.GetValueOrDefault(name), WorkingDirectory, Time);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCli.InvokeAsync(args, environment, output, error, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public void Dispose()
    {
        if (Directory.Exists(WorkingDirectory))
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
    }
}
