using System.Text;
using System.Text.Json.Nodes;
using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

/// <summary>The manifests in tests/fixtures/isms-snapshot-1, sealed by the writer as it stood before the manifest had typed records.</summary>
internal static class SealedManifests
{
    public static byte[] Bytes(int sequence, int format = 1) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", $"isms-snapshot-{format}", $"SNAP-{sequence:D6}.json"));

    public static SnapshotManifest Read(int sequence) => SnapshotManifest.Read(Bytes(sequence));

    /// <summary>A fixture with one edit, as canonical bytes.</summary>
    public static byte[] Edited(int sequence, Action<JsonObject> edit)
    {
        var manifest = JsonNode.Parse(Bytes(sequence))!.AsObject();
        edit(manifest);
        return CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }
}
