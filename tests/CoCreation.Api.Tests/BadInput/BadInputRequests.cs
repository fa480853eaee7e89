using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>Builds a table row's request: the valid one, or the valid one with one thing broken by a <see cref="BadInputCase"/>.</summary>
internal static class BadInputRequests
{
    public static HttpRequestMessage Build(BadInputApp app, EndpointSpec spec, BadInputCase? broken = null, string? key = null)
    {
        var path = spec.Route;
        foreach (var id in spec.Ids)
        {
            var value = broken?.Route.GetValueOrDefault(id.Name) ?? app.Resolve(id.Value);
            path = path.Replace($"{{{id.Name}}}", value, StringComparison.Ordinal);
        }
        var query = broken?.Query ?? spec.Query;
        var request = new HttpRequestMessage(new HttpMethod(spec.Method), query is null ? path : $"{path}?{query}");

        var authorization = broken?.Authorization?.Invoke() ?? spec.Caller switch
        {
            Caller.Participant => $"Bearer {CoCreationApp.ParticipantToken(BadInputApp.Participant)}",
            Caller.Host => $"Bearer {CoCreationApp.HostKey}",
            Caller.Admin => $"Bearer {CoCreationApp.AdminKey}",
            _ => "",
        };
        if (authorization.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        if (spec.Keyed)
        {
            var sent = broken?.Key is { } brokenKey ? brokenKey() : key ?? Guid.NewGuid().ToString();
            if (sent is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", sent);
        }

        request.Content = broken?.Content is { } content ? content(app) : ValidContent(app, spec);
        return request;
    }

    /// <summary>The first request of a reused key: valid, with a fixed image for uploads so the second one's differs.</summary>
    public static HttpRequestMessage First(BadInputApp app, EndpointSpec spec, string key)
    {
        var request = Build(app, spec, key: key);
        if (spec.Multipart) request.Content = BadInputCases.Entry(ContestFixtures.Png(400), title: "First title");
        return request;
    }

    private static HttpContent? ValidContent(BadInputApp app, EndpointSpec spec) =>
        spec.Multipart ? BadInputCases.Entry(BadInputCases.FreshImage())
        : spec.Json is { } json ? BadInputCases.Json(app.Resolve(json))
        : null;
}
