using System.Security.Cryptography;

namespace Isms.Functions.Snapshots.Signing;

/// <summary>
/// Signs with an ECDSA P-256 key kept in a PKCS#8 file (<see cref="SigningOptions.LocalKeyFile"/>), created on first
/// use and readable by its owner only. Its key id is <c>local:</c> and the start of the SHA-256 of its public key,
/// so a signature made by another key file (another clone, a deleted and recreated file) is named as such.
/// </summary>
public sealed class LocalSnapshotSigner(IOptions<SigningOptions> options) : ISnapshotSigner, IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Lazy<(ECDsa Key, string KeyId)> _key = new(() => Load(options.Value.LocalKeyFile), LazyThreadSafetyMode.ExecutionAndPublication);

    public string KeyId => _key.Value.KeyId;

    public Task<SnapshotSignature> SignAsync(ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken)
    {
        var (key, keyId) = _key.Value;
        return Task.FromResult(new SnapshotSignature(keyId, SnapshotSignature.ES256, key.SignHash(sha256Digest.Span)));
    }

    public Task<SignatureVerdict> VerifyAsync(SnapshotSignature signature, ReadOnlyMemory<byte> sha256Digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var (key, keyId) = _key.Value;
        SignatureVerdict verdict = (signature.KeyId == keyId, signature.Algorithm == SnapshotSignature.ES256) switch
        {
            (false, _) => new(false, $"it was signed by key '{signature.KeyId}', not by this app's key ({keyId})"),
            (_, false) => new(false, $"its algorithm '{signature.Algorithm}' is not {SnapshotSignature.ES256}"),
            _ => key.VerifyHash(sha256Digest.Span, signature.Value.Span)
                ? new(true, $"signed by {keyId} ({SnapshotSignature.ES256})")
                : new(false, $"the signature by {keyId} ({SnapshotSignature.ES256}) does not match the manifest's SHA-256"),
        };
        return Task.FromResult(verdict);
    }

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Key.Dispose();
        }
    }

    /// <summary>Reads the key file, or creates it: written to a private temporary file, then moved into place, so two hosts starting at once keep one key.</summary>
    private static (ECDsa Key, string KeyId) Load(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            var write = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                write.UnixCreateMode = OwnerOnly;
            }

            using (var file = new FileStream(temporary, write))
            {
                file.Write(created.ExportPkcs8PrivateKey());
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another host created it first: that key is the one.
                File.Delete(temporary);
            }
        }

        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(File.ReadAllBytes(path), out _);
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException($"{path} does not hold an ECDSA P-256 key; move it aside and a new key is created.");
        }

        return (key, "local:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16]);
    }
}
