namespace CoCreation.Api.Tests.BadInput;

/// <summary>Who an endpoint is for: anyone, a participant's OneID token, a host key (admins too), an admin key.</summary>
public enum Caller { Public, Participant, Host, Admin }

/// <summary>
/// What a route value is: a slug, a UUID, a name the endpoint looks up (projections), or an outside identifier that
/// need not be a slug (a OneID, a device id) but has no whitespace or control characters and a bounded length.
/// </summary>
public enum IdKind { Slug, Uuid, Name, Identifier }

/// <summary>
/// A route value of the valid request. <paramref name="Creates"/>: a PUT that creates what it names, so an unknown
/// value is not an error. A value starting with <c>@</c> names a seeded id (<see cref="BadInputApp.Resolve"/>).
/// </summary>
public sealed record RouteId(string Name, string Value, IdKind Kind = IdKind.Slug, bool Creates = false);

/// <summary>
/// One endpoint as the bad-input suite sends it: its route as the app maps it, who may call it, and a valid request
/// (route values, query, JSON or multipart body, Idempotency-Key) that the suite breaks one way at a time. JSON paths
/// (<c>$.segment.region</c>) name the body's fields: every field of the valid body is required unless listed in
/// <see cref="Optional"/>; string fields are tokens (ids, enums, slugs) unless listed in <see cref="Text"/> (free text,
/// where naughty-but-valid Unicode is legitimate and is tested by the round trips instead).
/// </summary>
public sealed record EndpointSpec(string Method, string Route, Caller Caller)
{
    /// <summary>Tells two specs of one route apart (a psm submission beside a direct one).</summary>
    public string? Variant { get; init; }

    public IReadOnlyList<RouteId> Ids { get; init; } = [];

    public string? Query { get; init; }

    public string? Json { get; init; }

    /// <summary>Another valid body, sent under the key of a first request: 422.</summary>
    public string? OtherJson { get; init; }

    public IReadOnlyList<string> Optional { get; init; } = [];

    public IReadOnlyList<string> Text { get; init; } = [];

    /// <summary>The request carries an Idempotency-Key header.</summary>
    public bool Keyed { get; init; }

    /// <summary>The contest entry upload: multipart title, description, image.</summary>
    public bool Multipart { get; init; }

    /// <summary>Fields under this path are checked per row: a bad row is a 200 whose row result is 400.</summary>
    public string? PerRow { get; init; }

    /// <summary>Query strings that are refused, with their status.</summary>
    public IReadOnlyList<(string Query, int Status)> BadQueries { get; init; } = [];

    /// <summary>Bodies the generic mutations do not make (unknown map keys, values out of the question's range).</summary>
    public IReadOnlyList<(string Name, string Json)> BadBodies { get; init; } = [];

    /// <summary>The valid request would disturb the other endpoints' valid requests (it rebuilds a projection).</summary>
    public bool SkipValidRequest { get; init; }

    public string Name => Variant is null ? $"{Method} {Route}" : $"{Method} {Route} ({Variant})";

    public bool HasJsonBody => Json is not null;
}

/// <summary>
/// Every endpoint that takes a body or route ids, once per shape of body. Adding an endpoint to the API means adding a
/// line here; <see cref="BadInputTests.every_endpoint_with_a_body_or_route_ids_is_in_the_table"/> fails until it is.
/// </summary>
public static class EndpointTable
{
    public const string DefinedItem = """
        {"name": "Defined", "currency": "CNY", "min": 100000, "max": 300000, "step": 1000, "mode": "direct",
         "opensAt": "2030-01-01T00:00:00Z", "closesAt": "2031-01-01T00:00:00Z"}
        """;

    public const string DefinedQuestion = """
        {"title": "Which colours?", "kind": "multi", "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}],
         "maxChoices": 2, "opensAt": "2030-01-01T00:00:00Z", "closesAt": "2031-01-01T00:00:00Z"}
        """;

    public const string ScoreQuestion = """
        {"title": "Rate these", "kind": "score", "options": [{"id": "range", "label": "Range"}, {"id": "comfort", "label": "Comfort"}]}
        """;

    private const string C = "/api/campaigns/{campaignId}";

    private static readonly RouteId Campaign = new("campaignId", BadInputApp.Campaign);

    private static RouteId[] Item(string item, bool creates = false) => [Campaign, new("itemId", item, Creates: creates)];

    private static RouteId[] Question(string question, bool creates = false) => [Campaign, new("questionId", question, Creates: creates)];

    private static RouteId[] Suggestion(string seeded) => [Campaign, new("suggestionId", seeded, IdKind.Uuid)];

    private static RouteId[] Contest(string contest, bool creates = false) => [Campaign, new("contestId", contest, Creates: creates)];

