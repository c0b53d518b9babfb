using System.Text.Json.Nodes;
using VambeFunctions.Cli.Infrastructure;

namespace VambeFunctions.Tests.Cli;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whse…")]
    [InlineData("123456789012", "1234…")]
    [InlineData("short-value", "…")]
    [InlineData("", "…")]
    public void MaskSecret_ShowsFourOfLongValues(string secret, string expected) =>
        Assert.Equal(expected, Redaction.MaskSecret(secret));

    [Theory]
    [InlineData("https://app.azurewebsites.net/api/webhooks/vambe?code=fnKey0123456789", "https://app.azurewebsites.net/api/webhooks/vambe?code=fnKe…")]
    [InlineData("https://example.test/hook?a=1&secret=s3cret-value-long&b=2#frag", "https://example.test/hook?a=1&secret=s3cr…&b=2#frag")]
    [InlineData("https://user:p4ssw0rd@example.test/hook", "https://user:…@example.test/hook")]
    [InlineData("https://example.test/hook", "https://example.test/hook")]
    public void MaskUrl_MasksSecretParts(string url, string expected) =>
        Assert.Equal(expected, Redaction.MaskUrl(url));

    [Fact]
    public void WithoutQuery_DropsQueryAndFragment() =>
        Assert.Equal("https://example.test/api/webhooks/vambe", Redaction.WithoutQuery("https://example.test/api/webhooks/vambe?code=k#x"));

    [Fact]
    public void RedactJson_MasksNestedSecretsAndOmits()
    {
        var json = JsonNode.Parse("""
            {"apiKey":"key-0123456789abc","items":[{"url":"https://x.test/h?code=fnKey0123456789","signingSecret":"whsec_abcdefghijklmnop","payload":{"phone":"+56911112222"}}],"count":1}
            """);

        var redacted = Redaction.RedactJson(json, new HashSet<string> { "payload" })!;

        Assert.Equal("key-…", (string?)redacted["apiKey"]);
        Assert.Equal("https://x.test/h?code=fnKe…", (string?)redacted["items"]![0]!["url"]);
        Assert.Equal("whse…", (string?)redacted["items"]![0]!["signingSecret"]);
        Assert.Equal("[omitted]", (string?)redacted["items"]![0]!["payload"]);
        Assert.Equal(1, (int)redacted["count"]!);
        Assert.Equal("key-0123456789abc", (string?)json!["apiKey"]);
    }
}
