using System.Globalization;
using System.Text;
using Isms.Core.Validation;

namespace Isms.Core.People;

/// <summary>One row of a learning platform's export: who completed the course and on which day, with its line number.</summary>
public sealed record CompletionRow(int Line, string Upn, DateOnly CompletedOn);

/// <summary>
/// Reads the CSV export of a learning platform (RFC 4180: commas, double-quoted fields, quotes doubled inside them, a
/// header row naming the columns). The caller names the column of the person's UPN and of the completion date; every
/// row is checked and every bad one is named with its line (the header is line 1), so an import is all or nothing.
/// </summary>
public static class CompletionCsv
{
    public const int MaxRows = 100_000;
    private const int MaxErrors = 100;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

    public static Outcome<IReadOnlyList<CompletionRow>> Parse(string text, string upnColumn, string dateColumn, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new ValidationErrors();
        var records = Records(text, errors);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<IReadOnlyList<CompletionRow>>(errors);
        }

        if (records.Count == 0)
        {
            return Outcome.Refused<IReadOnlyList<CompletionRow>>(RefusalCode.Invalid, "file", "The file is empty: it needs a header row and one row per completion.");
        }

        var header = records[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        var upnAt = header.FindIndex(h => string.Equals(h, upnColumn.Trim(), StringComparison.OrdinalIgnoreCase));
        var dateAt = header.FindIndex(h => string.Equals(h, dateColumn.Trim(), StringComparison.OrdinalIgnoreCase));
        if (upnAt < 0)
        {
            errors.Add("upnColumn", $"Line 1 (the header) has no column '{upnColumn}'; it has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        }

        if (dateAt < 0)
        {
            errors.Add("dateColumn", $"Line 1 (the header) has no column '{dateColumn}'; it has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<IReadOnlyList<CompletionRow>>(errors);
        }

        if (records.Count - 1 > MaxRows)
        {
            return Outcome.Refused<IReadOnlyList<CompletionRow>>(RefusalCode.TooLarge, "file", $"The file has {records.Count - 1} rows; import at most {MaxRows} at a time.");
        }

        var rows = new List<CompletionRow>();
        var bad = 0;
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            string? problem = null;
            DateOnly date = default;
            var upn = fields.Count > upnAt ? fields[upnAt].Trim() : string.Empty;
            if (fields.Count != header.Count)
            {
                problem = $"has {fields.Count} fields where the header has {header.Count}.";
            }
            else if (!UserPrincipalName.IsWellFormed(upn))
            {
                problem = upn.Length == 0 ? $"has no {upnColumn}." : $"'{upn}' in {upnColumn} is not a user principal name.";
            }
            else if (!TryDate(fields[dateAt].Trim(), out date))
            {
                problem = $"'{fields[dateAt].Trim()}' in {dateColumn} is not a date like 2026-03-31.";
            }
            else if (date > today)
            {
                problem = $"{dateColumn} {date:yyyy-MM-dd} is in the future.";
            }

            if (problem is null)
            {
                rows.Add(new CompletionRow(line, upn, date));
            }
            else if (++bad <= MaxErrors)
            {
                errors.Add(Field(line), $"Line {line.ToString(CultureInfo.InvariantCulture)} {problem}");
            }
        }

        if (bad > MaxErrors)
        {
            errors.Add("file", $"{bad} lines are wrong; the first {MaxErrors} are named.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<IReadOnlyList<CompletionRow>>(errors);
        }

        return rows.Count == 0
            ? Outcome.Refused<IReadOnlyList<CompletionRow>>(RefusalCode.Invalid, "file", "The file has a header and no completions.")
            : Outcome.Success<IReadOnlyList<CompletionRow>>(rows);
    }

    public static string Field(int line) => string.Create(CultureInfo.InvariantCulture, $"line {line}");

    private static bool TryDate(string value, out DateOnly date)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            date = DateOnly.FromDateTime(moment.UtcDateTime);
            return true;
        }

        return false;
    }

    /// <summary>The records of the text with the line each starts on; a quote left open is an error naming its line.</summary>
    private static List<(int Line, List<string> Fields)> Records(string text, ValidationErrors errors)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteOpenedOn = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteOpenedOn = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            errors.Add(Field(quoteOpenedOn), $"Line {quoteOpenedOn.ToString(CultureInfo.InvariantCulture)} opens a quoted field that is never closed.");
            return records;
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
