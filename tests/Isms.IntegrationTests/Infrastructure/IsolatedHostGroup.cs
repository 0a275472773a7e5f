namespace Isms.IntegrationTests.Infrastructure;

/// <summary>Tests with a host of their own (see <see cref="IsolatedHostTests"/>), one after another on one Azurite emptied before each.</summary>
[CollectionDefinition(Name)]
public sealed class IsolatedHostGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "isolated hosts";
}
