using Isms.Functions.Notifications;

namespace Isms.IntegrationTests.Chasing;

/// <summary>Plain notices (audit notices, delivery-failure reports): what people typed never becomes markup.</summary>
public sealed class MessageBodyTests
{
    [Fact]
    public void Typed_text_is_escaped_in_the_html_part_and_kept_as_typed_in_the_text_part()
    {
        var (html, text) = MessageBody.Build(
            "Audit <b>soon</b>",
            ["Intro with <script>alert(1)</script>"],
            [("Audit", "Q1 & \"access\" <review>")],
            ["CA-000001: <img src=x onerror=alert(1)>"],
            ("Open the audit", new Uri("https://isms.example.net/api/audits/AUD-1?x=1&y=2")));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>soon", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Q1 &amp; &quot;access&quot; &lt;review&gt;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://isms.example.net/api/audits/AUD-1?x=1&amp;y=2\"", html, StringComparison.Ordinal);
        Assert.Contains("Audit: Q1 & \"access\" <review>", text, StringComparison.Ordinal);
        Assert.Contains("- CA-000001: <img src=x onerror=alert(1)>", text, StringComparison.Ordinal);
        Assert.Contains("Open the audit: https://isms.example.net/api/audits/AUD-1?x=1&y=2", text, StringComparison.Ordinal);
    }
}
