namespace CoCreation.Testing;

/// <summary>
/// The keys and configuration every test host of the API runs with (in memory in CoCreation.Api.Tests, on Kestrel
/// in CoCreation.Browser.Tests), as command-line arguments so they reach the configuration before Program reads it.
/// </summary>
public static class TestApiSettings
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string HostKey = "test-host-key-0123456789";
    public const string Issuer = "https://oneid.test";
    public const string SigningKey = "test-oneid-signing-key-0123456789-abcdef";
    public const string PseudonymKey = "test-pseudonym-key-0123456789-abcdef-0123";
    public const string OverlayTokenKey = "test-overlay-token-key-0123456789-abcdef";

    /// <summary>The settings of an app on <paramref name="schema"/>, with <paramref name="overrides"/> applied last.</summary>
    public static Dictionary<string, string?> For(string schema, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["environment"] = "Testing",
            ["ConnectionStrings:CoCreation"] = TestDatabase.ConnectionString,
            ["EventStore:Schema"] = schema,
            ["Auth:OneId:Issuer"] = Issuer,
            ["Auth:OneId:SigningKey"] = SigningKey,
            ["Auth:AdminKeys:0"] = AdminKey,
            ["Auth:HostKeys:0"] = HostKey,
            ["Pseudonym:Key"] = PseudonymKey,
            ["Live:OverlayTokenKey"] = OverlayTokenKey,
            ["Demo:Seed"] = "false",
            // Test classes send hundreds of requests as a few people from one in-memory address; the limits are tested
            // on their own (CoCreation.Api.Tests/Trust), with the defaults and with tiny ones.
            ["RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>The settings as <c>--key=value</c> arguments for <see cref="EntryPointHost.StartAsync"/>.</summary>
    public static string[] AsArguments(IReadOnlyDictionary<string, string?> settings) =>
        [.. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
}
