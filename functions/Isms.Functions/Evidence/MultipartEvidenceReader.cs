using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Controls;
using Isms.Core.Validation;
using Isms.Functions.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Isms.Functions.Evidence;

/// <summary>A file that arrived in a multipart form and now sits, complete and hashed, in a new blob.</summary>
/// <param name="Blob">The file in its staging blob, to be promoted into the evidence container once the form is valid.</param>
public sealed record ReceivedEvidence(WrittenBlob Blob, string FileName, string ContentType, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields);

/// <summary>
/// Reads <c>multipart/form-data</c> section by section as it arrives: text parts into a small dictionary, the one
/// file part straight into a new blob through <see cref="EvidenceBlobWriter"/>. The file is never buffered whole.
/// Whatever the refusal, a blob this reader wrote is deleted before it answers.
/// </summary>
/// <remarks>
/// The file always goes to a staging blob, to be promoted to the WORM evidence container only once the whole form is
/// valid, so no evidence blob exists for a refused form. When a <c>size</c> field precedes the file it is sent as one
/// streamed Put Blob of exactly that length (markedly faster than staged blocks on some stores); without it, blocks
/// are staged and committed at the end.
/// </remarks>
public static class MultipartEvidenceReader
{
    public const string FilePart = "file";
    private const int MaxFieldBytes = 16 * 1024;

    /// <summary>
    /// The most parts one form may have besides its <c>controlIds</c> parts (the file, the fields, a page's token);
    /// a page without script sends each ticked control as a part of its own, and those are bounded by the catalogue.
    /// </summary>
    public const int MaxParts = 32;

    /// <summary>The most text all fields together may carry, so a form of many small fields is bounded too.</summary>
    public const int MaxFieldsBytes = 64 * 1024;
    private const int ReadBufferSize = 128 * 1024;
    private const int MaxFileNameLength = 255;

