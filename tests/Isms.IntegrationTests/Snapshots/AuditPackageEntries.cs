using System.IO.Compression;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>Reads files out of an audit package as the auditor who unzips it would.</summary>
public static class AuditPackageEntries
{
    /// <summary>The bytes of the entry <paramref name="name"/>; fails naming what the package holds when it has no such entry.</summary>
    public static byte[] Read(this ZipArchive zip, string name)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"The package has no {name}: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var stream = entry!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
