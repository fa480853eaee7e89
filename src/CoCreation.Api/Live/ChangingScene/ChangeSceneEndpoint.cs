using CoCreation.Api.Campaigns;
using CoCreation.Api.Contest;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Pricing;
using CoCreation.Api.Voting;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Live.ChangingScene;

public sealed record ChangeSceneRequest(string? Kind, string? TargetId, bool? RevealResults);

public static class ChangeSceneEndpoint
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>PUT /api/campaigns/{campaignId}/scene (host or admin): 200 with the scene now shown.</summary>
    public static async Task<Results<Ok<SceneResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string campaignId, ChangeSceneRequest request, Actor actor, EventStore.EventStore store, PricingItemCache items,
        LiveScenes scenes, ProjectionDaemon daemon, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await CampaignStream.ExistsAsync(store, campaignId, cancellationToken)) return Problems.NoCampaign(campaignId);

        var target = request.TargetId is { } targetId && Slug.IsValid(targetId)
            ? await ResolveAsync(campaignId, request.Kind, targetId, store, items, cancellationToken)
            : SceneTarget.None;
        var errors = ChangeScene.Validate(request.Kind, request.TargetId, target);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "The scene is not valid; see errors.");

        var command = new ChangeScene(campaignId, request.Kind!, request.TargetId, request.RevealResults ?? false, actor.Value);
        var streamId = Scene.StreamId(campaignId);
        var (current, version) = await LoadAsync(store, streamId, cancellationToken);
        var events = ChangeScene.Decide(current, command);
        if (events.Count == 0) return TypedResults.Ok(scenes.SceneOf(campaignId));

        var result = await store.AppendAsync(streamId, events, new AppendOptions
        {
            Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
            Actor = actor.Value,
            StreamType = "scene",
        }, cancellationToken);
        // Read-your-writes for the host: a GET on this node right after shows the new scene.
        // Past the wait the answer carries this node's clock instead of the event's timestamp; the push follows shortly.
        return await daemon.WaitForPositionAsync(LiveScenes.ProjectionName, result.LastSequence, ProjectionWait, cancellationToken)
            ? TypedResults.Ok(scenes.SceneOf(campaignId))
            : TypedResults.Ok(new SceneResponse(campaignId, command.Kind, command.TargetId, command.RevealResults, new SceneAsOf(result.LastSequence, time.GetUtcNow())));
    }

    /// <summary>Looks the target up only where the scene's kind says it should be: one read at most.</summary>
    private static async Task<SceneTarget> ResolveAsync(
        string campaignId, string? kind, string targetId, EventStore.EventStore store, PricingItemCache items, CancellationToken cancellationToken) =>
        kind switch
        {
            SceneKinds.Vote => new SceneTarget(IsQuestion: await QuestionStream.ExistsAsync(store, campaignId, targetId, cancellationToken)),
            SceneKinds.Leaderboard => new SceneTarget(IsContest: await ContestStream.ExistsAsync(store, campaignId, targetId, cancellationToken)),
            SceneKinds.Price or SceneKinds.Psm or SceneKinds.Counter => new SceneTarget((await items.GetAsync(campaignId, targetId, cancellationToken))?.Mode),
            _ => SceneTarget.None,
        };

    /// <summary>The scene as the stream's last event says (host actions are few: the stream is read from its last version).</summary>
    private static async Task<(Scene Current, long Version)> LoadAsync(EventStore.EventStore store, string streamId, CancellationToken cancellationToken)
    {
        var version = await store.ReadStreamVersionAsync(streamId, cancellationToken) ?? 0;
        if (version == 0) return (Scene.Blank, 0);
        var last = await store.ReadStreamAsync(streamId, fromVersion: version, cancellationToken: cancellationToken);
        return (last is [{ Data: SceneChanged changed }] ? Scene.From(changed) : Scene.Blank, version);
    }
}
