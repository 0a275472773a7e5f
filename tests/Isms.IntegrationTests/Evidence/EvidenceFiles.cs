using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Isms.Functions.Platform;

namespace Isms.IntegrationTests.Evidence;

/// <summary>Small files of each kind the tests need, and the multipart requests that carry them.</summary>
public static class EvidenceFiles
{
    public static byte[] Pdf(int size = 2048) => WithHead("%PDF-1.7\n", size);

    public static byte[] Png(int size = 1024) => WithHead("\x89PNG\r\n\x1a\n", size, latin1: true);

    public static byte[] Executable() => WithHead("MZ\x90\0", 512, latin1: true);

    public static byte[] Elf() => WithHead("\x7f" + "ELF\x02\x01\x01", 512, latin1: true);

    public static byte[] Script() => Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /\n");

    public static byte[] Csv() => Encoding.UTF8.GetBytes("user,last login\nalice,2026-03-01\nbob,2026-02-27\n");

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Random bytes after a head, so no two files hash the same.</summary>
    public static byte[] WithHead(string head, int size, bool latin1 = false)
    {
        var start = latin1 ? Encoding.Latin1.GetBytes(head) : Encoding.UTF8.GetBytes(head);
        var bytes = new byte[Math.Max(size, start.Length)];
        RandomNumberGenerator.Fill(bytes);
        start.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A form as a browser sends it; fields first unless <paramref name="fieldsAfterFile"/>.</summary>
    public static MultipartFormDataContent Form(byte[]? file, string fileName = "evidence.pdf", string? contentType = "application/pdf", IEnumerable<(string Name, string Value)>? fields = null, bool fieldsAfterFile = false)
    {
        var form = new MultipartFormDataContent();
        var list = (fields ?? [("controlIds", "A.5.15")]).ToList();
        if (!fieldsAfterFile)
        {
            list.ForEach(f => form.Add(new StringContent(f.Value), f.Name));
        }

        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            if (contentType is not null)
            {
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            form.Add(part, "file", fileName);
        }

        if (fieldsAfterFile)
        {
            list.ForEach(f => form.Add(new StringContent(f.Value), f.Name));
        }

        return form;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, HttpContent content, string upn = "control.owner@contoso.example", params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles.Length == 0 ? [Roles.Contributor] : roles));
        return await client.SendAsync(request);
    }
}
