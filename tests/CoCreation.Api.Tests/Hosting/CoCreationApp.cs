using CoCreation.OneId;
using System.Net.Http.Headers;
using CoCreation.Api.Identity;
using CoCreation.EventStore;
using CoCreation.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.Api.Tests.Hosting;

/// <summary>
/// The real API (its own <c>Program</c>) on an in-memory server, against the real PostgreSQL, in
/// a schema of its own: our small stand-in for Alba. As a class fixture it gives every test class
/// a fresh schema; construct it directly to share a schema or change settings.
/// </summary>
public sealed class CoCreationApp : IAsyncLifetime, IAsyncDisposable
{
    public const string AdminKey = TestApiSettings.AdminKey;
    public const string HostKey = TestApiSettings.HostKey;
    public const string Issuer = TestApiSettings.Issuer;
    public const string SigningKey = TestApiSettings.SigningKey;
    public const string PseudonymKey = TestApiSettings.PseudonymKey;
    public const string OverlayTokenKey = TestApiSettings.OverlayTokenKey;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsSchema;
    private readonly TimeProvider? _time;
    private EntryPointHost? _entryPoint;

    public CoCreationApp() : this(TestDatabase.UniqueSchema("api"), null, ownsSchema: true, time: null) { }

    /// <summary>An app to start with <see cref="InitializeAsync"/> (xunit fixtures have one public constructor).</summary>
    /// <param name="schema">The event store schema.</param>
    /// <param name="settings">Configuration overriding the test defaults.</param>
    /// <param name="ownsSchema">Drop the schema when disposed.</param>
    /// <param name="time">The app's clock (the events' timestamps come from it); the system's by default.</param>
    public static CoCreationApp On(string schema, IReadOnlyDictionary<string, string?>? settings = null, bool ownsSchema = false, TimeProvider? time = null) =>
        new(schema, settings, ownsSchema, time);

    private CoCreationApp(string schema, IReadOnlyDictionary<string, string?>? settings, bool ownsSchema, TimeProvider? time)
    {
        Schema = schema;
        _ownsSchema = ownsSchema;
        _time = time;
        _settings = TestApiSettings.For(schema, settings);
    }

    public string Schema { get; }

    public IServiceProvider Services => Started.Host.Services;

    public TestServer Server => (TestServer)Services.GetRequiredService<IServer>();

    public EventStore.EventStore Store => Services.GetRequiredService<EventStore.EventStore>();

    private EntryPointHost Started => _entryPoint ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        // Command-line arguments reach the configuration before Program reads it, unlike settings
        // added while the host is being built.
        _entryPoint = await EntryPointHost.StartAsync(typeof(Program).Assembly, TestApiSettings.AsArguments(_settings), services =>
        {
            services.AddSingleton<IServer, TestServer>();
            services.AddSingleton<IHostLifetime, TestLifetime>();
            if (_time is not null) services.AddSingleton(_time);
        }, Timeout);
    }

    public async Task DisposeAsync()
    {
        var entryPoint = Interlocked.Exchange(ref _entryPoint, null);
        if (entryPoint is null) return;
        await entryPoint.StopAsync(Timeout);
        if (_ownsSchema)
        {
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, Schema);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public HttpClient Anonymous() => Server.CreateClient();

    public HttpClient AsAdmin() => WithBearer(AdminKey);

    public HttpClient AsHost() => WithBearer(HostKey);

    public HttpClient AsParticipant(string oneId, string channel = "app") => WithBearer(ParticipantToken(oneId, channel));

    public HttpClient WithBearer(string token)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }


    public static string ParticipantToken(string oneId, string channel = "app", TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        OneIdTokens.Mint(Issuer, SigningKey, oneId, channel, lifetime ?? TimeSpan.FromMinutes(10), issuedAt);

    /// <summary>A token with arbitrary claims, for the shapes <see cref="OneIdTokens"/> refuses to mint.</summary>
    public static string CustomToken(IDictionary<string, object> claims, string issuer = Issuer, string signingKey = SigningKey, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(OneIdTokens.SigningKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
