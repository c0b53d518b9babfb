using VambeFunctions.Integrations;

namespace VambeFunctions.Tests.Integrations;

public sealed class AlertFormatTests
{
    private static readonly Alert Sample = new("message.received", "message.received:m-1", "Ana <!channel> & co", "c-1", "Matched rules: urgent.");

    [Fact]
    public void DefaultTemplate_NamesTopicContactAndDetails()
    {
        var text = ChatAlertClient.Format(Sample, null);

        Assert.Equal("Vambe message.received: Ana &lt;!channel&gt; &amp; co (contact c-1). Matched rules: urgent.", text);
    }

    [Fact]
    public void CustomTemplate_FillsEveryPlaceholder()
    {
        var text = ChatAlertClient.Format(Sample, "[{eventId}] {topic} {contactId} {details}");

        Assert.Equal("[message.received:m-1] message.received c-1 Matched rules: urgent.", text);
    }

    [Fact]
    public void MissingContact_SaysUnknown()
    {
        var text = ChatAlertClient.Format(Sample with { ContactName = null, ContactId = null }, null);

        Assert.Equal("Vambe message.received: unknown contact (contact unknown). Matched rules: urgent.", text);
    }
}
