using System.Text;

namespace Isms.Core.Documents;

/// <summary>
/// Writes CSV that spreadsheets open as text and never run. RFC 4180: fields separated by commas, records ended by
/// CRLF, a field quoted when it holds a comma, a quote or a line break, quotes doubled. CSV injection (OWASP): a
/// cell beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a line break, or holding a line that begins
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> or a tab (some importers split quoted fields at line breaks), gets a
/// single quote before each such start and is quoted, so the spreadsheet shows the text instead of evaluating it.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    public const string LineBreak = "\r\n";

    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public void WriteRow(params IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                output.Write(',');
            }

            output.Write(Cell(cell));
            first = false;
        }

        output.Write(LineBreak);
    }

    /// <summary>One field as it goes into the file: neutralised where a spreadsheet would run it, quoted where RFC 4180 needs it.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = Neutralise(value);
        return text.Length != value.Length || text.IndexOfAny(NeedsQuotes) >= 0
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
    }

    private static string Neutralise(string value)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < value.Length; i++)
        {
            var startsLine = i == 0 || value[i - 1] is '\r' or '\n';
            if (startsLine && (value[i] is '=' or '+' or '-' or '@' or '\t' || (i == 0 && value[i] is '\r' or '\n')))
            {
                safe ??= new StringBuilder(value, 0, i, value.Length + 4);
                safe.Append('\'');
            }

            safe?.Append(value[i]);
        }

        return safe?.ToString() ?? value;
    }
}
