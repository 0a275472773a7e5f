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

    [Fact]
    public void Values_written_from_dictionaries_come_out_canonical_with_dates_and_instants_in_fixed_formats()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.WriterOptions))
        {
            CanonicalJson.WriteValue(writer, new Dictionary<string, object?>
            {
                ["when"] = new DateTimeOffset(2026, 3, 31, 10, 0, 0, TimeSpan.FromHours(2)),
                ["day"] = new DateOnly(2026, 3, 31),
                ["list"] = new[] { "b", "a" },
                ["kind"] = DayOfWeek.Monday,
                ["share"] = 12.5,
                ["nested"] = new Dictionary<string, object?> { ["y"] = 1L, ["x"] = false },
                ["text"] = "<b>&",
            });
        }

        var bytes = buffer.ToArray();
        Assert.Equal(
            "{\"day\":\"2026-03-31\",\"kind\":\"Monday\",\"list\":[\"b\",\"a\"],\"nested\":{\"x\":false,\"y\":1},\"share\":12.5,\"text\":\"<b>&\",\"when\":\"2026-03-31T08:00:00Z\"}",
            Encoding.UTF8.GetString(bytes));
        Assert.True(CanonicalJson.IsCanonical(bytes));
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
