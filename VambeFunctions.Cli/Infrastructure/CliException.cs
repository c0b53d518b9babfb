namespace VambeFunctions.Cli.Infrastructure;

/// <summary>
/// A failure the operator can fix. Its message is printed alone, without a stack trace, and
/// the command exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
