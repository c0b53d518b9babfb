using System.Buffers;
using System.Text.Json;
using VambeFunctions.Events;

namespace VambeFunctions.Benchmarks;

/// <summary>
/// Builds webhook bodies shaped like the files in samples/, padded to a target size with an
/// array of order items inside <c>data</c>. The index goes into every id and timestamp, so two
/// indexes give two distinct events and the same index gives the same bytes.
/// </summary>
public static class SampleEvents
{
    /// <summary>A topic that has no handler, so its events are archived.</summary>
    public const string UnknownTopic = "invoice.paid";

    /// <summary>Stage ids that the benchmark settings list in <c>Funnel:QualifiedStages</c>.</summary>
    public const string QualifiedStage = "stage-qualified";

    private static readonly DateTimeOffset BaseTime = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Message texts that match no rule, the alert rule, the billing rule and the support rule.</summary>
    private static readonly string[] MessageTexts =
    [
        "Hola, quisiera saber el horario de atención",
        "Necesito ayuda urgente con mi pedido",
        "Adjunto el comprobante de pago de la factura",
        "La aplicación no funciona desde ayer",
    ];

    public static byte[] Create(string topic, int index, int targetBytes)
    {
        var baseLength = Write(topic, index, 0).Length;
        var itemLength = Write(topic, index, 1).Length - baseLength;
        var items = Math.Max(0, (targetBytes - baseLength) / itemLength);
        return Write(topic, index, items);
    }

    private static byte[] Write(string topic, int index, int items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (topic is Topics.MessageReceived or Topics.MessageSent)
            {
                WriteMessage(writer, topic, index);
            }
            else
            {
                writer.WriteString("event", topic);
                writer.WriteString("timestamp", BaseTime.AddSeconds(index));
                writer.WriteStartObject("data");
                WriteEntity(writer, topic, index);
            }

            WriteItems(writer, index, items);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string topic, int index)
    {
        writer.WriteString("type", topic);
        writer.WriteString("aiContactId", $"contact-{index % 500:D4}");
        writer.WriteStartObject("data");
        writer.WriteString("fromNumber", $"569{10000000 + (index % 500)}");
        writer.WriteString("toNumber", "56933334444");
        writer.WriteString("message", MessageTexts[index % MessageTexts.Length]);
        writer.WriteString("messageId", $"msg-{index:D8}");
        writer.WriteString("messageType", "text");
        writer.WriteString("name", "Ana Pérez");
        if (topic == Topics.MessageSent)
        {
            var failed = index % 4 == 0;
            writer.WriteString("status", failed ? "failed" : "delivered");
            if (failed)
            {
                writer.WriteStartArray("error_details");
                writer.WriteStartObject();
                writer.WriteNumber("code", 131026);
                writer.WriteString("title", "Message undeliverable");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
        }
    }

    private static void WriteEntity(Utf8JsonWriter writer, string topic, int index)
    {
        writer.WriteString("contact_id", $"contact-{index % 500:D4}");
        writer.WriteString("contact_name", "Luis Soto");
        writer.WriteString("pipeline_id", $"pipeline-{index % 3}");
        switch (topic)
        {
            case Topics.StageChanged:
                writer.WriteString("previous_stage_id", "stage-new");
                writer.WriteString("new_stage_id", index % 2 == 0 ? QualifiedStage : "stage-contacted");
                writer.WriteString("changed_by", "agent-17");
                break;
            case Topics.TicketCreated or Topics.TicketUpdated or Topics.TicketClosed:
                writer.WriteString("ticket_id", $"ticket-{index:D8}");
                writer.WriteString("stage_id", "stage-new");
                writer.WriteString("status", topic == Topics.TicketClosed ? "CLOSED" : "OPEN");
                break;
            case UnknownTopic:
                writer.WriteString("invoice_id", $"inv-{index:D8}");
                writer.WriteNumber("amount", 129990);
                writer.WriteString("currency", "CLP");
                break;
            default:
                writer.WriteString("phone", $"569{10000000 + (index % 500)}");
                writer.WriteString("channel", "whatsapp");
                writer.WriteNumber("revision", index);
                break;
        }
    }

    private static void WriteItems(Utf8JsonWriter writer, int index, int items)
    {
        if (items == 0)
        {
            return;
        }

        writer.WriteStartArray("items");
        for (var item = 0; item < items; item++)
        {
            writer.WriteStartObject();
            writer.WriteString("sku", $"sku-{(index + item) % 100000:D6}");
            writer.WriteString("name", "Producto de ejemplo");
            writer.WriteNumber("quantity", (item % 5) + 1);
            writer.WriteNumber("unitPrice", 1290.5m);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
