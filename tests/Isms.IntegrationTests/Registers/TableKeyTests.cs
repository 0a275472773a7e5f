using CsCheck;
using Isms.Core.CorrectiveActions;
using Isms.Core.Reminders;
using Isms.Functions.Chasing;
using Isms.Functions.Evidence;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.IntegrationTests.Registers;

/// <summary>
/// No key the app builds may hold a character Table Storage refuses, whatever text people type: UPNs of guests
/// ('#EXT#'), ids in URLs, control ids. Every key builder is driven with generated text, refused characters and
/// all, and its keys are checked; the encoding must also keep distinct inputs distinct.
/// </summary>
public sealed class TableKeyTests
{
    /// <summary>Text with every character Table Storage refuses mixed among ordinary ones, '%' and non-ASCII.</summary>
    private static readonly Gen<string> Hostile =
        Gen.OneOf(
            Gen.Char['\0', '\u001f'],
            Gen.OneOf<char>('/', '\\', '#', '?', '%', '\'', '|', '\u007f', '\u0085', 'é', '東'),
            Gen.Char['a', 'z'],
            Gen.Char['0', '9'])
        .Array[0, 60]
        .Select(chars => new string(chars));

    [Fact]
    public void A_guest_upn_becomes_a_key_and_reads_back()
    {
        const string guest = "ann_fabrikam.com#EXT#@contoso.onmicrosoft.com";

        var key = TableKey.Owner(guest);

        Assert.True(TableKey.IsAllowed(key));
        Assert.Equal("ann_fabrikam.com%23ext%23@contoso.onmicrosoft.com", key);
        Assert.Equal(guest.ToLowerInvariant(), TableKey.Decode(key));
    }

    [Fact]
    public void Ordinary_ids_and_upns_are_their_own_keys_so_rows_written_before_read_the_same()
    {
        Assert.Equal("owner@contoso.com", TableKey.Owner("Owner@Contoso.com"));
        Assert.Equal("CA-7K3M9Q2XPD", TableKey.Encode("CA-7K3M9Q2XPD"));
        Assert.Equal("audits|AUD-7K3M9Q2XPD", AuditTrail.PartitionFor("audits/AUD-7K3M9Q2XPD"));
        Assert.Equal("controls|A.5.1", AuditTrail.PartitionFor("controls/A.5.1"));
    }

    [Fact]
    public void Encoding_is_allowed_and_reversible_for_any_text()
    {
        Hostile.Sample(text =>
        {
            var key = TableKey.Encode(text);
            return TableKey.IsAllowed(key) && TableKey.Decode(key) == text;
        });
    }

    [Fact]
    public void Distinct_texts_never_share_a_key()
    {
        Gen.Select(Hostile, Hostile).Sample((a, b) => a == b || TableKey.Encode(a) != TableKey.Encode(b));
    }

    [Fact]
    public void Every_key_built_from_an_owner_is_allowed()
    {
        Hostile.Sample(owner =>
        {
            var action = new CorrectiveAction
            {
                Id = "CA-7K3M9Q2XPD",
                FindingId = "AUD-7K3M9Q2XPD-F1A2B3C",
                OwnerUpn = owner,
                Correction = "Contained.",
                DueDate = new DateOnly(2026, 3, 5),
                CreatedAt = DateTimeOffset.UnixEpoch,
            };
            var open = CorrectiveActionRegister.Key(action);
            var closed = CorrectiveActionRegister.Key(action with { Status = CorrectiveActionStatus.Closed });
            var (runPartition, runRow) = ReminderRunStore.DeliveryKey("20260305T080000Z-abc123", owner);
            return TableKey.IsAllowed(open.PartitionKey) && TableKey.IsAllowed(closed.PartitionKey)
                && TableKey.IsAllowed(ReminderLedger.Partition(owner))
                && TableKey.IsAllowed(runPartition) && TableKey.IsAllowed(runRow);
        });
    }

    [Fact]
    public void Every_key_built_from_an_item_or_a_path_is_allowed()
    {
        Hostile.Sample(text =>
        {
            var subject = new ReminderSubject(text, ReminderKind.CorrectiveAction, "owner@contoso.com", new DateOnly(2026, 3, 5), null, "t", null, [], new Uri("https://isms.example/"));
            var stage = new ReminderLadder(new ReminderPolicy()).StageOwed(subject, new DateOnly(2026, 3, 5))!;
            var evidence = new EvidenceRecord { Id = "EV-7K3M9Q2XPD", ControlIds = [text], CorrectiveActionId = text, AuditId = text, Versions = [] };
            return TableKey.IsAllowed(ReminderLedger.Row(new OwedReminder(subject, stage)))
                && TableKey.IsAllowed(AuditTrail.PartitionFor($"corrective-actions/{text}"))
                && TableKey.IsAllowed(AuditTrail.PartitionFor(text))
                && EvidenceRegister.IndexPartitions(evidence).All(TableKey.IsAllowed)
                && TableKey.IsAllowed(TableKey.Prefixed("run|", text));
        });
    }

    [Fact]
    public void Ids_from_urls_become_keys_only_when_they_are_allowed()
    {
        // Registers look a record up only when RecordIds.IsWellFormed says the id can be a key; anything else is "not found".
        Hostile.Sample(id => !RecordIds.IsWellFormed(id) || TableKey.IsAllowed(id));
        Assert.Throws<ArgumentException>(() => AuditRegister.Key("AUD#1"));
    }

    [Fact]
    public void A_key_the_service_would_refuse_fails_when_it_is_made()
    {
        var failure = Assert.Throws<ArgumentException>(() => new RecordKey(TableNames.Audits, "audits", "a/b", "audits/a/b"));

        Assert.Contains("a/b", failure.Message, StringComparison.Ordinal);
    }
}
