using System.Net;
using System.Net.Http.Headers;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Trust;

/// <summary>Clients that reach the in-memory server from a given address, as Kestrel would report it.</summary>
internal static class Clients
{
    /// <summary>A client whose connection comes from <paramref name="remote"/>, with a bearer token or key when given.</summary>
    public static HttpClient From(this CoCreationApp app, IPAddress remote, string? bearer = null, Uri? baseAddress = null)
    {
        var client = new HttpClient(app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = remote))
        {
            BaseAddress = baseAddress ?? app.Server.BaseAddress,
        };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>A client behind the load balancer on loopback (trusted by default), which names <paramref name="client"/> in X-Forwarded-For.</summary>
    public static HttpClient Behind(this CoCreationApp app, string client, string? bearer = null, IPAddress? proxy = null, Uri? baseAddress = null)
    {
        var http = app.From(proxy ?? IPAddress.Loopback, bearer, baseAddress);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return http;
    }
}
