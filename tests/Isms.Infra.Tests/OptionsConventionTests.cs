namespace Isms.Infra.Tests;

/// <summary>The checker itself, on option-like types of this test project, so it cannot pass vacuously.</summary>
public sealed class OptionsConventionTests
{
    [Fact]
    public void Finds_public_sealed_classes_with_a_section_name_and_nothing_else()
    {
        var found = OptionsConvention.FindOptionsTypes([typeof(OptionsConventionTests).Assembly]);

        Assert.Contains(typeof(SampleMailOptions), found);
        Assert.Contains(typeof(SampleNestedOptions), found);
        Assert.DoesNotContain(typeof(SampleUnsealedOptions), found);
        Assert.DoesNotContain(typeof(SampleWithoutSectionName), found);
        Assert.DoesNotContain(typeof(SampleStaticSectionProperty), found);
    }

    [Fact]
    public void Properties_without_a_code_default_are_required_with_double_underscores()
    {
        var required = OptionsConvention.SettingsWithoutCodeDefault(typeof(SampleMailOptions));

        Assert.Equal(["Sample__Mail__SenderMailbox", "Sample__Mail__Recipients"], required);
    }

    [Fact]
    public void Nested_options_are_walked_with_their_own_prefix()
    {
        var required = OptionsConvention.SettingsWithoutCodeDefault(typeof(SampleNestedOptions));

        Assert.Equal(["Outer__Inner__Endpoint", "Outer__Name"], required);
    }

    [Fact]
    public void A_missing_setting_is_reported_and_a_present_one_is_not()
    {
        var missing = OptionsConvention.MissingSettings(
            [typeof(SampleMailOptions), typeof(SampleNestedOptions)],
            ["sample__mail__sendermailbox", "Sample__Mail__Recipients__0", "Outer__Name"]);

        Assert.Equal(["Outer__Inner__Endpoint"], missing);
    }

    [Fact]
    public void Nothing_is_missing_when_every_required_setting_is_there()
    {
        var missing = OptionsConvention.MissingSettings(
            [typeof(SampleMailOptions)],
            ["Sample__Mail__SenderMailbox", "Sample__Mail__Recipients"]);

        Assert.Empty(missing);
    }
}

public sealed class SampleMailOptions
{
    public const string SectionName = "Sample:Mail";

    public string SenderMailbox { get; set; } = "";

    public string Subject { get; set; } = "Reminder";

    public bool SaveToSentItems { get; set; }

    public int RetryCount { get; set; } = 3;

    public IList<string> Recipients { get; set; } = [];

    public IList<int> Days { get; set; } = [14, 7, 1];

    public string ReadOnlyName { get; } = "not bound";
}

public sealed class SampleNestedOptions
{
    public const string SectionName = "Outer";

    public SampleInnerOptions Inner { get; set; } = new();

    public string? Name { get; set; }
}

public sealed class SampleInnerOptions
{
    public Uri? Endpoint { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public class SampleUnsealedOptions
{
    public const string SectionName = "Unsealed";

    public string? Value { get; set; }
}

public sealed class SampleWithoutSectionName
{
    public string? Value { get; set; }
}

public sealed class SampleStaticSectionProperty
{
    public static string SectionName => "NotAConst";

    public string? Value { get; set; }
}
