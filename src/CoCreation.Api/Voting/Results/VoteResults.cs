using CoCreation.Api.Infrastructure;
using System.Collections.Concurrent;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Voting;

namespace CoCreation.Api.Voting.Results;

/// <summary>
/// The live results of every question, on every node, from the committed log (see <see cref="QuestionResults"/>).
/// A ballot the question cannot take (the write side validates, so this should not happen) is logged and
/// ignored, never thrown, so every node steps over it alike.
/// </summary>
public sealed class VoteResults(ILogger<VoteResults> logger) : ILiveProjection
{
    public const string ProjectionName = "vote-results";

    /// <summary>Version 1 of the snapshot format, see <see cref="CreateSnapshot"/>.</summary>
    private const byte SnapshotFormat = 1;

    private volatile ConcurrentDictionary<(string CampaignId, string QuestionId), QuestionResults> _questions = new();

    public string Name => ProjectionName;

    public string Version => "1";

    /// <summary>Whether the question was ever defined.</summary>
    public bool Knows(string campaignId, string questionId) => _questions.ContainsKey((campaignId, questionId));

    /// <summary>Whether any ballot on the question came through <paramref name="channel"/>.</summary>
    public bool HasChannel(string campaignId, string questionId, string channel) =>
        _questions.TryGetValue((campaignId, questionId), out var question) && question.HasChannel(channel);

    /// <summary>The campaign's questions and the sequence of the last event each one's results include; no results computed.</summary>
    public IEnumerable<(string QuestionId, long Sequence)> QuestionsOf(string campaignId) =>
        _questions.Where(kv => kv.Key.CampaignId == campaignId).Select(kv => (kv.Key.QuestionId, kv.Value.Sequence));

    /// <summary>The results of a question's cut (channel, region: null = not filtered); null when the question is unknown.</summary>
    public VoteResultsResponse? Read(string campaignId, string questionId, string? channel, string? region) =>
        _questions.TryGetValue((campaignId, questionId), out var question) ? question.Read(channel, region) : null;

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var questions = _questions;
        foreach (var e in events)
        {
            var asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            switch (e.Data)
            {
                case QuestionDefined d:
                    Define(questions, d.CampaignId, d.QuestionId, new BallotShape(d.Kind, d.Options, d.MaxChoices, d.Budget), asOf);
                    break;
                case QuestionUpdated u:
                    Define(questions, u.CampaignId, u.QuestionId, new BallotShape(u.Kind, u.Options, u.MaxChoices, u.Budget), asOf);
                    break;
                case BallotCast b when questions.TryGetValue((b.CampaignId, b.QuestionId), out var question):
                    if (question.Cast(b, asOf) is { } problem)
                    {
                        logger.LogError("Vote results ignore ballot {Sequence} on {Campaign}/{Question}: {Problem}", e.Sequence, b.CampaignId, b.QuestionId, problem);
                    }
                    break;
                case BallotCast b:
                    logger.LogError("Vote results ignore ballot {Sequence}: no question {Campaign}/{Question} was defined", e.Sequence, b.CampaignId, b.QuestionId);
                    break;
            }
        }
    }

    private void Define(ConcurrentDictionary<(string, string), QuestionResults> questions, string campaignId, string questionId, BallotShape shape, StatsAsOf asOf)
    {
        if (!questions.TryGetValue((campaignId, questionId), out var question))
        {
            questions[(campaignId, questionId)] = QuestionResults.Define(campaignId, questionId, shape, asOf);
            return;
        }
        var dropped = question.Update(shape, asOf);
        if (dropped > 0)
        {
            logger.LogWarning("Vote results of {Campaign}/{Question} start over at {Sequence}: the ballots' shape changed under {Ballots} ballots", campaignId, questionId, asOf.Sequence, dropped);
        }
    }

    /// <summary>Format 1: a format byte, the question count, then each question (see <see cref="QuestionResults.WriteTo"/>). Bump <see cref="Version"/> with it.</summary>
    public byte[] CreateSnapshot()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            var questions = _questions.Values.ToList();
            writer.Write(SnapshotFormat);
            writer.Write(questions.Count);
            foreach (var question in questions) question.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var format = reader.ReadByte();
        if (format != SnapshotFormat) throw new InvalidDataException($"Unknown vote results snapshot format {format}.");
        var count = reader.ReadInt32();
        var questions = new ConcurrentDictionary<(string, string), QuestionResults>();
        for (var i = 0; i < count; i++)
        {
            var question = QuestionResults.ReadFrom(reader);
            questions[(question.CampaignId, question.QuestionId)] = question;
        }
        _questions = questions;
    }

    public void Reset() => _questions = new();
}
