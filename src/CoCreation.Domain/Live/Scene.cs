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

    public static string StreamId(string campaignId) => $"scene-{campaignId}";

    public static Scene From(SceneChanged e) => new(e.Kind, e.TargetId, e.RevealResults);
}

/// <summary>Switch a campaign's scene (PUT semantics: an omitted <c>revealResults</c> hides results).</summary>
public sealed record ChangeScene(string CampaignId, string Kind, string? TargetId, bool RevealResults, string Actor)
{
    /// <summary>
    /// Field → messages for everything wrong with the input; empty when it is valid. <paramref name="pricingModeOfTarget"/>
    /// is the mode of the pricing item named by <paramref name="targetId"/> in this campaign, null when there is none.
    /// Vote and leaderboard targets are only checked to be slugs until questions and contests exist.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string? kind, string? targetId, string? pricingModeOfTarget)
    {
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
