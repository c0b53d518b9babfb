using System.Text;
using System.Text.Json;
using VambeFunctions.Ingest;

namespace VambeFunctions.Tests.Ingest;

public sealed class EventIdsTests
{
    [Fact]
    public void MessageReceived_UsesMessageId()
    {
        var id = Create("message.received", """{"type":"message.received","data":{"messageId":"b3f1-e2d4"}}""");

        Assert.Equal("message.received:b3f1-e2d4", id);
    }

    [Fact]
    public void MessageReceived_AcceptsNumericMessageId()
    {
        var id = Create("message.received", """{"type":"message.received","data":{"messageId":88012345}}""");

        Assert.Equal("message.received:88012345", id);
    }

    [Fact]
    public void MessageSent_IncludesStatus()
    {
        var id = Create("message.sent", """{"type":"message.sent","data":{"messageId":"m-1","status":"read"}}""");

        Assert.Equal("message.sent:m-1:read", id);
    }

    [Fact]
    public void MessageWithoutMessageId_FallsBackToHash()
    {
        var id = Create("message.received", """{"type":"message.received","data":{"message":"hola"}}""");

        Assert.Matches("^message\\.received:[0-9a-f]{64}$", id);
    }

    [Fact]
    public void OtherTopics_HashIgnoresPropertyOrderAndWhitespace()
    {
        var compact = Create("ticket.created", """{"event":"ticket.created","data":{"a":1,"b":[1,2],"c":"é"}}""");
        var reordered = Create("ticket.created", """
            {
              "data": { "c": "\u00e9", "b": [ 1, 2 ], "a": 1.0 },
              "event": "ticket.created"
            }
            """);

        Assert.Equal(compact, reordered);
        Assert.Matches("^ticket\\.created:[0-9a-f]{64}$", compact);
    }

    [Fact]
    public void OtherTopics_DifferentContentGetsDifferentIds()
    {
        var first = Create("ticket.updated", """{"event":"ticket.updated","data":{"status":"OPEN"}}""");
        var second = Create("ticket.updated", """{"event":"ticket.updated","data":{"status":"CLOSED"}}""");
        var reorderedArray = Create("ticket.updated", """{"event":"ticket.updated","data":{"status":"OPEN","tags":[2,1]}}""");
        var array = Create("ticket.updated", """{"event":"ticket.updated","data":{"status":"OPEN","tags":[1,2]}}""");

        Assert.NotEqual(first, second);
        Assert.NotEqual(array, reorderedArray);
    }

    [Fact]
    public void SameBodyDifferentTopic_GetsDifferentIds()
    {
        const string body = """{"data":{"contact_id":"c-1"}}""";

        Assert.NotEqual(Create("contact.created", body), Create("contact.updated", body));
    }

    [Theory]
    [InlineData("a/b\\c#d?e")]
    [InlineData("tab\there\u0001")]
    [InlineData("emoji-😀-ñ")]
    [InlineData("quote'and%percent!(*)")]
    [InlineData("spaces and:colons")]
    public void UnsafeSourceIds_BecomeValidTableKeys(string messageId)
    {
        var body = JsonSerializer.Serialize(new { type = "message.received", data = new { messageId } });

        var id = Create("message.received", body);

        Assert.Matches("^message\\.received:[A-Za-z0-9._~%-]+$", id);
        Assert.Equal(messageId, Uri.UnescapeDataString(id["message.received:".Length..]));
    }

    [Fact]
    public void VeryLongSourceId_IsHashed()
    {
        var body = JsonSerializer.Serialize(new { type = "message.received", data = new { messageId = new string('7', 5000) } });

        var id = Create("message.received", body);

        Assert.Matches("^message\\.received:sha256-[0-9a-f]{64}$", id);
    }

    [Fact]
    public void UnknownTopicWithUnsafeCharacters_IsEncoded()
    {
        var id = Create("weird/topic#1", """{"event":"weird/topic#1"}""");

        Assert.StartsWith("weird%2Ftopic%231:", id);
    }

    private static string Create(string topic, string json)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        return EventIds.Create(topic, document.RootElement);
    }
}
