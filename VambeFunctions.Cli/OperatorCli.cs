using System.CommandLine;
using VambeFunctions.Cli.DeadLetters;
using VambeFunctions.Cli.Events;
using VambeFunctions.Cli.Infrastructure;
using VambeFunctions.Cli.Webhooks;

namespace VambeFunctions.Cli;

/// <summary>The <c>vambe-ops</c> command tree.</summary>
public static class OperatorCli
{
    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var root = new RootCommand("Operate VambeFunctions: Vambe webhooks, test events and dead letters.");
        root.Add(new WebhookCommands(environment).Build());
        root.Add(new EventCommands(environment).Build());
        root.Add(new DeadLetterCommands(environment).Build());
        return root;
    }

    /// <summary>Parses and runs one command line, writing to the given writers, and returns its exit code.</summary>
    public static Task<int> InvokeAsync(string[] args, CliEnvironment environment, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return CreateRootCommand(environment).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
