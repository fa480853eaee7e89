using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CoCreation.Api.Tests.Contest;
using CoCreation.Api.Tests.Hosting;
using CoCreation.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoCreation.Api.Tests.BadInput;

/// <summary>
/// One bad request: which endpoint, what is wrong with it, the statuses that may answer it. The request is the
/// endpoint's valid one with one thing changed (<see cref="Route"/>, <see cref="Query"/>, <see cref="Bearer"/>,
/// <see cref="Key"/>, <see cref="Content"/>).
/// </summary>
public sealed record BadInputCase(string Id, EndpointSpec Spec, int[] Expected)
{
    /// <summary>Route values replacing the valid ones.</summary>
    public IReadOnlyDictionary<string, string> Route { get; init; } = new Dictionary<string, string>();

    public string? Query { get; init; }

    /// <summary>The Authorization header's value instead of the caller's own; "" sends none.</summary>
    public Func<string>? Authorization { get; init; }

    /// <summary>The Idempotency-Key instead of a fresh UUID; null sends none.</summary>
    public Func<string?>? Key { get; init; }

    /// <summary>The body instead of the valid one.</summary>
    public Func<BadInputApp, HttpContent?>? Content { get; init; }

    /// <summary>Sends the valid request with the same key first (outside what the case may store), for the 422 of a reused key.</summary>
    public bool ReuseKey { get; init; }

    public override string ToString() => Id;
}

/// <summary>The table's endpoints × every way the suite breaks a request.</summary>
public static class BadInputCases
{
    private const string Marker = "__BAD_INPUT__";

    private static readonly int[] BadRequest = [400];
    private static readonly int[] NotFound = [404];
    private static readonly int[] Malformed = [400, 404];
    private static readonly int[] Unauthorized = [401];
    private static readonly int[] Forbidden = [403];

    // Lazy: the case lists below are static fields too, initialised after this one.
    private static readonly Lazy<Dictionary<string, BadInputCase>> Cases = new(() => Build().ToDictionary(c => c.Id, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, BadInputCase> ById => Cases.Value;

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in ById.Keys) data.Add(id);
        return data;
    }

    private static IEnumerable<BadInputCase> Build()
    {
        foreach (var spec in EndpointTable.All)
        {
            var cases = Auth(spec).Concat(RouteIds(spec)).Concat(Queries(spec)).Concat(Keys(spec));
            if (spec.HasJsonBody) cases = cases.Concat(MalformedJson(spec)).Concat(Mutations(spec)).Concat(ExtraBodies(spec));
            if (spec.Multipart) cases = cases.Concat(Uploads(spec));
            foreach (var c in cases) yield return c with { Id = $"{spec.Name} · {c.Id}" };
        }
    }

    // ---- who calls -------------------------------------------------------------------------------------------------

