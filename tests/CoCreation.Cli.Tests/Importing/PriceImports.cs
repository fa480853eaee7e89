using System.Globalization;
using System.Text;
using System.Text.Json;
using CoCreation.Campaigns;
using CoCreation.EventStore;
using CoCreation.Participants;
using CoCreation.Pricing;
using CoCreation.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoCreation.Cli.Tests.Importing;

/// <summary>A stored price event, read back with SQL and plain JSON, not through the code under test.</summary>
public sealed record StoredSubmission(
    string StreamId, long Version, long Sequence, Guid ParticipantId, string Channel,
    long? Price, long? TooCheap, long? Cheap, long? Expensive, long? TooExpensive, int? LikelihoodAtCheap, int? LikelihoodAtExpensive,
    string? Region, string? AgeBand, string? Actor);

/// <summary>An item to import into, in a test class's schema, and what the import left behind.</summary>
public sealed class PriceImports(StoreFixture fixture) : IAsyncDisposable
{
    public const string Header = "one_id,channel,idempotency_key,price,too_cheap,cheap,expensive,too_expensive,likelihood_at_cheap,likelihood_at_expensive,region,age_band";

    private readonly string _directory = Directory.CreateTempSubdirectory("cocreation-import-").FullName;

    public string CampaignId { get; } = $"c-{Guid.NewGuid():N}"[..20];

    public string ItemId { get; } = $"i-{Guid.NewGuid():N}"[..20];

    /// <summary>A store that knows the pricing events' names, as the API's and the tool's do.</summary>
    public EventStore.EventStore Store { get; } = fixture.CreateStore(options =>
    {
        foreach (var (type, name) in PricingEventNames.All) options.Events.Add(type, name);
    });

    public PricingItem? Definition { get; private set; }

    /// <summary>Defines the campaign and an item (100,000..300,000 step 1,000) by appending their events, as the API would.</summary>
    public async Task<PricingItem> DefineAsync(string mode)
    {
        await Store.AppendAsync(Campaign.StreamId(CampaignId), [new CampaignDefined(CampaignId, "Import test", null, false, "admin:test")]);
        var defined = new PricingItemDefined(CampaignId, ItemId, "D90", "CNY", 100_000, 300_000, 1_000, mode, null, null, "admin:test");
        await Store.AppendAsync(PricingItem.StreamId(CampaignId, ItemId), [defined]);
        Definition = PricingItem.Create(defined);
        return Definition;
    }

    public string WriteFile(IEnumerable<string> lines, bool byteOrderMark = false, string name = "prices.csv")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(byteOrderMark));
        return path;
    }

    public string PathOf(string name) => Path.Combine(_directory, name);

    public Task<CliResult> ImportAsync(string path, params string[] options) =>
        CliRun.RunAsync(CliRun.Database(fixture.Schema), ["import", "prices", "--campaign", CampaignId, "--item", ItemId, path, .. options]);

    /// <summary>The participant ids the directory gave, by OneID (read from its table).</summary>
    public async Task<Dictionary<string, Guid>> ParticipantsAsync()
    {
        await ParticipantsTable.EnsureAsync(fixture.DataSource, fixture.Schema, CancellationToken.None);
        await using var command = fixture.DataSource.CreateCommand($"select one_id, participant_id from {fixture.Schema}.participants");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) ids[reader.GetString(0)] = reader.GetGuid(1);
        return ids;
    }

    /// <summary>Every price event of the item, in log order.</summary>
    public async Task<List<StoredSubmission>> SubmissionsAsync()
    {
        await using var command = fixture.DataSource.CreateCommand(
            $"select stream_id, version, seq_id, data::text, actor from {fixture.Schema}.events where type = 'price-submitted' and stream_id like $1 order by seq_id");
        command.Parameters.AddWithValue($"price/{CampaignId}/{ItemId}/%");
        await using var reader = await command.ExecuteReaderAsync();
        var submissions = new List<StoredSubmission>();
        while (await reader.ReadAsync())
        {
            using var json = JsonDocument.Parse(reader.GetString(3));
            var data = json.RootElement;
            Assert.Equal(CampaignId, data.GetProperty("campaignId").GetString());
            Assert.Equal(ItemId, data.GetProperty("itemId").GetString());
            submissions.Add(new StoredSubmission(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), data.GetProperty("participantId").GetGuid(),
                data.GetProperty("channel").GetString()!,
                Long(data, "price"), Long(data, "tooCheap"), Long(data, "cheap"), Long(data, "expensive"), Long(data, "tooExpensive"),
                (int?)Long(data, "likelihoodAtCheap"), (int?)Long(data, "likelihoodAtExpensive"),
                data.GetProperty("region").GetString(), data.GetProperty("ageBand").GetString(), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return submissions;
    }

    /// <summary>Which of <paramref name="keys"/> are stored as idempotency keys.</summary>
    public async Task<HashSet<string>> StoredKeysAsync(IEnumerable<string> keys)
    {
        await using var command = fixture.DataSource.CreateCommand($"select key from {fixture.Schema}.idempotency_keys where key = any($1)");
        command.Parameters.AddWithValue(keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored;
    }

    public async Task<long> EventCountAsync()
    {
        await using var command = fixture.DataSource.CreateCommand($"select count(*) from {fixture.Schema}.events");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A person's own submission through the live path's key space: what the API's endpoint and PriceSubmissions append.</summary>
    public async Task<AppendResult> SubmitLiveAsync(string oneId, Guid key, PriceAnswer sent, string channel = "app")
    {
        var answer = SubmitPrice.Normalize(sent);
        var directory = new ParticipantDirectory(fixture.DataSource, Options.Create(Store.Options), TimeProvider.System);
        await ParticipantsTable.EnsureAsync(fixture.DataSource, fixture.Schema, CancellationToken.None);
        var participantId = await directory.ResolveAsync(oneId, CancellationToken.None);
        return await Store.AppendAsync(
            PricingItem.SubmissionStreamId(CampaignId, ItemId, participantId),
            [new PriceSubmitted(CampaignId, ItemId, participantId, channel, answer.Price, answer.TooCheap, answer.Cheap, answer.Expensive, answer.TooExpensive,
                answer.LikelihoodAtCheap, answer.LikelihoodAtExpensive, answer.Region, answer.AgeBand)],
            new AppendOptions
            {
                Idempotency = new IdempotencyKey($"price:{participantId:N}:{key:D}", SubmissionKey.Fingerprint(Definition!, answer)),
                Actor = $"participant:{participantId:N}",
                StreamType = "price-submission",
            });
    }

    /// <summary>The errors file as (line, column) → message.</summary>
    public static List<(long Line, string Column, string Message)> ReadErrors(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("line,column,message", lines[0]);
        return lines.Skip(1).Select(l =>
        {
            var first = l.IndexOf(',', StringComparison.Ordinal);
            var second = l.IndexOf(',', first + 1);
            return (long.Parse(l[..first], CultureInfo.InvariantCulture), l[(first + 1)..second], l[(second + 1)..].Trim('"'));
        }).ToList();
    }

    /// <summary>A figure of the summary table, by its label (the table is plain text when not on a terminal).</summary>
    public static long Summary(CliResult result, string label)
    {
        foreach (var line in result.Output.Split('\n'))
        {
            var cells = line.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            if (cells.Count == 2 && cells[0] == label) return long.Parse(cells[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        throw new Xunit.Sdk.XunitException($"No '{label}' in the summary:\n{result}");
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static long? Long(JsonElement data, string name) =>
        data.GetProperty(name).ValueKind == JsonValueKind.Null ? null : data.GetProperty(name).GetInt64();
}
