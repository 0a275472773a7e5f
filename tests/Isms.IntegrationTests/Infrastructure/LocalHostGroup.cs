namespace Isms.IntegrationTests.Infrastructure;

/// <summary>Tests that share one local host and its Azurite; each writes records of its own, so none needs an empty store.</summary>
[CollectionDefinition(Name)]
public sealed class LocalHostGroup : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
