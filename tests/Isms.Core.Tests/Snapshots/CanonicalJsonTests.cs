using System.Text;
using System.Text.Json;
using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class CanonicalJsonTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Canonical_form_sorts_keys_ordinally_at_every_level_and_drops_whitespace()
    {
        var canonical = CanonicalJson.Canonicalize(Utf8("{ \"b\": 1, \"a\": { \"z\": [ 3, {\"y\":true, \"x\":null} ], \"Z\": \"é\" } }"));

        Assert.Equal("{\"a\":{\"Z\":\"é\",\"z\":[3,{\"x\":null,\"y\":true}]},\"b\":1}", Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonical_bytes_are_recognised_and_anything_else_is_not()
    {
        Assert.True(CanonicalJson.IsCanonical(Utf8("{\"a\":1,\"b\":[1,2]}")));
        Assert.False(CanonicalJson.IsCanonical(Utf8("{\"b\":1,\"a\":2}")));
        Assert.False(CanonicalJson.IsCanonical(Utf8("{\"a\": 1}")));
        Assert.False(CanonicalJson.IsCanonical(Utf8("{\"a\":")));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(2, 92, 2.2)]
    [InlineData(1, 3, 33.3)]
    [InlineData(1, 8, 12.5)]
    [InlineData(5, 5, 100)]
    public void Percentages_have_one_decimal(int part, int whole, double expected) =>
        Assert.Equal(expected, CanonicalJson.Percent(part, whole));
}
