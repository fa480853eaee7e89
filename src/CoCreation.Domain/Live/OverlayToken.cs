namespace CoCreation.Live;

/// <summary>A campaign's overlay token generations: the stream's version is the current generation (0 before any rotation).</summary>
public static class OverlayToken
{
    public static string StreamId(string campaignId) => $"overlay-token/{campaignId}";

    /// <summary>Where handing out the token is recorded; apart from <see cref="StreamId"/>, whose version is the generation.</summary>
    public static string IssuedStreamId(string campaignId) => $"overlay-token-issued/{campaignId}";

    public static OverlayTokenRotated Rotate(string campaignId, long currentGeneration, string actor) =>
        new(campaignId, checked((int)currentGeneration + 1), actor);
}
