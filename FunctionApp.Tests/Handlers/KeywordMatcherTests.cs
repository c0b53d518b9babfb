using VambeFunctions.Handlers;

namespace VambeFunctions.Tests.Handlers;

public sealed class KeywordMatcherTests
{
    private static readonly KeywordMatcher Matcher = new(
    [
        new KeywordRule { Name = "urgent", Keywords = ["urgente", "urgent"], Alert = true },
        new KeywordRule { Name = "billing", Keywords = ["pago", "facturación"], Tags = ["billing"] },
        new KeywordRule { Name = "broken", Keywords = ["no funciona"], Tags = ["support"] },
    ]);

    [Theory]
    [InlineData("URGENTE!!", "urgent")]
    [InlineData("es úrgente", "urgent")]
    [InlineData("urgent.", "urgent")]
    [InlineData("(urgente)", "urgent")]
    [InlineData("Pago atrasado", "billing")]
    [InlineData("problema de facturacion", "billing")]
    [InlineData("FACTURACIÓN", "billing")]
    [InlineData("la app NO   FUNCIONA", "broken")]
    [InlineData("no\nfunciona", "broken")]
    [InlineData("🔥urgente🔥", "urgent")]
    public void Keyword_MatchesIgnoringCaseAndAccents(string text, string rule)
    {
        var matched = Matcher.Match(text);

        Assert.Contains(matched, match => match.Name == rule);
    }

    [Theory]
    [InlineData("pagoda")]
    [InlineData("urgentemente")]
    [InlineData("prepago")]
    [InlineData("no, sí funciona")]
    [InlineData("")]
    [InlineData(null)]
    public void PartialWords_DoNotMatch(string? text)
    {
        Assert.Empty(Matcher.Match(text));
    }

    [Fact]
    public void SeveralRules_MatchInConfigurationOrder()
    {
        var matched = Matcher.Match("el pago no funciona, urgente");

        Assert.Equal(["urgent", "billing", "broken"], matched.Select(rule => rule.Name));
    }

    [Fact]
    public void LongText_IsMatchedQuickly()
    {
        var text = string.Concat(Enumerable.Repeat("palabra ", 20_000)) + "urgente";

        Assert.Single(Matcher.Match(text));
    }
}
