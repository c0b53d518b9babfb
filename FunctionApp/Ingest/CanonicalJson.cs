using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace VambeFunctions.Ingest;

/// <summary>
/// Writes a JSON value in one canonical form: object properties sorted by ordinal name, no
/// whitespace, strings re-escaped by one encoder and numbers without trailing zeros. Two
/// serializations of the same document produce the same bytes.
/// </summary>
/// <remarks>
/// Event ids hash this output, so a change to the bytes it writes changes every derived id and
/// breaks dedup across a deployment.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>Longer than any number that <see cref="long"/> or <see cref="decimal"/> formats to.</summary>
    private const int MaxNumberBytes = 64;

    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element);
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
                WriteString(writer, element);
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element)
    {
        var count = element.GetPropertyCount();
        var properties = ArrayPool<NamedProperty>.Shared.Rent(count);
        try
        {
            // Names that are ASCII without escapes sort and write from their raw bytes, where byte
            // order is ordinal order. Any other name makes the whole object use decoded strings.
            var rawNames = true;
            var index = 0;
            foreach (var property in element.EnumerateObject())
            {
                properties[index] = new NamedProperty(null, index, property);
                rawNames &= Ascii.IsValid(JsonMarshal.GetRawUtf8PropertyName(property))
                    && !JsonMarshal.GetRawUtf8PropertyName(property).Contains((byte)'\\');
                index++;
            }

            if (!rawNames)
            {
                for (var position = 0; position < count; position++)
                {
                    properties[position] = properties[position] with { Name = properties[position].Property.Name };
                }
            }

            Array.Sort(properties, 0, count, rawNames ? RawNameComparer.Instance : NameComparer.Instance);
            writer.WriteStartObject();
            for (var position = 0; position < count; position++)
            {
                var property = properties[position];
                if (property.Name is null)
                {
                    writer.WritePropertyName(JsonMarshal.GetRawUtf8PropertyName(property.Property));
                }
                else
                {
                    writer.WritePropertyName(property.Name);
                }

                Write(writer, property.Property.Value);
            }

            writer.WriteEndObject();
        }
        finally
        {
            Array.Clear(properties, 0, count);
            ArrayPool<NamedProperty>.Shared.Return(properties);
        }
    }

    /// <summary>
    /// Writes a string from its raw UTF-8 bytes when it has no escape sequence, which gives the
    /// same output as writing the decoded string without allocating it.
    /// </summary>
    private static void WriteString(Utf8JsonWriter writer, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var content = raw[1..^1];
        if (content.Contains((byte)'\\'))
        {
            writer.WriteStringValue(element.GetString());
            return;
        }

        writer.WriteStringValue(content);
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonElement number)
    {
        Span<byte> text = stackalloc byte[MaxNumberBytes];
        int written;
        if (number.TryGetInt64(out var integer))
        {
            integer.TryFormat(text, out written, default, CultureInfo.InvariantCulture);
            writer.WriteRawValue(text[..written], skipInputValidation: true);
            return;
        }

        if (!number.TryGetDecimal(out var value))
        {
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(number), skipInputValidation: true);
            return;
        }

        // Dividing by 1.000…0 drops a decimal's trailing zeros, so 1.50 and 1.5 agree.
        var canonical = value / 1.000000000000000000000000000000000m;
        canonical.TryFormat(text, out written, default, CultureInfo.InvariantCulture);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    /// <param name="Name">The decoded name, or null when the object sorts by raw names.</param>
    /// <param name="Order">Position in the document, so equal names keep their order as a stable sort would.</param>
    private readonly record struct NamedProperty(string? Name, int Order, JsonProperty Property);

    private sealed class NameComparer : IComparer<NamedProperty>
    {
        public static readonly NameComparer Instance = new();

        public int Compare(NamedProperty x, NamedProperty y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : x.Order.CompareTo(y.Order);
        }
    }

    private sealed class RawNameComparer : IComparer<NamedProperty>
    {
        public static readonly RawNameComparer Instance = new();

        public int Compare(NamedProperty x, NamedProperty y)
        {
            var byName = JsonMarshal.GetRawUtf8PropertyName(x.Property).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(y.Property));
            return byName != 0 ? byName : x.Order.CompareTo(y.Order);
        }
    }
}
