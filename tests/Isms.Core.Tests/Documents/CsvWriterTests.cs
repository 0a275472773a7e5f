using Isms.Core.Documents;

namespace Isms.Core.Tests.Documents;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://attacker.example\",\"Details\")", "\"'=HYPERLINK(\"\"http://attacker.example\"\",\"\"Details\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r'=1+1\"")]
    [InlineData("\n=1+1", "\"'\n'=1+1\"")]
    [InlineData("=", "\"'=\"")]
    public void A_cell_a_spreadsheet_would_run_gets_a_leading_quote_and_is_quoted(string value, string written) =>
        Assert.Equal(written, CsvWriter.Cell(value));

    [Theory]
    [InlineData("Reviewed yearly.\n=HYPERLINK(\"http://x\")", "\"Reviewed yearly.\n'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("Two lines\r\n-1", "\"Two lines\r\n'-1\"")]
    [InlineData("a\n+1\n@x\n\tb\nplain", "\"a\n'+1\n'@x\n'\tb\nplain\"")]
    public void A_line_inside_a_cell_that_would_start_a_formula_is_neutralised_too(string value, string written) =>
        Assert.Equal(written, CsvWriter.Cell(value));

    [Theory]
    [InlineData("A.5.1", "A.5.1")]
    [InlineData("policy.owner@contoso.example", "policy.owner@contoso.example")]
    [InlineData("re-run 1+1=2", "re-run 1+1=2")]
    [InlineData("zoë.müller — 24/7", "zoë.müller — 24/7")]
    [InlineData(" =1", " =1")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("the \"access\" policy", "\"the \"\"access\"\" policy\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Ordinary_values_are_written_as_they_are_quoted_only_where_RFC_4180_needs_it(string? value, string written) =>
        Assert.Equal(written, CsvWriter.Cell(value));

    [Fact]
    public void Rows_are_fields_joined_by_commas_and_ended_by_CRLF()
    {
        using var text = new StringWriter();
        var csv = new CsvWriter(text);

        csv.WriteRow("Control", "Justification", "Owner");
        csv.WriteRow("A.7.6", "=cmd", null);

        Assert.Equal("Control,Justification,Owner\r\nA.7.6,\"'=cmd\",\r\n", text.ToString());
    }
}
