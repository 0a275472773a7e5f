using Isms.Core.People;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>Documented information (7.5) in Table Storage: one partition (an ISMS keeps dozens to hundreds of documents), row = document id.</summary>
public sealed class DocumentRegister(RecordStore store) : OnePartitionRegister<PolicyDocument>(store, TableNames.Documents, "documents", "documents")
{
    public Task<Stored<PolicyDocument>> InsertAsync(PolicyDocument document, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return InsertAsync(document.Id, document, caller, cancellationToken);
    }

    public Task<Stored<PolicyDocument>> ReplaceAsync(Stored<PolicyDocument> before, PolicyDocument after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReplaceAsync(after.Id, before, after, caller, cancellationToken);
    }
}

/// <summary>Courses in Table Storage: one partition, row = course id.</summary>
public sealed class CourseRegister(RecordStore store) : OnePartitionRegister<Course>(store, TableNames.Courses, "courses", "courses")
{
    public Task<Stored<Course>> InsertAsync(Course course, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        return InsertAsync(course.Id, course, caller, cancellationToken);
    }

    public Task<Stored<Course>> ReplaceAsync(Stored<Course> before, Course after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReplaceAsync(after.Id, before, after, caller, cancellationToken);
    }
}
