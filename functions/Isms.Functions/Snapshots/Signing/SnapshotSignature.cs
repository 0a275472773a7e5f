using System.Buffers.Text;

namespace Isms.Functions.Snapshots.Signing;

/// <summary>
/// A manifest's signature: the key that made it (with its version, so a rotated key still verifies what it signed),
/// the algorithm, and the signature over the SHA-256 digest of the manifest's bytes. It travels as metadata of the
/// manifest blob itself, written by the same conditional create as the manifest (<see cref="SnapshotTaker"/>), so
/// a manifest is never stored without it.
/// </summary>
public sealed record SnapshotSignature(string KeyId, string Algorithm, ReadOnlyMemory<byte> Value)
{
    /// <summary>ECDSA over P-256 with SHA-256, the signature as r and s (64 bytes), as Key Vault and .NET both make it.</summary>
    public const string ES256 = "ES256";

    public const string ValueMetadata = "signature";
    public const string KeyIdMetadata = "signaturekeyid";
    public const string AlgorithmMetadata = "signaturealg";

    /// <summary>The three metadata entries this signature is stored as (ASCII only, as blob metadata must be).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ValueMetadata] = Base64Url.EncodeToString(Value.Span),
        [KeyIdMetadata] = Uri.EscapeDataString(KeyId),
        [AlgorithmMetadata] = Algorithm,
    };

    /// <summary>
    /// The signature stored in a manifest's metadata; null when there is none. Entries that are present but cannot be
    /// read (a value that is not base64url) read as a signature of no bytes, which verifies as nothing: a damaged
    /// signature is a wrong one, never a missing one.
    /// </summary>
    public static SnapshotSignature? FromMetadata(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var value = metadata.TryGetValue(ValueMetadata, out var v) ? v : null;
        var keyId = metadata.TryGetValue(KeyIdMetadata, out var k) ? k : null;
        var algorithm = metadata.TryGetValue(AlgorithmMetadata, out var a) ? a : null;
        if (value is null && keyId is null && algorithm is null)
        {
            return null;
        }

        var bytes = value is not null && Base64Url.IsValid(value) ? Base64Url.DecodeFromChars(value) : [];
        return new SnapshotSignature(keyId is null ? string.Empty : Uri.UnescapeDataString(keyId), algorithm ?? string.Empty, bytes);
    }
}

/// <summary>What checking a signature found; <see cref="Detail"/> says it in words when it does not hold.</summary>
public sealed record SignatureVerdict(bool Valid, string Detail);

/// <summary>
/// Signs the SHA-256 digest of a sealed manifest and checks such signatures. In Azure the key stays in Key Vault
/// (<see cref="KeyVaultSnapshotSigner"/>); locally the local host keeps one under <c>.local</c>
/// (<see cref="LocalSnapshotSigner"/>). <see cref="SigningOptions"/> chooses.
/// </summary>
public interface ISnapshotSigner
{
    Task<SnapshotSignature> SignAsync(ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken);

    /// <summary>Checks with the very key version named in <paramref name="signature"/>, provided it is a version of the key this app signs with.</summary>
    Task<SignatureVerdict> VerifyAsync(SnapshotSignature signature, ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken);
}