    private static IEnumerable<BadInputCase> Auth(EndpointSpec spec)
    {
        if (spec.Caller == Caller.Public) yield break;
        yield return new("no token", spec, Unauthorized) { Authorization = () => "" };
        yield return new("basic scheme", spec, Unauthorized) { Authorization = () => "Basic YWRtaW46YWRtaW4=" };
        yield return new("empty bearer", spec, Unauthorized) { Authorization = () => "Bearer " };
        yield return new("unknown key", spec, Unauthorized) { Authorization = () => "Bearer not-a-configured-key-0123456789" };
        yield return new("garbage jwt", spec, Unauthorized) { Authorization = () => "Bearer a.b.c" };
        yield return new("a bearer of 300 KB", spec, Unauthorized) { Authorization = () => $"Bearer {new string('a', 150_000)}.{new string('b', 150_000)}.c" };
        yield return new("expired token", spec, Unauthorized)
        {
            Authorization = () => Bearer(CoCreationApp.ParticipantToken("p", lifetime: TimeSpan.FromMinutes(5), issuedAt: DateTimeOffset.UtcNow.AddHours(-1))),
        };
        yield return new("token not yet valid", spec, Unauthorized) { Authorization = () => Bearer(Token(notBefore: TimeSpan.FromHours(1))) };
        yield return new("token signed with another key", spec, Unauthorized)
        {
            Authorization = () => Bearer(Token(key: "another-signing-key-0123456789-abcdefgh")),
        };
        yield return new("token of another issuer", spec, Unauthorized) { Authorization = () => Bearer(Token(issuer: "https://evil.test")) };
        yield return new("unsigned token (alg none)", spec, Unauthorized) { Authorization = () => Bearer(Unsigned()) };
        yield return new("token without sub", spec, Unauthorized) { Authorization = () => Bearer(Token(claims: new() { ["chn"] = "app" })) };
        yield return new("token of an unknown channel", spec, Unauthorized)
        {
            Authorization = () => Bearer(Token(claims: new() { ["sub"] = "p", ["chn"] = "fax" })),
        };
        yield return new("token whose sub holds NUL", spec, Unauthorized)
        {
            Authorization = () => Bearer(Token(claims: new() { ["sub"] = "a\0b", ["chn"] = "app" })),
        };
        yield return new("token whose sub is 300 characters", spec, Unauthorized)
        {
            Authorization = () => Bearer(Token(claims: new() { ["sub"] = new string('s', 300), ["chn"] = "app" })),
        };
        switch (spec.Caller)
        {
            case Caller.Participant:
                yield return new("admin key", spec, Forbidden) { Authorization = () => Bearer(CoCreationApp.AdminKey) };
                yield return new("host key", spec, Forbidden) { Authorization = () => Bearer(CoCreationApp.HostKey) };
                break;
            case Caller.Host:
                yield return new("participant token", spec, Forbidden) { Authorization = () => Bearer(CoCreationApp.ParticipantToken("p")) };
                break;
            case Caller.Admin:
                yield return new("participant token", spec, Forbidden) { Authorization = () => Bearer(CoCreationApp.ParticipantToken("p")) };
                yield return new("participant token claiming admin", spec, Forbidden)
                {
                    Authorization = () => Bearer(Token(claims: new() { ["sub"] = "p", ["chn"] = "app", ["role"] = "admin" })),
                };
                yield return new("host key", spec, Forbidden) { Authorization = () => Bearer(CoCreationApp.HostKey) };
                break;
        }
    }

    private static string Bearer(string token) => $"Bearer {token}";

