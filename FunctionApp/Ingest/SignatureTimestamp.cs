using System.Globalization;
using VambeFunctions.Events;

namespace VambeFunctions.Ingest;

/// <summary>Checks the timestamp header of a signed webhook against the replay window.</summary>
public static class SignatureTimestamp
{
    /// <summary>
    /// Returns null when the timestamp is a Unix time within <paramref name="tolerance"/> of now,
    /// else the failure. Values from 10^11 up are read as milliseconds, smaller ones as seconds.
    /// </summary>
    public static AuthenticationResult? Check(string? header, string headerName, TimeSpan tolerance, DateTimeOffset now)
    {
        if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || UnixTime.ToDateTime(value) is not { } sentAt)
        {
            return AuthenticationResult.Fail(AuthenticationResult.MalformedHeader, $"The '{headerName}' header must be a Unix time.");
        }

        return (now - sentAt).Duration() > tolerance
            ? AuthenticationResult.Fail(AuthenticationResult.TimestampOutsideTolerance,
                $"The '{headerName}' header is more than {tolerance.TotalSeconds:0} seconds from the current time.")
            : null;
    }
}
