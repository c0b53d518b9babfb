using System.Text;
using System.Text.Json.Nodes;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Ingest;

/// <summary>A generated corpus of malformed and hostile webhook bodies.</summary>
public static class HostileCorpus
{
    public sealed record Case(string Name, byte[] Body, string ContentType = "application/json")
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> All { get; } = [.. Build()];

    private static IEnumerable<Case> Build() =>
        InvalidJson().Concat(InvalidBytes()).Concat(Nesting()).Concat(Numbers()).Concat(DuplicateKeys())
            .Concat(FormBodies()).Concat(Topics()).Concat(WrongTypes());

    private static IEnumerable<Case> InvalidJson()
    {
        string[] bodies =
        [
            "", " ", "\r\n\t ", "{", "}", "[", "]", "{\"event\":", "{\"event\":\"ticket.created\"", "{'event':'ticket.created'}",
            "{event:\"ticket.created\"}", "{\"event\":\"ticket.created\",}", "{\"event\":\"ticket.created\"} trailing",
            "{\"event\":\"ticket.created\"}{}", "{\"event\":\"ticket.created\"}\n\n]", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}",
            "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "/* comment */ {\"event\":\"ticket.created\"}", "{\"event\":\"ticket.created\"} // x",
            "{\"event\":\"tab\there\"}", "{\"event\":\"\\x41\"}", "{\"event\":\"\\u12\"}", "null", "true", "false", "0", "-1", "1e999",
            "\"ticket.created\"", "[]", "[{\"event\":\"ticket.created\"}]", "{}", "{\"data\":{}}", "{\"event\":null}", "{\"event\":\"\"}",
            "{\"event\":\"   \"}", "{\"event\":[\"ticket.created\"]}", "{\"event\":{\"name\":\"ticket.created\"}}", "{\"type\":7}",
        ];
        return bodies.Select((body, index) => new Case($"invalid-json-{index}", Encoding.UTF8.GetBytes(body)));
    }

    private static IEnumerable<Case> InvalidBytes()
    {
        byte[][] fragments =
        [
            [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82],
            [0x00], [0x00, 0x00, 0x00], [0x1B, 0x5B, 0x33, 0x31, 0x6D],
        ];
        foreach (var (fragment, index) in fragments.Select((fragment, index) => (fragment, index)))
        {
            yield return new Case($"bytes-in-string-{index}", Concat("{\"event\":\"ticket.created\",\"data\":{\"note\":\"", fragment, "\"}}"));
            yield return new Case($"bytes-in-topic-{index}", Concat("{\"event\":\"ticket.", fragment, "\"}"));
            yield return new Case($"bytes-outside-{index}", Concat("", fragment, "{\"event\":\"ticket.created\"}"));
        }

        yield return new Case("byte-order-mark", Concat("", [0xEF, 0xBB, 0xBF], "{\"event\":\"ticket.created\"}"));
        yield return new Case("utf16-body", Encoding.Unicode.GetBytes("{\"event\":\"ticket.created\"}"));
        yield return new Case("escaped-nul-in-topic", Encoding.UTF8.GetBytes("{\"event\":\"ticket\\u0000created\"}"));
        yield return new Case("lone-surrogate-in-text", Encoding.UTF8.GetBytes(
            "{\"type\":\"message.received\",\"data\":{\"messageId\":\"m-ls\",\"message\":\"urgente \\ud83d\"}}"));
        yield return new Case("lone-surrogate-escape", Encoding.UTF8.GetBytes("{\"type\":\"message.received\",\"data\":{\"messageId\":\"\\ud800\"}}"));
    }

    private static IEnumerable<Case> Nesting()
    {
        foreach (var depth in new[] { 10_000, 1_000, 65, 62 })
        {
            yield return new Case($"nested-arrays-{depth}",
                Encoding.UTF8.GetBytes("{\"event\":\"ticket.created\",\"data\":" + new string('[', depth) + new string(']', depth) + "}"));
            yield return new Case($"nested-objects-{depth}",
                Encoding.UTF8.GetBytes("{\"event\":\"ticket.created\",\"data\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1"
                    + new string('}', depth) + "}"));
        }
    }

