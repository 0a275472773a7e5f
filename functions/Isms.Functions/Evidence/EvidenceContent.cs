using System.Text;

namespace Isms.Functions.Evidence;

/// <summary>What the first bytes of a file say it is.</summary>
public enum EvidenceKind
{
    Pdf,
    Zip,
    OleCompound,
    Png,
    Jpeg,
    Gif,
    WebP,
    Text,
}

/// <summary>The verdict on a file: its stored content type, or why it is refused (always 415).</summary>
public sealed record EvidenceContentVerdict(string? ContentType, string? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// The allow-list of evidence types, decided by content (magic bytes and text heuristics), never by name: the name
/// and the declared type may only confirm what the bytes say. Executables are refused whatever they are called,
/// and the stored content type is always derived here, never copied from the request.
/// </summary>
public static class EvidenceContent
{
    /// <summary>How many leading bytes the verdict needs.</summary>
    public const int SniffBytes = 4096;

    private static readonly Dictionary<EvidenceKind, Dictionary<string, string>> Extensions = new()
    {
        [EvidenceKind.Pdf] = new(StringComparer.OrdinalIgnoreCase) { [".pdf"] = "application/pdf" },
        [EvidenceKind.Zip] = new(StringComparer.OrdinalIgnoreCase)
        {
            [".zip"] = "application/zip",
            [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        },
        [EvidenceKind.OleCompound] = new(StringComparer.OrdinalIgnoreCase)
        {
            [".doc"] = "application/msword",
            [".xls"] = "application/vnd.ms-excel",
            [".ppt"] = "application/vnd.ms-powerpoint",
            [".msg"] = "application/vnd.ms-outlook",
        },
        [EvidenceKind.Png] = new(StringComparer.OrdinalIgnoreCase) { [".png"] = "image/png" },
        [EvidenceKind.Jpeg] = new(StringComparer.OrdinalIgnoreCase) { [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg" },
        [EvidenceKind.Gif] = new(StringComparer.OrdinalIgnoreCase) { [".gif"] = "image/gif" },
        [EvidenceKind.WebP] = new(StringComparer.OrdinalIgnoreCase) { [".webp"] = "image/webp" },
        [EvidenceKind.Text] = new(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = "text/plain; charset=utf-8",
            [".log"] = "text/plain; charset=utf-8",
            [".md"] = "text/plain; charset=utf-8",
            [".csv"] = "text/csv; charset=utf-8",
            [".json"] = "application/json; charset=utf-8",
            [".eml"] = "message/rfc822",
        },
    };

    /// <summary>A file without an extension is stored as this for its kind.</summary>
    private static readonly Dictionary<EvidenceKind, string> KindDefault = new()
    {
        [EvidenceKind.Pdf] = "application/pdf",
        [EvidenceKind.Zip] = "application/zip",
        [EvidenceKind.OleCompound] = "application/x-ole-storage",
        [EvidenceKind.Png] = "image/png",
        [EvidenceKind.Jpeg] = "image/jpeg",
        [EvidenceKind.Gif] = "image/gif",
        [EvidenceKind.WebP] = "image/webp",
        [EvidenceKind.Text] = "text/plain; charset=utf-8",
    };

    /// <summary>Declared types that name a kind; a declaration naming another kind than the content is a mismatch.</summary>
    private static readonly Dictionary<string, EvidenceKind[]> DeclaredKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = [EvidenceKind.Pdf],
        ["application/zip"] = [EvidenceKind.Zip],
        ["application/x-zip-compressed"] = [EvidenceKind.Zip],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [EvidenceKind.Zip],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [EvidenceKind.Zip],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [EvidenceKind.Zip],
        ["application/msword"] = [EvidenceKind.OleCompound],
        ["application/vnd.ms-excel"] = [EvidenceKind.OleCompound, EvidenceKind.Text], // Windows browsers send it for .csv
        ["application/vnd.ms-powerpoint"] = [EvidenceKind.OleCompound],
        ["application/vnd.ms-outlook"] = [EvidenceKind.OleCompound],
        ["image/png"] = [EvidenceKind.Png],
        ["image/jpeg"] = [EvidenceKind.Jpeg],
        ["image/gif"] = [EvidenceKind.Gif],
        ["image/webp"] = [EvidenceKind.WebP],
        ["text/plain"] = [EvidenceKind.Text],
        ["text/csv"] = [EvidenceKind.Text],
        ["application/csv"] = [EvidenceKind.Text],
        ["application/json"] = [EvidenceKind.Text],
        ["text/json"] = [EvidenceKind.Text],
        ["message/rfc822"] = [EvidenceKind.Text],
        ["text/markdown"] = [EvidenceKind.Text],
    };

    private static readonly string[] ExecutableTypes =
    [
        "application/x-msdownload", "application/x-dosexec", "application/x-executable", "application/x-elf",
        "application/x-sh", "application/x-shellscript", "application/x-msdos-program", "application/vnd.microsoft.portable-executable",
        "application/java-archive", "application/x-mach-binary",
    ];

    private static readonly string[] MailHeaders = ["from:", "date:", "subject:", "received:", "return-path:", "message-id:", "mime-version:", "to:"];

    /// <summary>Judges a file by its first bytes (at most <see cref="SniffBytes"/>; fewer only when the file is shorter).</summary>
    public static EvidenceContentVerdict Judge(ReadOnlySpan<byte> head, string fileName, string? declaredContentType)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (Executable(head) is { } executable)
        {
            return Refuse($"'{fileName}' is {executable}; executables and scripts are never accepted as evidence.");
        }

        var declared = MediaType(declaredContentType);
        if (declared is not null && ExecutableTypes.Contains(declared, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse($"'{fileName}' is declared as {declared}; executables and scripts are never accepted as evidence.");
        }

        var kind = Detect(head);
        if (kind is null)
        {
            return Refuse($"The content of '{fileName}' is not one of the accepted evidence types: PDF, Office documents (docx, xlsx, pptx, doc, xls, ppt), Outlook or .eml e-mail, PNG, JPEG, GIF, WebP, UTF-8 text, CSV, JSON or ZIP.");
        }

        var extension = Path.GetExtension(fileName);
        string contentType;
        if (string.IsNullOrEmpty(extension))
        {
            contentType = KindDefault[kind.Value];
        }
        else if (Extensions[kind.Value].TryGetValue(extension, out var byExtension))
        {
            contentType = byExtension;
        }
        else
        {
            return Refuse($"'{fileName}' is named {extension} but its content is {Describe(kind.Value)}; rename it to what it is ({string.Join(", ", Extensions[kind.Value].Keys)}).");
        }

        if (kind == EvidenceKind.Text && !TextMatches(head, extension, out var why))
        {
            return Refuse($"'{fileName}' is named {extension} but {why}.");
        }

        if (declared is not null && DeclaredKinds.TryGetValue(declared, out var kinds) && !kinds.Contains(kind.Value))
        {
            return Refuse($"'{fileName}' was sent as {declared} but its content is {Describe(kind.Value)}.");
        }

        return new EvidenceContentVerdict(contentType, null);
    }

    private static EvidenceContentVerdict Refuse(string why) => new(null, why);

    private static string? MediaType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? null : contentType.Split(';', 2)[0].Trim() is { Length: > 0 } media ? media : null;

    private static string? Executable(ReadOnlySpan<byte> head) => head switch
    {
        [(byte)'M', (byte)'Z', ..] => "a Windows executable (MZ)",
        [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "an ELF executable",
        [(byte)'#', (byte)'!', ..] => "a script (#!)",
        [0xEF, 0xBB, 0xBF, (byte)'#', (byte)'!', ..] => "a script (#!)",
        [0xFE, 0xED, 0xFA, 0xCE or 0xCF, ..] or [0xCE or 0xCF, 0xFA, 0xED, 0xFE, ..] => "a Mach-O executable",
        [0xCA, 0xFE, 0xBA, 0xBE, ..] => "a Mach-O or Java class file",
        _ => null,
    };

    private static EvidenceKind? Detect(ReadOnlySpan<byte> head) => head switch
    {
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => EvidenceKind.Pdf,
        [(byte)'P', (byte)'K', 0x03, 0x04, ..] or [(byte)'P', (byte)'K', 0x05, 0x06, ..] => EvidenceKind.Zip,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => EvidenceKind.OleCompound,
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => EvidenceKind.Png,
        [0xFF, 0xD8, 0xFF, ..] => EvidenceKind.Jpeg,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => EvidenceKind.Gif,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => EvidenceKind.WebP,
        _ when IsText(head) => EvidenceKind.Text,
        _ => null,
    };

    /// <summary>UTF-8 (a sequence cut by the sniff window is fine), no NUL, and hardly any control characters.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || head.Contains((byte)0))
        {
            return false;
        }

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[head.Length + 1];
        try
        {
            // flush: false leaves a sequence cut at the window's end pending instead of calling it invalid.
            var count = decoder.GetChars(head, chars, flush: false);
            var controls = 0;
            for (var i = 0; i < count; i++)
            {
                if (char.IsControl(chars[i]) && chars[i] is not ('\t' or '\r' or '\n' or '\f'))
                {
                    controls++;
                }
            }

            return controls * 100 <= count;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool TextMatches(ReadOnlySpan<byte> head, string extension, out string why)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        why = string.Empty;
        switch (extension.ToLowerInvariant())
        {
            case ".json":
                var first = text.TrimStart();
                if (first.Length == 0 || first[0] is not ('{' or '['))
                {
                    why = "its content is not a JSON object or array";
                    return false;
                }

                return true;
            case ".eml":
                var firstLine = text.Split('\n', 2)[0];
                var colon = firstLine.IndexOf(':', StringComparison.Ordinal);
                var looksLikeHeader = colon > 0 && firstLine[..colon].All(c => c is > ' ' and < (char)127);
                var lines = text.Split('\n').Select(l => l.TrimStart().ToLowerInvariant());
                if (!looksLikeHeader || !lines.Any(l => MailHeaders.Any(h => l.StartsWith(h, StringComparison.Ordinal))))
                {
                    why = "its content does not start with e-mail headers (RFC 5322)";
                    return false;
                }

                return true;
            default:
                return true;
        }
    }

    private static string Describe(EvidenceKind kind) => kind switch
    {
        EvidenceKind.Pdf => "a PDF",
        EvidenceKind.Zip => "a ZIP archive (or an Office document)",
        EvidenceKind.OleCompound => "a legacy Office (OLE) document",
        EvidenceKind.Png => "a PNG image",
        EvidenceKind.Jpeg => "a JPEG image",
        EvidenceKind.Gif => "a GIF image",
        EvidenceKind.WebP => "a WebP image",
        _ => "text",
    };
}
