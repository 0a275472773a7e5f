using Isms.Core.People;
using Isms.Functions.Storage;

namespace Isms.Functions.People;

/// <summary>Documented information (7.5) in Table Storage: one partition (an ISMS keeps dozens to hundreds of documents), row = document id.</summary>
public sealed class DocumentRegister(RecordStore store) : OnePartitionRegister<PolicyDocument>(store, TableNames.Documents, "documents", "documents", d => d.Id);

/// <summary>Courses in Table Storage: one partition, row = course id.</summary>
public sealed class CourseRegister(RecordStore store) : OnePartitionRegister<Course>(store, TableNames.Courses, "courses", "courses", c => c.Id);
