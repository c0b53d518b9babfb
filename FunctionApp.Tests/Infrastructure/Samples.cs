namespace VambeFunctions.Tests.Infrastructure;

/// <summary>The sample payloads shipped in samples/, one or more per topic.</summary>
public static class Samples
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(RepositoryFiles.SamplesFolder, name));

    /// <summary>The sample's JSON value without the whitespace around it, as an envelope returns it.</summary>
    public static byte[] ReadTrimmed(string name) =>
        System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Read(name)).Trim());

    public static IEnumerable<string> Names =>
        Directory.GetFiles(RepositoryFiles.SamplesFolder, "*.json").Select(Path.GetFileName).Order()!;

    /// <summary>Each sample with the canonical topic it must be routed as.</summary>
    public static TheoryData<string, string> WithTopics => new()
    {
        { "message.received.json", "message.received" },
        { "message.sent.json", "message.sent" },
        { "ticket.created.json", "ticket.created" },
        { "ticket.opened.json", "ticket.created" },
        { "ticket.updated.json", "ticket.updated" },
        { "ticket.closed.json", "ticket.closed" },
        { "contact.created.json", "contact.created" },
        { "contact.updated.json", "contact.updated" },
        { "stage.changed.json", "stage.changed" },
        { "stage_change.entity.json", "stage.changed" },
        { "invoice.paid.json", "invoice.paid" },
    };
}
