using System.CommandLine;
using Azure;
using Azure.Identity;

namespace VambeFunctions.Cli.Infrastructure;

/// <summary>The output and error writers that an invocation was given.</summary>
public sealed record CommandOutput(TextWriter Out, TextWriter Error);

public static class CommandActions
{
    /// <summary>
    /// Sets a command's action with the failures every command shares turned into a message and
    /// an exit code: <see cref="CliException"/>, storage and sign-in errors, and cancellation.
    /// Other exceptions print their type and message without a stack trace.
    /// </summary>
    public static void SetHandler(this Command command, Func<ParseResult, CommandOutput, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var invocation = parseResult.InvocationConfiguration;
            var output = new CommandOutput(invocation.Output, invocation.Error);
            try
            {
                return await handler(parseResult, output, cancellationToken);
            }
            catch (CliException e)
            {
                output.Error.WriteLine(e.Message);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.Error.WriteLine("Stopped before the command finished.");
                return ExitCodes.Interrupted;
            }
            catch (AuthenticationFailedException e)
            {
                output.Error.WriteLine($"Azure sign-in failed: {FirstLine(e.Message)} Sign in with 'az login', or use --connection-string.");
                return ExitCodes.Unauthorized;
            }
            catch (Exception e) when (IsUnreachableStorage(e))
            {
                var cause = e is AggregateException aggregate ? aggregate.InnerExceptions[^1] : e;
                output.Error.WriteLine($"Could not reach storage: {FirstLine(cause.Message)} Check that Azurite or the account is reachable.");
                return ExitCodes.Unreachable;
            }
            catch (RequestFailedException e) when (e.Status is 401 or 403)
            {
                output.Error.WriteLine($"Storage rejected the request ({e.Status} {e.ErrorCode}). Check the account key, or the signed-in identity's data roles.");
                return ExitCodes.Unauthorized;
            }
            catch (RequestFailedException e)
            {
                output.Error.WriteLine($"Storage request failed ({e.Status} {e.ErrorCode}): {FirstLine(e.Message)}");
                return ExitCodes.RequestFailed;
            }
            catch (OperationCanceledException e)
            {
                output.Error.WriteLine($"Timed out: {FirstLine(e.Message)} Check that the endpoint is reachable.");
                return ExitCodes.Unreachable;
            }
            catch (Exception e)
            {
                output.Error.WriteLine($"Failed: {e.GetType().Name}: {FirstLine(e.Message)}");
                return ExitCodes.Failed;
            }
        });

    /// <summary>
    /// Whether the storage SDK gave up without a response. Status 0 means that no response arrived,
    /// a cancellation inside the SDK is its network timeout, and after its retries the SDK wraps
    /// each attempt's failure in an <see cref="AggregateException"/>.
    /// </summary>
    private static bool IsUnreachableStorage(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => inner is RequestFailedException { Status: 0 } or OperationCanceledException),
        _ => false,
    };

    public static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
}