    private static string Token(
        Dictionary<string, object>? claims = null, string issuer = CoCreationApp.Issuer, string key = CoCreationApp.SigningKey,
        TimeSpan? notBefore = null)
    {
        var now = DateTime.UtcNow;
        var from = now + (notBefore ?? TimeSpan.Zero);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims ?? new Dictionary<string, object> { ["sub"] = "p", ["chn"] = "app" },
            IssuedAt = now,
            NotBefore = from,
            Expires = from.AddMinutes(10),
            SigningCredentials = new SigningCredentials(OneId.OneIdTokens.SigningKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $$"""{{Part("""{"alg":"none","typ":"JWT"}""")}}.{{Part($$"""{"sub":"p","chn":"app","iss":"{{CoCreationApp.Issuer}}","exp":{{exp}}}""")}}.""";
    }

    // ---- route ids and queries -------------------------------------------------------------------------------------

    private static readonly string[] MalformedSlugs =
    [
        "Not_A_Slug", "UPPER", "a..b", "a.", "-x", new string('a', 65), "%F0%9F%9A%97", "%E2%80%AE", "%0A",
        "%27%3B%20drop%20table%20events%3B%20--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "a%2Fb", "%20", new string('a', 10_000),
    ];

    // Whitespace, a control character, and far more than any OneID (256) or device id (128) may hold.
    private static readonly string[] MalformedIdentifiers = ["%20", "%0A", "a%01b", new string('a', 10_000)];

    private static readonly string[] MalformedUuids = ["not-a-uuid", "1", "%0A", "00000000-0000-0000-0000-00000000000g", "%27%3B%20drop"];

    private static IEnumerable<BadInputCase> RouteIds(EndpointSpec spec)
    {
        foreach (var id in spec.Ids)
        {
            if (!id.Creates)
            {
                var unknown = id.Kind switch
                {
                    IdKind.Uuid => "0195f1a4-0000-7000-8000-00000000dead",
                    IdKind.Name => "no-such-projection",
                    _ => $"no-such-{id.Name.ToLowerInvariant()}",
                };
                yield return new($"unknown {id.Name}", spec, NotFound) { Route = new Dictionary<string, string> { [id.Name] = unknown } };
            }
            foreach (var bad in id.Kind switch { IdKind.Uuid => MalformedUuids, IdKind.Identifier => MalformedIdentifiers, _ => MalformedSlugs })
            {
                yield return new($"malformed {id.Name} '{bad}'", spec, id.Creates ? BadRequest : Malformed)
                {
                    Route = new Dictionary<string, string> { [id.Name] = bad },
                };
            }
        }
    }

    private static IEnumerable<BadInputCase> Queries(EndpointSpec spec) =>
        spec.BadQueries.Select(q => new BadInputCase($"query {q.Query}", spec, [q.Status]) { Query = q.Query });

    private static IEnumerable<BadInputCase> Keys(EndpointSpec spec)
    {
        if (!spec.Keyed) yield break;
        yield return new("no Idempotency-Key", spec, BadRequest) { Key = () => null };
        yield return new("empty Idempotency-Key", spec, BadRequest) { Key = () => "" };
        yield return new("Idempotency-Key not a UUID", spec, BadRequest) { Key = () => "retry-1" };
        yield return new("Idempotency-Key UUID with garbage", spec, BadRequest) { Key = () => $"{Guid.NewGuid()}x" };
        yield return new("Idempotency-Key of 10,000 characters", spec, BadRequest) { Key = () => new string('k', 10_000) };
        yield return new("Idempotency-Key reused with another body", spec, [422])
        {
            ReuseKey = true,
            Content = spec.Multipart
                ? _ => Entry(ContestFixtures.Png(401), title: "Another title")
                : app => Json(app.Resolve(spec.OtherJson ?? throw new InvalidOperationException($"{spec.Name} needs OtherJson."))),
        };
    }

    // ---- JSON bodies -----------------------------------------------------------------------------------------------

    private static IEnumerable<BadInputCase> MalformedJson(EndpointSpec spec)
    {
        var cases = new (string Name, Func<string, string> Body)[]
        {
            ("empty body", _ => ""),
            ("whitespace body", _ => "  \n "),
            ("truncated", s => s[..^1]),
            ("cut in half", s => s[..(s.Length / 2)]),
            ("trailing garbage", s => s + " x"),
            ("two bodies", s => s + s),
            ("trailing comma", s => s[..s.LastIndexOf('}')] + ",}"),
            ("single quotes", s => s.Replace('"', '\'')),
            ("a comment", s => "/* hi */ " + s),
            ("root is an array", s => $"[{s}]"),
            ("root is an empty array", _ => "[]"),
            ("root is a string", _ => "\"text\""),
            ("root is a number", _ => "42"),
            ("root is true", _ => "true"),
            ("root is null", _ => "null"),
            ("bare NaN root", _ => "NaN"),
            ("deeply nested", _ => "{\"a\": " + new string('[', 1000) + new string(']', 1000) + "}"),
        };
        foreach (var (name, body) in cases)
        {
            yield return new(name, spec, BadRequest) { Content = app => Json(body(app.Resolve(spec.Json!))) };
        }
        yield return new("invalid UTF-8", spec, BadRequest)
        {
            Content = app => Bytes([.. Encoding.UTF8.GetBytes("{\"x\": \""), 0xFF, 0xFE, 0xC3, .. Encoding.UTF8.GetBytes("\"}")], "application/json"),
        };
        yield return new("text/plain content type", spec, [415]) { Content = app => Bytes(Encoding.UTF8.GetBytes(app.Resolve(spec.Json!)), "text/plain") };
        yield return new("no content type", spec, [415]) { Content = app => Bytes(Encoding.UTF8.GetBytes(app.Resolve(spec.Json!)), null) };
        yield return new("form content type", spec, [415]) { Content = _ => new FormUrlEncodedContent([new("name", "x")]) };
        yield return new("UTF-8 declared as UTF-16", spec, [415])
        {
            Content = app => Bytes(Encoding.UTF8.GetBytes(app.Resolve(spec.Json!)), "application/json; charset=utf-16"),
        };
        yield return new("an unknown charset", spec, [415])
        {
            Content = app => Bytes(Encoding.UTF8.GetBytes(app.Resolve(spec.Json!)), "application/json; charset=klingon"),
        };
    }

    private static IEnumerable<BadInputCase> ExtraBodies(EndpointSpec spec) =>
        spec.BadBodies.Select(b => new BadInputCase($"body: {b.Name}", spec, BadRequest) { Content = app => Json(app.Resolve(b.Json)) });

    /// <summary>Every field of the valid body broken one way at a time; each yields 400 (or a row result 400 under <see cref="EndpointSpec.PerRow"/>).</summary>
    private static IEnumerable<BadInputCase> Mutations(EndpointSpec spec)
    {
        var root = JsonNode.Parse(spec.Json!)!;
        foreach (var (path, node) in Fields(root, "$"))
        {
            var optional = spec.Optional.Contains(path);
            foreach (var (name, raw) in Replacements(path, node, isText: spec.Text.Contains(path), optional))
            {
                yield return Body(spec, $"{path} = {name}", Replace(root, path, raw));
            }
            if (!optional && Remove(root, path) is { } without) yield return Body(spec, $"{path} left out", without);
            if (node is JsonObject { Count: > 0 } obj) yield return Body(spec, $"{path} with a duplicate key", Replace(root, path, Duplicated(obj)));
        }
        yield return Body(spec, "$ with a duplicate key", Duplicated(root.AsObject()));
    }

    private static BadInputCase Body(EndpointSpec spec, string name, string json) =>
        new(name, spec, BadRequest) { Content = app => Json(app.Resolve(json)) };

    /// <summary>Raw JSON replacements for a field, by its kind (number, bool, object, array, date, free text, token).</summary>
    private static IEnumerable<(string Name, string Raw)> Replacements(string path, JsonNode node, bool isText, bool optional)
    {
        var required = !optional;
        var common = new List<(string, string)>();
        if (required) common.Add(("null", "null"));
        switch (node)
        {
            case JsonObject:
                return common.Concat([("an array", "[]"), ("a string", "\"x\""), ("a number", "42"), ("true", "true")]);
            case JsonArray:
                return common.Concat([("an object", "{}"), ("a string", "\"x\""), ("a number", "42"), ("[null]", "[null]"), ("[[]]", "[[]]")]);
        }
        var value = node.AsValue();
        if (value.TryGetValue<bool>(out _))
        {
            return common.Concat([("\"true\"", "\"true\""), ("1", "1"), ("0", "0"), ("[]", "[]"), ("{}", "{}"), ("\"yes\"", "\"yes\"")]);
        }
        if (value.TryGetValue<long>(out var number))
        {
            return common.Concat(
            [
                ("the number as a string", $"\"{number}\""), ("\"NaN\"", "\"NaN\""), ("\"Infinity\"", "\"Infinity\""), ("\"-Infinity\"", "\"-Infinity\""),
                ("bare NaN", "NaN"), ("bare Infinity", "Infinity"), ("bare -Infinity", "-Infinity"), ("1e400", "1e400"), ("-1e400", "-1e400"),
                ("long overflow", "9223372036854775808"), ("long underflow", "-9223372036854775809"), ("long max", "9223372036854775807"),
                ("long min", "-9223372036854775808"), ("-1", "-1"), ("1.5", "1.5"), ("1E2", "1E2"), ("hex", "0x10"), ("leading zero", "01"),
                ("true", "true"), ("[]", "[]"), ("{}", "{}"), ("\"\"", "\"\""),
            ]);
        }
        var strings = new List<(string, string)>(common)
        {
            ("a number", "42"), ("true", "true"), ("an array", "[\"x\"]"), ("an object", "{}"),
            ("100,000 characters", $"\"{new string('x', 100_000)}\""), ("NUL", "\"a\\u0000b\""), ("a lone high surrogate", "\"a\\ud800b\""),
            ("a lone low surrogate", "\"\\udc00\""), ("BEL", "\"a\\u0007b\""), ("ESC", "\"a\\u001bb\""), ("DEL", "\"a\\u007fb\""), ("C1 NEL", "\"a\\u0085b\""),
        };
        if (required) strings.AddRange([("empty", "\"\""), ("blank", "\"   \"")]);
        if (path.EndsWith("At", StringComparison.Ordinal))
        {
            strings.AddRange(
            [
                ("not a date", "\"not a date\""), ("before year 1 in UTC", "\"0001-01-01T00:00:00+14:00\""),
                ("after year 9999 in UTC", "\"9999-12-31T23:59:59-14:00\""), ("month 13", "\"2030-13-45T00:00:00Z\""), ("1e400", "1e400"),
                ("empty", "\"\""),
            ]);
        }
        else if (!isText)
        {
            // Tokens (ids, kinds, decisions, channels, regions): text that is fine in a name is wrong here.
            strings.AddRange(
            [
                ("markup", "\"<script>alert(1)</script>\""), ("SQL", "\"'; drop table events; --\""), ("RTL override", "\"a\u202eb\""),
                ("emoji", "\"🚗\""), ("ZWJ", "\"a\u200db\""), ("combining mark", "\"e\u0301\""), ("trailing NUL", "\"approve\\u0000\""),
            ]);
        }
        return strings;
    }

    private static IEnumerable<(string Path, JsonNode Node)> Fields(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = $"{path}.{name}";
                    yield return (childPath, child!);
                    foreach (var nested in Fields(child!, childPath)) yield return nested;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    yield return (childPath, array[i]!);
                    foreach (var nested in Fields(array[i]!, childPath)) yield return nested;
                }
                break;
        }
    }

    /// <summary>The body with the field at <paramref name="path"/> replaced by raw JSON (which may be no JSON at all: NaN, 0x10).</summary>
    private static string Replace(JsonNode root, string path, string raw)
    {
        var copy = root.DeepClone();
        var (parent, last) = Locate(copy, path);
        switch (last)
        {
            case int index: parent.AsArray()[index] = Marker; break;
            case string name: parent.AsObject()[name] = Marker; break;
        }
        return copy.ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal);
    }

    private static string? Remove(JsonNode root, string path)
    {
        var copy = root.DeepClone();
        var (parent, last) = Locate(copy, path);
        if (last is not string name) return null;
        parent.AsObject().Remove(name);
        return copy.ToJsonString();
    }

    private static string Duplicated(JsonObject obj)
    {
        var (name, value) = obj.First();
        var text = obj.ToJsonString();
        return $"{{{new JsonObject { [name] = value?.DeepClone() }.ToJsonString()[1..^1]},{text[1..]}";
    }

    private static (JsonNode Parent, object Last) Locate(JsonNode root, string path)
    {
        var steps = new List<object>();
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            steps.Add(bracket < 0 ? part : part[..bracket]);
            for (var rest = bracket < 0 ? "" : part[bracket..]; rest.Length > 0; rest = rest[(rest.IndexOf(']', StringComparison.Ordinal) + 1)..])
            {
                steps.Add(int.Parse(rest[1..rest.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var node = root;
        foreach (var step in steps[..^1]) node = step is int i ? node[i]! : node[(string)step]!;
        return (node, steps[^1]);
    }

    // ---- the entry upload ------------------------------------------------------------------------------------------

    private static IEnumerable<BadInputCase> Uploads(EndpointSpec spec)
    {
        var png = TestImages.Png(200, 120);
        var html = Encoding.UTF8.GetBytes("<html><body><script>alert(1)</script></body></html>");
        byte[] pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var jpeg = TestImages.Jpeg(200, 120);
        var wrongLength = (byte[])jpeg.Clone();
        wrongLength[5] = 0xFF; // the first segment's length now runs past the file
        var badCrc = (byte[])png.Clone();
        badCrc[29] ^= 0xFF; // inside IHDR's CRC
        var images = new (string Name, byte[] Bytes, string ContentType)[]
        {
            ("a PNG header on HTML", [.. pngSignature, .. html], "image/png"),
            ("a JPEG with a wrong segment length", wrongLength, "image/jpeg"),
            ("a PNG with HTML after IEND (polyglot)", [.. png, .. html], "image/png"),
            ("a PNG with a zip appended (polyglot)", [.. png, 0x50, 0x4B, 0x03, 0x04, .. new byte[26]], "image/png"),
            ("an SVG", TestImages.Svg(), "image/svg+xml"),
            ("an SVG declared as PNG", TestImages.Svg(), "image/png"),
            ("zero bytes", [], "image/png"),
            ("HTML declared as PNG", html, "image/png"),
            ("a GIF", [.. "GIF89a"u8, 0x40, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x3B], "image/gif"),
            ("a truncated PNG", png[..(png.Length / 2)], "image/png"),
            ("a PNG with a bad CRC", badCrc, "image/png"),
            ("a JPEG without a frame header", TestImages.Jpeg(200, 120, withFrameHeader: false), "image/jpeg"),
        };
        foreach (var (name, bytes, type) in images)
        {
            yield return new($"image: {name}", spec, BadRequest) { Content = _ => Entry(bytes, contentType: type) };
        }
        var fields = new (string Name, Func<HttpContent> Content)[]
        {
            ("no image", () => Form(("title", "Grille"))),
            ("the image as a text field", () => Form(("title", "Grille"), ("image", "iVBORw0KGgo="))),
            ("no title", () => Entry(ContestFixtures.Png(402), title: null)),
            ("a blank title", () => Entry(ContestFixtures.Png(403), title: "   ")),
            ("a title with NUL", () => Entry(ContestFixtures.Png(404), title: "a\0b")),
            ("a title with BEL", () => Entry(ContestFixtures.Png(405), title: "a\u0007b")),
            ("a title of 100,000 characters", () => Entry(ContestFixtures.Png(406), title: new string('t', 100_000))),
            ("a description of 100,000 characters", () => Entry(ContestFixtures.Png(407), description: new string('d', 100_000))),
            ("a description with NUL", () => Entry(ContestFixtures.Png(408), description: "a\0b")),
            ("JSON instead of a form", () => Json("""{"title": "Grille"}""")),
            ("a urlencoded form", () => new FormUrlEncodedContent([new("title", "Grille")])),
            ("a multipart form with another boundary", () => Bytes(Encoding.UTF8.GetBytes("--abc\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--abc--\r\n"), "multipart/form-data; boundary=xyz")),
            ("multipart without a boundary", () => Bytes(Encoding.UTF8.GetBytes("--x\r\n\r\n--x--\r\n"), "multipart/form-data")),
            ("multipart garbage", () => Bytes(Encoding.UTF8.GetBytes("this is not multipart at all"), "multipart/form-data; boundary=xyz")),
            ("truncated multipart", () => Bytes(Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nGrille"), "multipart/form-data; boundary=xyz")),
            ("a part without a name", () => Bytes(Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data\r\n\r\nGrille\r\n--xyz--\r\n"), "multipart/form-data; boundary=xyz")),
        };
        foreach (var (name, content) in fields)
        {
            // A body that is no form at all may also be refused as an unsupported media type.
            yield return new($"form: {name}", spec, [400, 415]) { Content = _ => content() };
        }
    }

    /// <summary>The valid upload, or one with another image, title, description or declared type.</summary>
    public static HttpContent Entry(byte[] image, string? title = "Grille", string? description = "A grille", string contentType = "image/png")
    {
        var form = new MultipartFormDataContent();
        if (title is not null) form.Add(new StringContent(title), "title");
        if (description is not null) form.Add(new StringContent(description), "description");
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "image", "entry.png");
        return form;
    }

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A distinct valid image per request, so that a valid upload never reuses another's bytes.</summary>
    public static byte[] FreshImage() => ContestFixtures.Png(RandomNumberGenerator.GetInt32(500, 2400));
}
