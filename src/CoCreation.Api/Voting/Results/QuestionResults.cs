using CoCreation.Api.Infrastructure;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Voting;

namespace CoCreation.Api.Voting.Results;

/// <summary>What the results need from a question's definition; a change of anything but the labels changes what ballots mean.</summary>
internal sealed record BallotShape(string Kind, IReadOnlyList<QuestionOption> Options, int? MaxChoices, int? Budget)
{
    public bool SameBallotsAs(BallotShape other) =>
        Kind == other.Kind && MaxChoices == other.MaxChoices && Budget == other.Budget
        && Options.Select(o => o.Id).SequenceEqual(other.Options.Select(o => o.Id), StringComparer.Ordinal);
}

/// <summary>A person's current ballot, kept small: option indexes with values, channel and region as label indexes (region −1 = none).</summary>
internal readonly record struct CurrentBallot(TallyMark[] Marks, int Channel, int Region)
{
    public CutKey[] Cuts() => CutKey.Of(Channel, Region);
}

/// <summary>
/// One question's live results: a <see cref="VoteTally"/> per cut (all, channel, region, channel × region) and every
/// person's current ballot, which is what lets a replaced ballot be removed exactly (O(options) per ballot).
/// Memory: tallies are O(options × cuts), the ballot map O(people × marks). Every member takes the question's lock.
/// </summary>
internal sealed partial class QuestionResults
{
    private const int MaxCachedReads = 256;

    private readonly Lock _lock = new();
    private readonly Labels _channels = new();
    private readonly Labels _regions = new();
    private readonly Dictionary<CutKey, VoteTally> _cuts = [];
    private readonly Dictionary<Guid, CurrentBallot> _ballots = [];
    private readonly Dictionary<(string? Channel, string? Region), VoteResultsResponse> _reads = [];
    private BallotShape _shape;
    private Dictionary<string, int> _optionIndexes;
    private StatsAsOf _asOf;

    private QuestionResults(string campaignId, string questionId, BallotShape shape, StatsAsOf asOf)
    {
        CampaignId = campaignId;
        QuestionId = questionId;
        _shape = shape;
        _optionIndexes = IndexesOf(shape);
        _asOf = asOf;
    }

    public string CampaignId { get; }

    public string QuestionId { get; }

    /// <summary>The sequence of the last event the results include, without computing them.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock) return _asOf.Sequence;
        }
    }

    public static QuestionResults Define(string campaignId, string questionId, BallotShape shape, StatsAsOf asOf) => new(campaignId, questionId, shape, asOf);

    /// <summary>Takes a new definition; one that changes what ballots mean starts over (the write side allows it only before voting).</summary>
    /// <returns>How many ballots were dropped.</returns>
    public int Update(BallotShape shape, StatsAsOf asOf)
    {
        lock (_lock)
        {
            var dropped = 0;
            if (!shape.SameBallotsAs(_shape))
            {
                dropped = _ballots.Count;
                _ballots.Clear();
                _cuts.Clear();
            }
            _shape = shape;
            _optionIndexes = IndexesOf(shape);
            Changed(asOf);
            return dropped;
        }
    }

    /// <summary>Replaces the person's ballot in every cut; null when it applied, else why the ballot was ignored.</summary>
    public string? Cast(BallotCast e, StatsAsOf asOf)
    {
        lock (_lock)
        {
            Changed(asOf);
            if (Check(e) is { } problem) return problem;
            var marks = e.Marks.Select(m => new TallyMark(_optionIndexes[m.OptionId], m.Value)).ToArray();
            var ballot = new CurrentBallot(marks, _channels.Intern(e.Channel), e.Region is null ? CutKey.Any : _regions.Intern(e.Region));
            if (_ballots.TryGetValue(e.ParticipantId, out var previous)) Count(previous, add: false);
            Count(ballot, add: true);
            _ballots[e.ParticipantId] = ballot;
            return null;
        }
    }

    public bool HasChannel(string channel)
    {
        lock (_lock) return _channels.Find(channel) is not null;
    }

    /// <summary>The results of a cut (null channel/region = not filtered), computed once per cut and <see cref="StatsAsOf"/>.</summary>
    public VoteResultsResponse Read(string? channel, string? region)
    {
        lock (_lock)
        {
            if (_reads.TryGetValue((channel, region), out var cached)) return cached;
            var response = Compute(channel, region);
            if (_reads.Count >= MaxCachedReads) _reads.Clear();
            _reads[(channel, region)] = response;
            return response;
        }
    }

    private VoteResultsResponse Compute(string? channel, string? region)
    {
        var tally = Find(channel, region) ?? new VoteTally(_shape.Options.Count);
        var figures = tally.Summarize(_shape.Kind);
        var options = _shape.Options.Select((option, i) =>
        {
            var f = figures[i];
            return new OptionResult(option.Id, option.Label, f.Votes, f.Share, [f.Low, f.High], f.MeanScore, f.Points, f.PeopleShare,
                f.PeopleLow is { } low && f.PeopleHigh is { } high ? [low, high] : null);
        }).ToList();
        return new VoteResultsResponse(QuestionId, _shape.Kind, tally.Participants, _asOf, options);
    }

    private VoteTally? Find(string? channel, string? region)
    {
        int? channelIndex = channel is null ? CutKey.Any : _channels.Find(channel);
        int? regionIndex = region is null ? CutKey.Any : _regions.Find(region);
        return channelIndex is null || regionIndex is null ? null : _cuts.GetValueOrDefault(new CutKey(channelIndex.Value, regionIndex.Value));
    }

    private void Count(CurrentBallot ballot, bool add)
    {
        foreach (var key in ballot.Cuts())
        {
            if (!_cuts.TryGetValue(key, out var tally)) _cuts[key] = tally = new VoteTally(_shape.Options.Count);
            if (add) tally.Add(ballot.Marks);
            else tally.Remove(ballot.Marks);
        }
    }

    private void Changed(StatsAsOf asOf)
    {
        _asOf = asOf;
        _reads.Clear();
    }

    /// <summary>The write side validates ballots; this guards the tallies against a log that disagrees (it should not).</summary>
    private string? Check(BallotCast e)
    {
        if (e.Marks.Count == 0) return "the ballot has no marks";
        if (e.Marks.FirstOrDefault(m => !_optionIndexes.ContainsKey(m.OptionId)) is { } unknown) return $"'{unknown.OptionId}' is not an option";
        if (e.Marks.Select(m => m.OptionId).Distinct(StringComparer.Ordinal).Count() != e.Marks.Count) return "an option is marked twice";
        return _shape.Kind switch
        {
            QuestionKinds.Single when e.Marks.Count != 1 || e.Marks[0].Value != 1 => "a single-choice ballot must choose one option",
            QuestionKinds.Multi when e.Marks.Count > (_shape.MaxChoices ?? _shape.Options.Count) || e.Marks.Any(m => m.Value != 1) => "too many choices",
            QuestionKinds.Score when e.Marks.Any(m => m.Value is < CastBallot.MinScore or > CastBallot.MaxScore) => "a score is outside 1..5",
            QuestionKinds.Points when e.Marks.Any(m => m.Value <= 0) || e.Marks.Sum(m => (long)m.Value) > _shape.Budget => "the points break the budget",
            _ => null,
        };
    }

    private static Dictionary<string, int> IndexesOf(BallotShape shape) =>
        shape.Options.Select((o, i) => (o.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
}
