using System.Net.Sockets;
using System.Text;
using CoCreation.Api.Tests.Hosting;
using CoCreation.EventStore;
using CoCreation.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoCreation.Api.Tests.Trust;

/// <summary>
/// The real Program on Kestrel at a free loopback port (the in-memory server enforces no timeouts), with a minimum upload
/// rate of 1,000 bytes a second after two seconds' grace.
/// </summary>
public sealed class SlowClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _schema = TestDatabase.UniqueSchema("slow");
    private EntryPointHost? _host;
    private Uri _address = null!;

    private EventStore.EventStore Store => _host!.Host.Services.GetRequiredService<EventStore.EventStore>();

    public async Task InitializeAsync()
    {
        var settings = TestApiSettings.For(_schema, new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Limits:MinRequestBodyBytesPerSecond"] = "1000",
            ["Limits:MinRequestBodyGracePeriod"] = "00:00:02",
            ["Limits:RequestHeadersTimeout"] = "00:00:02",
        });
        _host = await EntryPointHost.StartAsync(typeof(Program).Assembly, TestApiSettings.AsArguments(settings),
            services => services.AddSingleton<IHostLifetime, TestLifetime>(), Timeout);
        var addresses = _host.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        _address = new Uri(addresses.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync(Timeout);
        await using var dataSource = TestDatabase.CreateDataSource();
        await EventStoreSchema.DropAsync(dataSource, _schema);
    }

    [Fact]
    public async Task a_body_dribbled_slower_than_the_minimum_rate_is_cut_off_and_stores_nothing()
    {
        using var admin = new HttpClient { BaseAddress = _address };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", CoCreationApp.AdminKey);
        Assert.True((await admin.PutAsync("/api/campaigns/slow", Json("""{"name": "Slow"}"""))).IsSuccessStatusCode);
        Assert.True((await admin.PutAsync("/api/campaigns/slow/pricing/d90",
            Json("""{"name": "D90", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct"}"""))).IsSuccessStatusCode);
        Assert.True((await admin.PostAsync("/api/campaigns/slow/pricing/d90/open", null)).IsSuccessStatusCode);
        var before = await Store.ReadHeadSequenceAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_address.Host, _address.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes("""{"price": 150000}""" + new string(' ', 2_000));
        var head = $"POST /api/campaigns/slow/pricing/d90/submissions HTTP/1.1\r\nHost: {_address.Authority}\r\n" +
            $"Authorization: Bearer {CoCreationApp.ParticipantToken("oneid-slow")}\r\nIdempotency-Key: {Guid.NewGuid()}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Ten bytes a second: a slow-loris upload. The server must answer or hang up long before the body is through.
        var answer = ReadAnswerAsync(stream);
        var sent = 0;
        while (!answer.IsCompleted && sent < body.Length)
        {
            try
            {
                await stream.WriteAsync(body.AsMemory(sent, 1));
            }
            catch (IOException)
            {
                break;
            }
            sent++;
            await Task.WhenAny(answer, Task.Delay(100));
        }
        var response = await answer.WaitAsync(Timeout);

        Assert.True(sent < body.Length, "the whole body went through");
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), response);
        Assert.Equal(before, await Store.ReadHeadSequenceAsync());
    }

    /// <summary>The status line the server sends, or empty when it closes the connection without one.</summary>
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
