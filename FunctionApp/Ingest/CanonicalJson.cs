using System.Globalization;
using System.Text.Json;

namespace VambeFunctions.Ingest;

/// <summary>
/// Writes a JSON value in one canonical form: object properties sorted by ordinal name, no
/// whitespace, strings re-escaped by one encoder and numbers without trailing zeros. Two
/// serializations of the same document produce the same bytes.
/// </summary>
public static class CanonicalJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(CanonicalNumber(element), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string CanonicalNumber(JsonElement number)
    {
        if (number.TryGetInt64(out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        // Dividing by 1.000…0 drops a decimal's trailing zeros, so 1.50 and 1.5 agree.
        return number.TryGetDecimal(out var value)
            ? (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
            : number.GetRawText();
    }
}
