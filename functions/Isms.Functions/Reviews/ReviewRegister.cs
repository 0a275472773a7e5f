using Isms.Core.Reviews;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Reviews;

/// <summary>Management reviews in Table Storage: one partition (a few reviews a year), row = review id.</summary>
public sealed class ReviewRegister(RecordStore store) : OnePartitionRegister<ManagementReview>(store, TableNames.ManagementReviews, "reviews", "management-reviews")
{
    public Task<Stored<ManagementReview>> InsertAsync(ManagementReview review, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        return InsertAsync(review.Id, review, caller, cancellationToken);
    }

    public Task<Stored<ManagementReview>> ReplaceAsync(Stored<ManagementReview> before, ManagementReview after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReplaceAsync(after.Id, before, after, caller, cancellationToken);
    }
}
