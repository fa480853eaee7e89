using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoCreation.EventStore;
using CoCreation.OneId;
using CoCreation.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

namespace CoCreation.Browser.Tests.Hosting;

/// <summary>
/// The real API (its own <c>Program</c>) on Kestrel at a free loopback port, in a schema of its own, and one headless
/// Debian Chromium driven by Playwright: pages need a real HTTP server and a real browser. A class fixture.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private EntryPointHost? _entryPoint;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Schema { get; } = TestDatabase.UniqueSchema("browser");

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        BaseAddress = await StartServerAsync("http://127.0.0.1:0");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Stops the server and starts a new one on the same port and schema, as a deployment would.</summary>
    public async Task RestartServerAsync()
    {
        if (Interlocked.Exchange(ref _entryPoint, null) is { } running) await running.StopAsync(Timeout);
        await StartServerAsync(BaseAddress.ToString().TrimEnd('/'));
    }

    private async Task<Uri> StartServerAsync(string url)
    {
        // Guests are on so the participant page can offer them; a campaign must still allow them.
        var settings = TestApiSettings.For(Schema, new Dictionary<string, string?>
        {
            ["urls"] = url,
            ["Auth:Guests:Enabled"] = "true",
            ["Auth:Guests:SigningKey"] = "browser-guest-signing-key-0123456789-abcdef",
        });
        _entryPoint = await EntryPointHost.StartAsync(typeof(Program).Assembly, TestApiSettings.AsArguments(settings),
            services => services.AddSingleton<IHostLifetime, TestLifetime>(), Timeout);
        var addresses = _entryPoint.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reports no addresses.");
        return new Uri(addresses.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (Interlocked.Exchange(ref _entryPoint, null) is { } entryPoint)
        {
            await entryPoint.StopAsync(Timeout);
            await using var dataSource = TestDatabase.CreateDataSource();
            await EventStoreSchema.DropAsync(dataSource, Schema);
        }
    }

    /// <summary>A page with its own browser context, sized like a phone or an OBS source.</summary>
    public async Task<IPage> OpenAsync(string path, int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    public HttpClient AsAdmin() => WithBearer(TestApiSettings.AdminKey);

    public HttpClient AsParticipant(string oneId) => WithBearer(ParticipantToken(oneId));

    public HttpClient WithBearer(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string ParticipantToken(string oneId) =>
        OneIdTokens.Mint(TestApiSettings.Issuer, TestApiSettings.SigningKey, oneId, "web", TimeSpan.FromMinutes(30));

    /// <summary>PUT with a body and insists on success: the test's own setup, not what it checks.</summary>
    public static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>POST with a body and insists on success.</summary>
    public static async Task PostAsync(HttpClient client, string path, object? body = null)
    {
        using var response = await client.PostAsJsonAsync(path, body ?? new { });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
