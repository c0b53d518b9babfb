namespace VambeFunctions.Cli.Infrastructure;

/// <summary>Exit codes of every command, so scripts can tell failures apart.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid usage (System.CommandLine's parse errors return it too) or an unexpected failure.</summary>
    public const int Failed = 1;

    /// <summary>A required environment variable or setting is missing or invalid.</summary>
    public const int Configuration = 2;

    /// <summary>The server rejected the API key, the secret or the signed-in identity.</summary>
    public const int Unauthorized = 3;

    /// <summary>The webhook, event, file or sample does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The endpoint refused the connection, could not be resolved or timed out.</summary>
    public const int Unreachable = 5;

    /// <summary>The server returned another error status.</summary>
    public const int RequestFailed = 6;

    /// <summary>The command was cancelled by Ctrl+C or SIGTERM. Shells report 130 for a SIGINT.</summary>
    public const int Interrupted = 130;
}
