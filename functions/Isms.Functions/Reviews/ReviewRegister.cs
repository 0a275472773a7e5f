using Azure.Data.Tables;
using Isms.Core.Reviews;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Reviews;

/// <summary>Management reviews in Table Storage: one partition (a few reviews a year), row = review id.</summary>
public sealed class ReviewRegister(RecordStore store)
{
    private const string Partition = "reviews";

    public static RecordKey Key(string id) => new(TableNames.ManagementReviews, Partition, id, $"management-reviews/{id}");

    public async Task<IReadOnlyList<Stored<ManagementReview>>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<Stored<ManagementReview>>();
        await foreach (var review in store.QueryAsync<ManagementReview>(TableNames.ManagementReviews, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken).ConfigureAwait(false))
        {
            found.Add(review);
        }

        return found;
    }

    public Task<Stored<ManagementReview>?> GetAsync(string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id) ? store.GetAsync<ManagementReview>(Key(id), cancellationToken) : Task.FromResult<Stored<ManagementReview>?>(null);

    public Task<Stored<ManagementReview>> InsertAsync(ManagementReview review, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        return store.InsertAsync(Key(review.Id), review, caller, null, cancellationToken);
    }

    public Task<Stored<ManagementReview>> ReplaceAsync(Stored<ManagementReview> before, ManagementReview after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return store.ReplaceAsync(Key(after.Id), before, after, caller, null, cancellationToken);
    }
}
