namespace CoCreation.Live;

/// <summary>The scene kinds a livestream can show.</summary>
public static class SceneKinds
{
    public const string Price = "price";
    public const string Psm = "psm";
    public const string Vote = "vote";
    public const string Leaderboard = "leaderboard";
    public const string Counter = "counter";
    public const string Blank = "blank";

    public static readonly IReadOnlyList<string> All = [Price, Psm, Vote, Leaderboard, Counter, Blank];

    /// <summary>The kinds that show one thing and must say which.</summary>
    public static bool NeedsTarget(string kind) => kind is Price or Psm or Vote or Leaderboard;
}

/// <summary>What a campaign's livestream shows now; results stay hidden from the public until <paramref name="RevealResults"/>.</summary>
public sealed record Scene(string Kind, string? TargetId, bool RevealResults)
{
    public static Scene Blank { get; } = new(SceneKinds.Blank, null, false);

    public static string StreamId(string campaignId) => $"scene/{campaignId}";

    public static Scene From(SceneChanged e) => new(e.Kind, e.TargetId, e.RevealResults);
}

/// <summary>
/// What a scene's target id names in its campaign, as far as the scene's kind needs to know: the mode of the pricing
/// item with that id (null when there is none), and whether a question or a contest has it.
/// </summary>
public sealed record SceneTarget(string? PricingMode = null, bool IsQuestion = false, bool IsContest = false)
{
    public static SceneTarget None { get; } = new();
}

/// <summary>Switch a campaign's scene (PUT semantics: an omitted <c>revealResults</c> hides results).</summary>
public sealed record ChangeScene(string CampaignId, string Kind, string? TargetId, bool RevealResults, string Actor)
{
    /// <summary>
    /// Field → messages for everything wrong with the input; empty when it is valid. <paramref name="target"/> says
    /// what <paramref name="targetId"/> names in this campaign.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string? kind, string? targetId, SceneTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var pricingModeOfTarget = target.PricingMode;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (kind is null || !SceneKinds.All.Contains(kind))
        {
            errors["kind"] = [$"The kind must be one of {string.Join(", ", SceneKinds.All)}."];
            return errors;
        }
        if (targetId is null)
        {
            if (SceneKinds.NeedsTarget(kind)) errors["targetId"] = [$"A {kind} scene needs the id of what it shows."];
            return errors;
        }
        if (!Slug.IsValid(targetId))
        {
            errors["targetId"] = [$"The target id {Slug.Rule}."];
        }
        else if (kind == SceneKinds.Blank)
        {
            errors["targetId"] = ["A blank scene shows nothing; leave targetId out."];
        }
        else if (kind is SceneKinds.Price or SceneKinds.Psm && pricingModeOfTarget != ModeOf(kind))
        {
            errors["targetId"] = [pricingModeOfTarget is null
                ? $"There is no pricing item '{targetId}' in this campaign."
                : $"The pricing item '{targetId}' is priced in {pricingModeOfTarget} mode; a {kind} scene needs a {ModeOf(kind)} item."];
        }
        else if (kind == SceneKinds.Vote && !target.IsQuestion)
        {
            errors["targetId"] = [$"There is no question '{targetId}' in this campaign."];
        }
        else if (kind == SceneKinds.Leaderboard && !target.IsContest)
        {
            errors["targetId"] = [$"There is no contest '{targetId}' in this campaign."];
        }
        else if (kind == SceneKinds.Counter && pricingModeOfTarget is null)
        {
            errors["targetId"] = [$"A counter counts the participants of a pricing item, and there is no pricing item '{targetId}' in this campaign; leave targetId out to count the whole campaign."];
        }
        return errors;
    }

    /// <summary>What happens when this command meets the current scene: nothing when it changes nothing.</summary>
    public static IReadOnlyList<object> Decide(Scene current, ChangeScene command)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(command);
        var next = new Scene(command.Kind, command.TargetId, command.RevealResults);
        return next == current ? [] : [new SceneChanged(command.CampaignId, command.Kind, command.TargetId, command.RevealResults, command.Actor)];
    }

    private static string ModeOf(string kind) => kind == SceneKinds.Psm ? Pricing.PricingModes.Psm : Pricing.PricingModes.Direct;
}
