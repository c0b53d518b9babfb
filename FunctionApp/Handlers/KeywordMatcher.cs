using System.Globalization;
using System.Text;

namespace VambeFunctions.Handlers;

/// <summary>
/// Finds the rules whose keywords occur in a message. Text and keywords are compared as words
/// after lower-casing and removing accents: "URGENTE!!" matches <c>urgente</c>, and "pagoda"
/// does not match <c>pago</c>. A keyword of several words matches those words in a row.
/// </summary>
public sealed class KeywordMatcher(IEnumerable<KeywordRule> rules)
{
    private readonly List<(KeywordRule Rule, string[][] Keywords)> _rules =
        [.. rules.Select(rule => (rule, rule.Keywords.Select(Words).ToArray()))];

    /// <returns>The matching rules in configuration order.</returns>
    public IReadOnlyList<KeywordRule> Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = Words(text);
        return [.. _rules.Where(entry => entry.Keywords.Any(keyword => Contains(words, keyword))).Select(entry => entry.Rule)];
    }

    /// <summary>Lower-cases text and strips combining marks, so "Está" becomes "esta".</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(character));
            }
        }

        return builder.ToString();
    }

    /// <summary>Splits normalized text into runs of letters and digits.</summary>
    public static string[] Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var character in Normalize(text))
        {
            if (char.IsLetterOrDigit(character))
            {
                current.Append(character);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }

    private static bool Contains(string[] words, string[] keyword)
    {
        for (var start = 0; start + keyword.Length <= words.Length; start++)
        {
            if (words.AsSpan(start, keyword.Length).SequenceEqual(keyword))
            {
                return true;
            }
        }

        return false;
    }
}