    private static IEnumerable<Case> Numbers()
    {
        string[] numbers = ["1e999999", "-1e-999999", "123456789012345678901234567890123456789", "0.0000000000000000000000000001", "-0", "9223372036854775808"];
        foreach (var (number, index) in numbers.Select((number, index) => (number, index)))
        {
            yield return new Case($"number-message-id-{index}", Encoding.UTF8.GetBytes(
                $"{{\"type\":\"message.received\",\"aiContactId\":{number},\"data\":{{\"messageId\":{number},\"fromNumber\":{number}}}}}"));
            yield return new Case($"number-timestamp-{index}", Encoding.UTF8.GetBytes(
                $"{{\"event\":\"stage.changed\",\"timestamp\":{number},\"data\":{{\"pipeline_id\":{number},\"new_stage_id\":{number}}}}}"));
        }
    }

    private static IEnumerable<Case> DuplicateKeys()
    {
        string[] bodies =
        [
            "{\"event\":\"ticket.created\",\"event\":\"contact.created\",\"data\":{}}",
            "{\"event\":\"ticket.created\",\"data\":{\"ticket_id\":\"a\",\"ticket_id\":\"b\"}}",
            "{\"event\":\"ticket.created\",\"data\":{\"extra\":1,\"extra\":2}}",
            "{\"event\":\"ticket.created\",\"data\":{},\"data\":\"text\"}",
            "{\"type\":\"message.received\",\"type\":\"message.sent\",\"data\":{\"messageId\":\"m\",\"status\":\"read\"}}",
            "{\"event\":\"stage.changed\",\"topic\":\"ticket.closed\",\"data\":{}}",
        ];
        return bodies.Select((body, index) => new Case($"duplicate-keys-{index}", Encoding.UTF8.GetBytes(body)));
    }

    private static IEnumerable<Case> FormBodies()
    {
        var form = Encoding.UTF8.GetBytes("event=ticket.created&data%5Bticket_id%5D=t-1");
        yield return new Case("form-as-form", form, "application/x-www-form-urlencoded");
        yield return new Case("form-as-json", form);
        yield return new Case("multipart", Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nticket.created\r\n--x--"),
            "multipart/form-data; boundary=x");
        yield return new Case("xml", Encoding.UTF8.GetBytes("<event>ticket.created</event>"), "application/xml");
        yield return new Case("text", Encoding.UTF8.GetBytes("{\"event\":\"ticket.created\"}"), "text/plain");
    }

    private static IEnumerable<Case> Topics()
    {
        string[] topics =
        [
            new string('t', 20_000), "ticket/created", "ticket#created?x=1", "TICKET.CREATED", " ticket.created ", "😀.created",
            "stage_change", "contact.stage.changed", "ticket.opened", "../../etc/passwd", "%00", "'; DROP TABLE VambeEvents; --",
        ];
        return topics.Select((topic, index) => new Case($"topic-{index}",
            Encoding.UTF8.GetBytes(new JsonObject { ["event"] = topic, ["data"] = new JsonObject { ["contact_id"] = "c-1" } }.ToJsonString())));
    }

    /// <summary>Every known field of every sample replaced by each JSON type it should not have.</summary>
    private static IEnumerable<Case> WrongTypes()
    {
        string[] samples = ["message.received.json", "message.sent.json", "ticket.created.json", "ticket.closed.json", "contact.updated.json",
            "stage.changed.json", "stage_change.entity.json"];
        string[] fields = ["aiContactId", "timestamp", "data", "entity_data", "previous_entity_data", "data.messageId", "data.message", "data.fromNumber",
            "data.name", "data.status", "data.error_details", "data.ticket_id", "data.contact_id", "data.new_stage_id", "entity_data.stage_id"];
        JsonNode?[] wrongValues = [JsonValue.Create("text"), JsonValue.Create(42), new JsonArray(), new JsonObject(), null, JsonValue.Create(true)];
        foreach (var sample in samples)
        {
            foreach (var field in fields)
            {
                for (var index = 0; index < wrongValues.Length; index++)
                {
                    var root = JsonNode.Parse(Samples.Read(sample))!.AsObject();
                    if (Replace(root, field, wrongValues[index]?.DeepClone()))
                    {
                        yield return new Case($"wrong-type-{sample}-{field}-{index}", Encoding.UTF8.GetBytes(root.ToJsonString()));
                    }
                }
            }
        }
    }

    private static bool Replace(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? root : root[parts[0]] as JsonObject;
        if (parent is null || !parent.ContainsKey(parts[^1]))
        {
            return false;
        }

        parent[parts[^1]] = value;
        return true;
    }

    private static byte[] Concat(string prefix, byte[] middle, string suffix) =>
        [.. Encoding.UTF8.GetBytes(prefix), .. middle, .. Encoding.UTF8.GetBytes(suffix)];
}
