namespace Isms.IntegrationTests.Pages;

/// <summary>The journeys through the pages, one after another on one Azurite and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class PageJourneyGroup : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "page journeys";
}
