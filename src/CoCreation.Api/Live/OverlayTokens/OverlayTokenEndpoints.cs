using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Live.Scenes;
using CoCreation.Api.Pricing;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Live.OverlayTokens;

/// <summary>The token the overlay page and the hub take as <c>?token=</c>; <see cref="Generation"/> counts rotations.</summary>
public sealed record OverlayTokenResponse(string CampaignId, string Token, int Generation, string OverlayUrl);

public static class OverlayTokenEndpoints
{
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// GET /api/campaigns/{campaignId}/overlay-token (admin): the current token. Handing out a credential is an admin
    /// action, so it is recorded (<see cref="OverlayTokenIssued"/>) for the audit before the token is returned.
    /// </summary>
    public static async Task<Results<Ok<OverlayTokenResponse>, ProblemHttpResult>> Get(
        string campaignId, Actor actor, EventStore.EventStore store, OverlayTokenSigner tokens, CancellationToken cancellationToken)
    {
        if (!await CampaignStream.ExistsAsync(store, campaignId, cancellationToken)) return Problems.NoCampaign(campaignId);
        var generation = await store.ReadStreamVersionAsync(OverlayToken.StreamId(campaignId), cancellationToken) ?? 0;
        await store.AppendAsync(OverlayToken.IssuedStreamId(campaignId), [new OverlayTokenIssued(campaignId, (int)generation, actor.Value)],
            new AppendOptions { Actor = actor.Value, StreamType = "overlay-token-issued" }, cancellationToken);
        return TypedResults.Ok(Response(campaignId, (int)generation, tokens));
    }

    /// <summary>POST /api/campaigns/{campaignId}/overlay-token/rotate (admin): a new token; the previous one stops working.</summary>
    public static async Task<Results<Ok<OverlayTokenResponse>, ProblemHttpResult>> Rotate(
        string campaignId, Actor actor, EventStore.EventStore store, OverlayTokenSigner tokens, ProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        if (!await CampaignStream.ExistsAsync(store, campaignId, cancellationToken)) return Problems.NoCampaign(campaignId);
        var streamId = OverlayToken.StreamId(campaignId);
        var generation = await store.ReadStreamVersionAsync(streamId, cancellationToken) ?? 0;
        var rotated = OverlayToken.Rotate(campaignId, generation, actor.Value);
        var result = await store.AppendAsync(streamId, [rotated], new AppendOptions
        {
            Expected = generation == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(generation),
            Actor = actor.Value,
            StreamType = "overlay-token",
        }, cancellationToken);
        // The old token must stop working on this node before the admin hands out the new one.
        await daemon.WaitForPositionAsync(LiveScenes.ProjectionName, result.LastSequence, ProjectionWait, cancellationToken);
        return TypedResults.Ok(Response(campaignId, rotated.Generation, tokens));
    }

    private static OverlayTokenResponse Response(string campaignId, int generation, OverlayTokenSigner tokens)
    {
        var token = tokens.For(campaignId, generation);
        return new(campaignId, token, generation, $"/overlay/{campaignId}?token={token}");
    }
}