    private static RouteId[] Entry(string contest, string seeded) => [.. Contest(contest), new("entryId", seeded, IdKind.Uuid)];

    private static readonly (string, int)[] StatsQueries =
    [
        ("bins=0", 400), ("bins=-1", 400), ("bins=abc", 400), ("bins=1e400", 400), ("bins=99999999999", 400),
        ("channel=%3Cscript%3E", 400), ("channel=%00", 400), ("bins=10&bins=20", 400),
    ];

    public static IReadOnlyList<EndpointSpec> All { get; } =
    [
        // Campaigns
        new("PUT", C, Caller.Admin)
        {
            Ids = [Campaign with { Creates = true }],
            Json = """{"name": "bi", "description": "Bad input, tested", "allowGuests": false}""",
            Optional = ["$.description", "$.allowGuests"], Text = ["$.name", "$.description"],
        },
        new("GET", C, Caller.Public) { Ids = [Campaign] },

        // Pricing
        new("PUT", C + "/pricing/{itemId}", Caller.Admin)
        {
            Ids = Item("defined", creates: true), Json = DefinedItem, Optional = ["$.opensAt", "$.closesAt"], Text = ["$.name"],
        },
        new("GET", C + "/pricing/{itemId}", Caller.Public) { Ids = Item("direct") },
        new("POST", C + "/pricing/{itemId}/open", Caller.Host) { Ids = Item("rounds") },
        new("POST", C + "/pricing/{itemId}/close", Caller.Host) { Ids = Item("rounds") },
        new("POST", C + "/pricing/{itemId}/submissions", Caller.Participant)
        {
            Variant = "direct", Ids = Item("direct"), Keyed = true,
            Json = """{"price": 150000, "segment": {"region": "Shanghai", "ageBand": "25-34"}, "dwellMs": 4200}""", OtherJson = """{"price": 160000}""",
            Optional = ["$.segment", "$.segment.region", "$.segment.ageBand", "$.dwellMs"],
            BadBodies = [("dwell negative", """{"price": 150000, "dwellMs": -1}"""), ("dwell over a day", """{"price": 150000, "dwellMs": 86400001}""")],
        },
        new("POST", C + "/pricing/{itemId}/submissions", Caller.Participant)
        {
            Variant = "psm", Ids = Item("psm"), Keyed = true,
            Json = """{"tooCheap": 120000, "cheap": 150000, "expensive": 200000, "tooExpensive": 250000, "likelihoodAtCheap": 4, "likelihoodAtExpensive": 2}""",
            OtherJson = """{"tooCheap": 110000, "cheap": 150000, "expensive": 200000, "tooExpensive": 250000}""",
            Optional = ["$.likelihoodAtCheap", "$.likelihoodAtExpensive"],
            BadBodies = [("order broken", """{"tooCheap": 150000, "cheap": 120000, "expensive": 200000, "tooExpensive": 250000}""")],
        },
        new("POST", C + "/pricing/{itemId}/submissions/batch", Caller.Admin)
        {
            Ids = Item("direct"), PerRow = "$.rows",
            Json = """{"rows": [{"oneId": "batch-person", "channel": "dealer", "idempotencyKey": "0195f1a4-0000-7000-8000-00000000b001", "price": 150000, "segment": {"region": "Chengdu"}, "dwellMs": 4200, "clientIp": "203.0.113.5"}]}""",
            Optional = ["$.rows[0].segment", "$.rows[0].segment.region", "$.rows[0].dwellMs", "$.rows[0].clientIp"], Text = ["$.rows[0].oneId"],
            BadBodies = [("no rows", """{"rows": []}"""), ("rows null", """{"rows": null}""")],
        },
        new("GET", C + "/pricing/{itemId}/stats", Caller.Public) { Ids = Item("direct"), BadQueries = StatsQueries },
        new("GET", C + "/pricing/{itemId}/chart.svg", Caller.Public) { Ids = Item("direct"), BadQueries = StatsQueries },
        new("GET", C + "/pricing/{itemId}/export", Caller.Admin)
        {
            Ids = Item("direct"),
            BadQueries =
            [
                ("kind=everything", 400), ("format=xlsx", 400), ("asOf=-1", 400), ("asOf=0", 400), ("asOf=abc", 400),
                ("asOf=9223372036854775808", 400), ("asOf=1e400", 400), ("asOf=9223372036854775807", 400), ("bootstrap=-1", 400),
                ("bootstrap=1e400", 400), ("bins=0", 400), ("bom=maybe", 400), ("kind=%3Cscript%3E", 400),
                ("excludeFlagged=slow", 400), ("excludeFlagged=true,fast", 400),
            ],
        },

        // Questions and ballots
        new("PUT", C + "/questions/{questionId}", Caller.Admin)
        {
            Ids = Question("defined", creates: true), Json = DefinedQuestion,
            Optional = ["$.maxChoices", "$.opensAt", "$.closesAt"], Text = ["$.title", "$.options[0].label", "$.options[1].label"],
        },
        new("GET", C + "/questions/{questionId}", Caller.Public) { Ids = Question("single") },
        new("POST", C + "/questions/{questionId}/open", Caller.Host) { Ids = Question("rounds") },
        new("POST", C + "/questions/{questionId}/close", Caller.Host) { Ids = Question("rounds") },
        new("POST", C + "/questions/{questionId}/ballots", Caller.Participant)
        {
            Variant = "single", Ids = Question("single"), Keyed = true,
            Json = """{"choices": ["five"], "segment": {"region": "Beijing"}, "dwellMs": 2500}""", OtherJson = """{"choices": ["seven"]}""",
            Optional = ["$.segment", "$.segment.region", "$.dwellMs"],
            BadBodies =
            [
                ("two choices", """{"choices": ["five", "seven"]}"""), ("unknown option", """{"choices": ["'; drop table events; --"]}"""),
                ("dwell negative", """{"choices": ["five"], "dwellMs": -1}"""),
            ],
        },
        new("POST", C + "/questions/{questionId}/ballots", Caller.Participant)
        {
            Variant = "score", Ids = Question("score"), Keyed = true,
            Json = """{"scores": {"range": 4}}""", OtherJson = """{"scores": {"range": 1}}""",
            BadBodies =
            [
                ("score 6", """{"scores": {"range": 6}}"""), ("score 0", """{"scores": {"range": 0}}"""),
                ("unknown option", """{"scores": {"<script>alert(1)</script>": 3}}"""), ("choices on a score question", """{"choices": ["range"]}"""),
                ("empty scores", """{"scores": {}}"""),
            ],
        },
        new("POST", C + "/questions/{questionId}/ballots", Caller.Participant)
        {
            Variant = "points", Ids = Question("points"), Keyed = true,
            Json = """{"allocation": {"range": 60}}""", OtherJson = """{"allocation": {"range": 100}}""",
            BadBodies =
            [
                ("over budget", """{"allocation": {"range": 60, "power": 41}}"""), ("all zero", """{"allocation": {"range": 0}}"""),
                ("int overflow in the sum", """{"allocation": {"range": 2147483647, "power": 2147483647, "comfort": 2147483647}}"""),
            ],
        },
        new("GET", C + "/questions/{questionId}/results", Caller.Public)
        {
            Ids = Question("single"), BadQueries = [("channel=%3Cscript%3E", 400), ("channel=%E2%80%AE", 400)],
        },
        new("GET", C + "/questions/{questionId}/export", Caller.Admin)
        {
            Ids = Question("single"),
            BadQueries = [("format=xlsx", 400), ("asOf=0", 400), ("asOf=abc", 400), ("asOf=9223372036854775807", 400), ("bom=maybe", 400), ("excludeFlagged=slow", 400)],
        },

        // Suggestions
        new("POST", C + "/questions/{questionId}/suggestions", Caller.Participant)
        {
            Ids = Question("single"), Keyed = true, Json = """{"text": "Heated rear seats"}""", OtherJson = """{"text": "Cooled front seats"}""",
            Text = ["$.text"],
        },
        new("GET", C + "/questions/{questionId}/suggestions", Caller.Public)
        {
            Ids = Question("single"),
            BadQueries =
            [
                ("status=everything", 400), ("sort=best", 400), ("limit=0", 400), ("limit=201", 400), ("limit=abc", 400), ("limit=1e400", 400),
                ("offset=-1", 400), ("offset=99999999999", 400), ("status=pending", 401),
            ],
        },
        new("POST", C + "/suggestions/{suggestionId}/moderation", Caller.Admin)
        {
            Ids = Suggestion("@pending"), Json = """{"decision": "approve", "reason": "Fits the brief"}""",
            Optional = ["$.reason"], Text = ["$.reason"],
        },
        new("POST", C + "/suggestions/{suggestionId}/merge", Caller.Admin)
        {
            Ids = Suggestion("@loose"), Json = """{"into": "@target"}""",
            BadBodies = [("into itself", """{"into": "@loose"}"""), ("into an unknown one", """{"into": "0195f1a4-0000-7000-8000-0000000000ff"}""")],
        },
        new("POST", C + "/suggestions/{suggestionId}/unmerge", Caller.Admin) { Ids = Suggestion("@merged") },
        new("POST", C + "/suggestions/{suggestionId}/upvote", Caller.Participant) { Ids = Suggestion("@approved") },
        new("DELETE", C + "/suggestions/{suggestionId}/upvote", Caller.Participant) { Ids = Suggestion("@approved") },

        // Design contest
        new("PUT", C + "/contests/{contestId}", Caller.Admin)
        {
            Ids = Contest("open", creates: true), Json = """{"title": "Grille design", "description": "Draw the grille"}""",
            Optional = ["$.description"], Text = ["$.title", "$.description"],
        },
        new("GET", C + "/contests/{contestId}", Caller.Public) { Ids = Contest("open") },
        new("POST", C + "/contests/{contestId}/stage", Caller.Admin)
        {
            Ids = Contest("stage"), Json = """{"stage": "voting"}""",
            BadBodies =
            [
                ("shortlist without entries", """{"stage": "shortlist"}"""), ("voting with entries", """{"stage": "voting", "entryIds": ["@votingEntry"]}"""),
                ("entry ids not uuids", """{"stage": "shortlist", "entryIds": ["nope"]}"""), ("entry ids null", """{"stage": "shortlist", "entryIds": [null]}"""),
            ],
        },
        new("POST", C + "/contests/{contestId}/entries", Caller.Participant) { Ids = Contest("open"), Keyed = true, Multipart = true },
        new("GET", C + "/contests/{contestId}/entries/{entryId}", Caller.Public) { Ids = Entry("voting", "@votingEntry") },
        new("GET", C + "/contests/{contestId}/entries/{entryId}/image", Caller.Public) { Ids = Entry("voting", "@votingEntry") },
        new("POST", C + "/contests/{contestId}/entries/{entryId}/moderation", Caller.Admin)
        {
            Ids = Entry("open", "@pendingEntry"), Json = """{"decision": "approve", "reason": "Clean lines"}""",
            Optional = ["$.reason"], Text = ["$.reason"],
        },
        new("POST", C + "/contests/{contestId}/entries/{entryId}/score", Caller.Participant)
        {
            Ids = Entry("voting", "@votingEntry"), Keyed = true, Json = """{"score": 4}""", OtherJson = """{"score": 2}""",
            BadBodies = [("score 6", """{"score": 6}""")],
        },
        new("GET", C + "/contests/{contestId}/leaderboard", Caller.Public)
        {
            Ids = Contest("voting"), BadQueries = [("limit=0", 400), ("limit=-1", 400), ("limit=abc", 400), ("limit=10001", 400), ("limit=1e400", 400)],
        },
        new("GET", C + "/contests/{contestId}/export", Caller.Admin) { Ids = Contest("voting"), BadQueries = [("format=xlsx", 400)] },

        // Live
        new("GET", C + "/scene", Caller.Public) { Ids = [Campaign] },
        new("PUT", C + "/scene", Caller.Host)
        {
            Ids = [Campaign], Json = """{"kind": "price", "targetId": "direct", "revealResults": true}""", Optional = ["$.revealResults"],
            BadBodies = [("a vote scene on an item", """{"kind": "vote", "targetId": "direct"}"""), ("a blank scene with a target", """{"kind": "blank", "targetId": "direct"}""")],
        },
        new("GET", C + "/overlay-token", Caller.Admin) { Ids = [Campaign] },
        new("POST", C + "/overlay-token/rotate", Caller.Admin) { Ids = [Campaign] },

        // Trust: guests, erasure, audit (erasing what is unknown is the end state asked for: 204, so the ids "create")
        new("POST", "/api/identity/guest", Caller.Public)
        {
            Json = """{"deviceId": "device-bad-input", "channel": "web"}""", Optional = ["$.channel"],
        },
        new("DELETE", "/api/participants/{oneId}", Caller.Admin) { Ids = [new("oneId", "bad-input-erased", IdKind.Identifier, Creates: true)] },
        new("DELETE", "/api/participants/guests/{deviceId}", Caller.Admin)
        {
            Ids = [new("deviceId", "device-bad-input-erased", IdKind.Identifier, Creates: true)],
        },
        new("GET", C + "/audit", Caller.Admin) { Ids = [Campaign], BadQueries = [("limit=0", 400), ("limit=1001", 400), ("after=-1", 400)] },

        // Operations
        new("POST", "/api/admin/projections/{name}/rebuild", Caller.Admin)
        {
            Ids = [new("name", "campaigns", IdKind.Name)], SkipValidRequest = true,
        },


        // Pages
        new("GET", "/overlay/{campaignId}", Caller.Public) { Ids = [Campaign] },
        new("GET", "/host/{campaignId}", Caller.Public) { Ids = [Campaign] },
        new("GET", "/c/{campaignId}", Caller.Public) { Ids = [Campaign] },
    ];
}
