using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Isms.Functions.Storage;

/// <summary>
/// Keeps the data-protection key ring (which signs the pages' antiforgery tokens) in a private blob container, so
/// every instance of the app, and a restarted local host, read the same keys. In Azure the app's managed identity
/// reaches it like any other container; no key or secret is in settings.
/// </summary>
public sealed class BlobKeyRepository(IsmsStorage storage) : IXmlRepository
{
    public const string ContainerName = "data-protection";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The key ring is read once and then cached by the data-protection system, so a synchronous read is rare.
        var container = storage.ContainerAsync(ContainerName, CancellationToken.None).GetAwaiter().GetResult();
        var elements = new List<XElement>();
        foreach (var item in container.GetBlobs())
        {
            using var stream = container.GetBlobClient(item.Name).OpenRead();
            elements.Add(XElement.Load(stream));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var container = storage.ContainerAsync(ContainerName, CancellationToken.None).GetAwaiter().GetResult();
        var name = $"keys/{TableKey.Encode(friendlyName)}.xml";
        try
        {
            // Never overwrite: two instances creating a key at once each keep their own (the ring holds both).
            container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            container.GetBlobClient($"keys/{TableKey.Encode(friendlyName)}-{Guid.NewGuid():N}.xml")
                .Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
    }
}
