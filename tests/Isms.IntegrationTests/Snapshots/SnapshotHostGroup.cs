namespace Isms.IntegrationTests.Snapshots;

/// <summary>
/// The snapshot tests, one class after another on one Azurite: each class's host (or each test's) starts on a
/// store emptied for it. The browser is started by the first test that asks for it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SnapshotHostGroup : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "snapshot hosts";
}