    /// <param name="checkFieldsBeforeFile">Judges the text parts that came before the file, so a bad form is refused before its file is read.</param>
    public static async Task<(ReceivedEvidence? Received, Refusal? Refusal)> ReadAsync(
        HttpRequest request,
        BlobContainerClient staging,
        string stagingBlobName,
        long maxBytes,
        IReadOnlySet<string> allowedFields,
        Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, Task<Refusal?>> checkFieldsBeforeFile,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(staging);
        ArgumentNullException.ThrowIfNull(allowedFields);
        ArgumentNullException.ThrowIfNull(checkFieldsBeforeFile);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, Refusal.For(RefusalCode.UnsupportedContent, "body", $"Send the evidence as multipart/form-data with one '{FilePart}' part and the fields controlIds, correctiveActionId, auditId, effectiveDate, description (it came as '{request.ContentType ?? "no content type"}')."));
        }

        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        WrittenBlob? written = null;
        string? fileName = null;
        string? contentType = null;
        var blob = staging.GetBlockBlobClient(stagingBlobName);
        try
        {
            // A larger buffer than the default 4 KB: the file moves on in fewer, larger writes.
            var reader = new MultipartReader(boundary, request.Body, ReadBufferSize) { HeadersLengthLimit = 16 * 1024 };
            var parts = 0;
            var controlParts = 0;
            var fieldBytes = 0;
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, "body", "Every part needs Content-Disposition: form-data with a name."), cancellationToken).ConfigureAwait(false);
                }

                if (name == "controlIds" ? ++controlParts > ControlCatalogue.All.Count : ++parts > MaxParts)
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, "body", $"A form has at most {MaxParts} parts besides its controlIds, and at most {ControlCatalogue.All.Count} controlIds parts."), cancellationToken).ConfigureAwait(false);
                }

                if (name == FilePart)
                {
                    if (written is not null || fileName is not null)
                    {
                        return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, FilePart, "Send exactly one 'file' part; this request has more than one."), cancellationToken).ConfigureAwait(false);
                    }

                    // The form first (its token, its fields), then the file's name: a form refused for its own sake
                    // is refused as such, even when no file was chosen.
                    if (await checkFieldsBeforeFile(Snapshot(fields)).ConfigureAwait(false) is { } early)
                    {
                        return (null, early);
                    }

                    var rawName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    if (CleanFileName(rawName, out var cleaned) is { } badName)
                    {
                        return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, FilePart, badName), cancellationToken).ConfigureAwait(false);
                    }

                    fileName = cleaned;

                    long? declaredSize = null;
                    if (fields.TryGetValue("size", out var sizes))
                    {
                        if (!long.TryParse(sizes[0], System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
                        {
                            return (null, Refusal.For(RefusalCode.Invalid, "size", "size must be the file's length in bytes (more than 0)."));
                        }

                        if (parsed > maxBytes)
                        {
                            return (null, TooLarge(maxBytes));
                        }

                        declaredSize = parsed;
                    }

                    var head = new byte[EvidenceContent.SniffBytes];
                    var headLength = await section.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (headLength == 0)
                    {
                        return (null, Refusal.For(RefusalCode.Invalid, FilePart, $"'{fileName}' is empty; evidence needs content."));
                    }

                    var verdict = EvidenceContent.Judge(head.AsSpan(0, headLength), fileName, section.ContentType);
                    if (!verdict.Accepted)
                    {
                        return (null, Refusal.For(RefusalCode.UnsupportedContent, FilePart, verdict.Refusal!));
                    }

                    contentType = verdict.ContentType!;
                    if (declaredSize is { } exactSize)
                    {
                        written = await PutExactAsync(blob, new PrefixedStream(head.AsMemory(0, headLength), section.Body), exactSize, contentType, cancellationToken).ConfigureAwait(false);
                        if (written is null)
                        {
                            return (null, Refusal.For(RefusalCode.Invalid, "size", $"'{fileName}' is not the {exactSize} bytes declared in size; nothing was stored."));
                        }

                        continue;
                    }

                    written = await EvidenceBlobWriter.WriteAsync(blob, new PrefixedStream(head.AsMemory(0, headLength), section.Body), contentType, maxBytes, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!allowedFields.Contains(name))
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, name, $"'{name}' is not a field of this form; send {FilePart}, {string.Join(", ", allowedFields)}."), cancellationToken).ConfigureAwait(false);
                }

                var value = await ReadFieldAsync(section.Body, cancellationToken).ConfigureAwait(false);
                if (value is null)
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, name, $"{name} must be at most {MaxFieldBytes / 1024} KB of UTF-8 text."), cancellationToken).ConfigureAwait(false);
                }

                fieldBytes += Encoding.UTF8.GetByteCount(value);
                if (fieldBytes > MaxFieldsBytes)
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, "body", $"The fields of a form carry at most {MaxFieldsBytes / 1024} KB of text in all."), cancellationToken).ConfigureAwait(false);
                }

                if (!fields.TryGetValue(name, out var values))
                {
                    fields[name] = values = [];
                }
                else if (name != "controlIds")
                {
                    return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, name, $"{name} was sent more than once; send it once."), cancellationToken).ConfigureAwait(false);
                }

                values.Add(value);
            }
        }
        catch (EvidenceTooLargeException ex)
        {
            return (null, TooLarge(ex.Limit));
        }
        catch (EvidenceEmptyException)
        {
            return (null, Refusal.For(RefusalCode.Invalid, FilePart, $"'{fileName}' is empty; evidence needs content."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await RefuseAsync(blob, written, TooLarge(maxBytes), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return await RefuseAsync(blob, written, Refusal.For(RefusalCode.Invalid, "body", $"The multipart body could not be read: {ex.Message}"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
            throw;
        }

        if (written is null)
        {
            return (null, Refusal.For(RefusalCode.Invalid, FilePart, "The form has no 'file' part; send the evidence file as a part named 'file' with a filename."));
        }

        return (new ReceivedEvidence(written, fileName!, contentType!, Snapshot(fields)), null);
    }

    /// <summary>One streamed Put Blob of exactly <paramref name="size"/> bytes; null (and no blob) when the file is another size.</summary>
    private static async Task<WrittenBlob?> PutExactAsync(BlockBlobClient blob, Stream source, long size, string contentType, CancellationToken cancellationToken)
    {
        using var exact = new ExactLengthStream(source, size);
        var options = new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = contentType },
            Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            // The SDK sends one Put Blob only when the length is strictly below InitialTransferSize; at exactly the
            // length it stages 4 MB blocks one after another, which is 2-3x slower (measured, docs/benchmarks.md).
            TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = size + 1, MaximumTransferSize = EvidenceBlobWriter.BlockSize, MaximumConcurrency = 1 },
        };
        try
        {
            await blob.UploadAsync(exact, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Cause<EvidenceSizeMismatchException>(ex) is not null)
        {
            await DeleteQuietlyAsync(blob, new WrittenBlob(blob.Name, 0, string.Empty)).ConfigureAwait(false);
            return null;
        }

        return new WrittenBlob(blob.Name, size, exact.Sha256);
    }

    private static T? Cause<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Select(Cause<T>).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    public static Refusal TooLarge(long limit) =>
        Refusal.For(RefusalCode.TooLarge, FilePart, string.Create(CultureInfo.InvariantCulture, $"Files through POST /api/evidence may be at most {limit} bytes; upload larger files through POST /api/evidence/uploads (a direct upload to storage)."));

    /// <summary>Null when the name is acceptable (and <paramref name="cleaned"/> is set); otherwise why it is not.</summary>
    public static string? CleanFileName(string? raw, out string cleaned)
    {
        cleaned = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "The 'file' part needs a filename (Content-Disposition: form-data; name=\"file\"; filename=\"...\").";
        }

        if (raw.Any(char.IsControl))
        {
            return "The file name contains control characters; rename the file.";
        }

        if (raw.IndexOfAny(['/', '\\']) >= 0)
        {
            return "The file name contains a path separator (/ or \\); send the name of the file only.";
        }

        var name = raw.Trim().Normalize(NormalizationForm.FormC);
        if (name is "." or ".." || name.Trim('.').Length == 0)
        {
            return "The file name is not a name; rename the file.";
        }

        if (name.Length > MaxFileNameLength)
        {
            return $"The file name is longer than {MaxFileNameLength} characters; rename the file.";
        }

        // Characters some systems cannot keep in a name are replaced; the bytes are what matters.
        cleaned = new string([.. name.Select(c => c is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : c)]);
        return null;
    }

    private static Dictionary<string, IReadOnlyList<string>> Snapshot(Dictionary<string, List<string>> fields) =>
        fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)[.. f.Value], StringComparer.Ordinal);

    private static async Task<(ReceivedEvidence?, Refusal?)> RefuseAsync(Azure.Storage.Blobs.Specialized.BlockBlobClient blob, WrittenBlob? written, Refusal problem, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        await DeleteQuietlyAsync(blob, written).ConfigureAwait(false);
        return (null, problem);
    }

    /// <summary>Removes a blob this request wrote; the request's own cancellation must not stop the clean-up.</summary>
    public static async Task DeleteQuietlyAsync(Azure.Storage.Blobs.Specialized.BlockBlobClient blob, WrittenBlob? written)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (written is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await blob.DeleteIfExistsAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (length > MaxFieldBytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
