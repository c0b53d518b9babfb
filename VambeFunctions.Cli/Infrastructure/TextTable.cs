namespace VambeFunctions.Cli.Infrastructure;

/// <summary>A plain-text table with left-aligned columns separated by two spaces.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public void AddRow(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(cell => cell ?? "")]);
    }

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        WriteLine(writer, headers, widths);
        foreach (var row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var padded = cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]));
        writer.WriteLine(string.Join("  ", padded).TrimEnd());
    }
}
