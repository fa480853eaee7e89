using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Api.Tests.Pricing;
using CoCreation.Api.Tests.Pricing.Exporting;
using CoCreation.Api.Tests.Trust;
using CoCreation.Testing;

namespace CoCreation.Api.Tests.Flags;

/// <summary>The wall clock moved forward by hand, so a test spreads answers over minutes without waiting; timers stay real.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>The API in a schema of its own with a <see cref="ShiftedClock"/>; answers sent from chosen addresses.</summary>
public sealed class FlagsApp : IAsyncLifetime
{
    public ShiftedClock Clock { get; } = new();

    public CoCreationApp App { get; }

    public FlagsApp() => App = CoCreationApp.On(TestDatabase.UniqueSchema("flags"), ownsSchema: true, time: Clock);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>One answer the test sent, with what the test knows of it independently of the API.</summary>
internal sealed record SentAnswer(string OneId, IPAddress? From, string Body, int? DwellMs, long Sequence);

internal static class FlagsFixtures
{
    /// <summary>The network pseudonym as the README defines it, computed here: HMAC-SHA256 of <c>network:</c> and the prefix, 32 hex digits.</summary>
    public static string Network(string prefix, string key = CoCreationApp.PseudonymKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"network:{prefix}")))[..32];

    /// <summary>The /24 or /48 of an address as text, worked out by hand from its bytes.</summary>
    public static string PrefixOf(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        var groups = Enumerable.Range(0, 3).Select(i => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).ToString("x", CultureInfo.InvariantCulture));
        return $"{string.Join(':', groups)}::/48";
    }

    /// <summary>Sends <paramref name="body"/> with <paramref name="dwellMs"/> as <paramref name="oneId"/> from <paramref name="from"/>, expecting 201.</summary>
    public static async Task<SentAnswer> SendAsync(this CoCreationApp app, string url, string oneId, IPAddress? from, string body, int? dwellMs)
    {
        var token = CoCreationApp.ParticipantToken(oneId);
        var client = from is null ? app.WithBearer(token) : app.From(from, token);
        var response = await client.SubmitAsync(url, WithDwell(body, dwellMs));
        var created = await response.AssertJsonAsync<JsonElement>(HttpStatusCode.Created);
        return new SentAnswer(oneId, from, body, dwellMs, created.GetProperty("sequence").GetInt64());
    }

    /// <summary>The JSON object <paramref name="body"/> with <c>dwellMs</c> added last, unless it is null.</summary>
    public static string WithDwell(string body, int? dwellMs) =>
        dwellMs is null ? body : string.Create(CultureInfo.InvariantCulture, $"{body.TrimEnd()[..^1]}, \"dwellMs\": {dwellMs}}}");

    public static string Price(long price) => $$"""{"price": {{price}}}""";

    /// <summary>A raw CSV export by pseudonym, after the statistics reached <paramref name="sequence"/>.</summary>
    public static async Task<(IReadOnlyList<string> Header, Dictionary<string, Dictionary<string, string>> Rows)> RawAsync(
        this CoCreationApp app, string url, long sequence, string query = "")
    {
        await app.WaitForStatsAsync(sequence);
        var response = await app.AsAdmin().ExportAsync(url, $"kind=raw&format=csv&asOf={sequence}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (header, rows) = ExportFixtures.ParseCsv(await response.Content.ReadAsStringAsync());
        return (header, rows.ToDictionary(r => r["participant"], StringComparer.Ordinal));
    }

    public static async Task<Guid> ParticipantAsync(this CoCreationApp app, string oneId) =>
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CoCreation.Participants.ParticipantDirectory>(app.Services).ResolveAsync(oneId, CancellationToken.None);

    public static async Task<string> PseudonymAsync(this CoCreationApp app, string oneId) => ExportFixtures.Pseudonym(await app.ParticipantAsync(oneId));

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
