namespace Isms.Functions.Platform;

/// <summary>What an HTTP function does, for the OpenAPI document; the route and methods come from its trigger.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiOperationAttribute(string summary, string tag) : Attribute
{
    public string Summary { get; } = summary;

    public string Tag { get; } = tag;

    public string? Description { get; set; }

    /// <summary>Answers without a signed-in caller.</summary>
    public bool Anonymous { get; set; }
}

/// <summary>The request body an HTTP function reads.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiRequestAttribute(Type bodyType) : Attribute
{
    public Type BodyType { get; } = bodyType;

    public string ContentType { get; set; } = "application/json";
}

/// <summary>One response an HTTP function gives; problem details for errors are added by the generator.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiResponseAttribute(int status, Type? bodyType, string? description = null) : Attribute
{
    public int Status { get; } = status;

    public Type? BodyType { get; } = bodyType;

    public string? Description { get; } = description;

    public string ContentType { get; set; } = "application/json";
}

/// <summary>A query parameter an HTTP function reads.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiQueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}
