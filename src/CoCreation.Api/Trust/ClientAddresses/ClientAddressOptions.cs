using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust.ClientAddresses;

/// <summary>
/// The <c>ForwardedHeaders</c> section: which proxies' <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed.
/// Empty lists keep ASP.NET Core's default, loopback only; configured lists replace it.
/// </summary>
public sealed class ClientAddressOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the API: the entries of <c>X-Forwarded-For</c> read from the right.</summary>
    public int ForwardLimit { get; set; } = 1;
}

internal sealed class ValidateClientAddressOptions : IValidateOptions<ClientAddressOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientAddressOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _)) failures.Add($"ForwardedHeaders:KnownProxies:{i} is not an IP address.");
        }
        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _)) failures.Add($"ForwardedHeaders:KnownNetworks:{i} is not a network in CIDR notation (e.g. 10.0.0.0/8).");
        }
        if (options.ForwardLimit < 1) failures.Add("ForwardedHeaders:ForwardLimit must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Turns <see cref="ClientAddressOptions"/> into the forwarded-headers middleware's options.</summary>
internal sealed class ConfigureForwardedHeaders(IOptions<ClientAddressOptions> addresses) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        var settings = addresses.Value;
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = settings.ForwardLimit;
        if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0) return;

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
