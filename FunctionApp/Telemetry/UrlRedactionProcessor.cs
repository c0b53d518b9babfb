using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace VambeFunctions.Telemetry;

/// <summary>
/// Redacts URLs in exported spans: the query string is dropped, because it can carry a secret or
/// a function key, and a path segment of six or more digits becomes <c>{redacted}</c>, because
/// Vambe's tag URL carries the contact's phone number.
/// </summary>
public sealed partial class UrlRedactionProcessor : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "url.path", "url.query"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in UrlTags)
        {
            if (activity.GetTagItem(tag) is string value)
            {
                activity.SetTag(tag, tag == "url.query" ? null : Redact(value));
            }
        }

        if (activity.DisplayName.Contains('/'))
        {
            activity.DisplayName = Redact(activity.DisplayName);
        }
    }

    public static string Redact(string url)
    {
        var withoutQuery = url.Split('?', 2)[0];
        return DigitSegment().Replace(withoutQuery, "/{redacted}");
    }

    [GeneratedRegex(@"/[+]?\d{6,}(?=/|$)")]
    private static partial Regex DigitSegment();
}
