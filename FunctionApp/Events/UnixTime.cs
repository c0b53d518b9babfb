namespace VambeFunctions.Events;

/// <summary>Reads Unix timestamps whose unit is not stated.</summary>
public static class UnixTime
{
    /// <summary>
    /// Values at or above this are milliseconds: as seconds they would fall after the year 5138,
    /// and as milliseconds every value below it falls before 2001.
    /// </summary>
    public const long MillisecondsThreshold = 100_000_000_000;

    public static DateTimeOffset? ToDateTime(long value)
    {
        try
        {
            return value >= MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(value)
                : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
