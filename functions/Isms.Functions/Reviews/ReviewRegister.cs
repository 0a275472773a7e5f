using Isms.Core.Reviews;
using Isms.Functions.Storage;

namespace Isms.Functions.Reviews;

/// <summary>Management reviews in Table Storage: one partition (a few reviews a year), row = review id.</summary>
public sealed class ReviewRegister(RecordStore store) : OnePartitionRegister<ManagementReview>(store, TableNames.ManagementReviews, "reviews", "management-reviews", r => r.Id);
